#include "data/ProceduralShapes.h"

#include <cmath>
#include <functional>
#include <stdexcept>

namespace pointq {

namespace {

constexpr double kPi = 3.14159265358979323846;

// One surface patch of a shape: its area and a sampler of uniform points on it.
struct Part {
    double area = 0.0;
    std::function<ShapePoint(ShapeRandom&)> sample;
};

ShapePoint add(const ShapePoint& a, const ShapePoint& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }

// Axis-aligned box surface. Faces are chosen in proportion to their areas.
Part boxPart(ShapePoint centre, ShapePoint half)
{
    const double xy = half[0] * half[1], yz = half[1] * half[2], xz = half[0] * half[2];
    Part part;
    part.area = 8.0 * (xy + yz + xz);
    part.sample = [=](ShapeRandom& random) {
        const double pick = random.uniform() * (xy + yz + xz);
        const double side = random.uniform() < 0.5 ? -1.0 : 1.0;
        const double a = random.uniform(-1.0, 1.0), b = random.uniform(-1.0, 1.0);
        ShapePoint local;
        if (pick < xy)
            local = {a * half[0], b * half[1], side * half[2]};
        else if (pick < xy + yz)
            local = {side * half[0], a * half[1], b * half[2]};
        else
            local = {a * half[0], side * half[1], b * half[2]};
        return add(centre, local);
    };
    return part;
}

// Cylinder along `axis` (0 x, 1 y, 2 z) with optional caps at either end.
Part cylinderPart(ShapePoint centre, double radius, double halfLength, int axis, bool lowCap, bool highCap)
{
    const double sideArea = 2.0 * kPi * radius * 2.0 * halfLength;
    const double capArea = kPi * radius * radius;
    const double caps = (lowCap ? capArea : 0.0) + (highCap ? capArea : 0.0);
    Part part;
    part.area = sideArea + caps;
    part.sample = [=](ShapeRandom& random) {
        const double angle = 2.0 * kPi * random.uniform();
        double along = 0.0, distance = radius;
        if (random.uniform() * (sideArea + caps) < sideArea) {
            along = random.uniform(-halfLength, halfLength);
        } else {
            const bool low = lowCap && (!highCap || random.uniform() < 0.5);
            along = low ? -halfLength : halfLength;
            distance = radius * std::sqrt(random.uniform());
        }
        const double u = distance * std::cos(angle), v = distance * std::sin(angle);
        const ShapePoint local = axis == 0 ? ShapePoint{along, u, v} : axis == 1 ? ShapePoint{u, along, v} : ShapePoint{u, v, along};
        return add(centre, local);
    };
    return part;
}

Part ellipsoidPart(ShapePoint centre, ShapePoint radii)
{
    // Parts are weighted by the area of a sphere of the mean radius, which is close
    // enough for a mildly stretched sphere. Points are spread by direction.
    const double mean = (radii[0] + radii[1] + radii[2]) / 3.0;
    Part part;
    part.area = 4.0 * kPi * mean * mean;
    part.sample = [=](ShapeRandom& random) {
        const double y = random.uniform(-1.0, 1.0);
        const double angle = 2.0 * kPi * random.uniform();
        const double ring = std::sqrt(1.0 - y * y);
        return add(centre, {radii[0] * ring * std::cos(angle), radii[1] * y, radii[2] * ring * std::sin(angle)});
    };
    return part;
}

// Lateral surface of a cone along y, from a base circle at baseCentre to the apex `height`
// above it, with an optional base disc.
Part conePart(ShapePoint baseCentre, double radius, double height, bool withBase)
{
    const double lateral = kPi * radius * std::sqrt(radius * radius + height * height);
    const double base = withBase ? kPi * radius * radius : 0.0;
    Part part;
    part.area = lateral + base;
    part.sample = [=](ShapeRandom& random) {
        const double angle = 2.0 * kPi * random.uniform();
        if (random.uniform() * (lateral + base) < lateral) {
            // The lateral area up to distance t from the apex grows with t², hence the square root.
            const double t = std::sqrt(random.uniform());
            return add(baseCentre, {radius * t * std::cos(angle), height * (1.0 - t), radius * t * std::sin(angle)});
        }
        const double distance = radius * std::sqrt(random.uniform());
        return add(baseCentre, {distance * std::cos(angle), 0.0, distance * std::sin(angle)});
    };
    return part;
}

// Torus in the xz plane. Rejection sampling keeps the density uniform on the surface.
Part torusPart(ShapePoint centre, double ringRadius, double tubeRadius)
{
    Part part;
    part.area = 4.0 * kPi * kPi * ringRadius * tubeRadius;
    part.sample = [=](ShapeRandom& random) {
        while (true) {
            const double around = 2.0 * kPi * random.uniform();
            const double tube = 2.0 * kPi * random.uniform();
            const double ring = ringRadius + tubeRadius * std::cos(tube);
            if (random.uniform() * (ringRadius + tubeRadius) > ring)
                continue;
            return add(centre, {ring * std::cos(around), tubeRadius * std::sin(tube), ring * std::sin(around)});
        }
    };
    return part;
}

Part trianglePart(ShapePoint a, ShapePoint b, ShapePoint c)
{
    const ShapePoint ab{b[0] - a[0], b[1] - a[1], b[2] - a[2]};
    const ShapePoint ac{c[0] - a[0], c[1] - a[1], c[2] - a[2]};
    const ShapePoint cross{ab[1] * ac[2] - ab[2] * ac[1], ab[2] * ac[0] - ab[0] * ac[2], ab[0] * ac[1] - ab[1] * ac[0]};
    Part part;
    part.area = 0.5 * std::sqrt(cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]);
    part.sample = [=](ShapeRandom& random) {
        double u = random.uniform(), v = random.uniform();
        if (u + v > 1.0) {
            u = 1.0 - u;
            v = 1.0 - v;
        }
        return ShapePoint{a[0] + u * ab[0] + v * ac[0], a[1] + u * ab[1] + v * ac[1], a[2] + u * ab[2] + v * ac[2]};
    };
    return part;
}

// Four legs of half width `leg` under a rectangle of half extents (x, z), from the floor
// at y = -1 up to y = height - 1.
void addLegs(std::vector<Part>& parts, double x, double z, double leg, double height)
{
    for (const double sx : {-1.0, 1.0})
        for (const double sz : {-1.0, 1.0})
            parts.push_back(boxPart({sx * (x - leg), height / 2.0 - 1.0, sz * (z - leg)}, {leg, height / 2.0, leg}));
}

std::vector<Part> chairParts(ShapeRandom& random)
{
    const double seatHeight = random.uniform(0.7, 1.0), seat = random.uniform(0.45, 0.6);
    const double back = random.uniform(0.7, 1.0), leg = random.uniform(0.035, 0.06);
    std::vector<Part> parts;
    addLegs(parts, seat, seat, leg, seatHeight);
    parts.push_back(boxPart({0.0, seatHeight - 1.0 + 0.04, 0.0}, {seat, 0.04, seat}));
    parts.push_back(boxPart({0.0, seatHeight - 1.0 + 0.08 + back / 2.0, -seat + 0.04}, {seat, back / 2.0, 0.04}));
    return parts;
}

std::vector<Part> tableParts(ShapeRandom& random)
{
    const double height = random.uniform(1.0, 1.4), width = random.uniform(0.8, 1.0), depth = random.uniform(0.45, 0.7);
    const double leg = random.uniform(0.035, 0.06);
    std::vector<Part> parts;
    addLegs(parts, width, depth, leg, height);
    parts.push_back(boxPart({0.0, height - 1.0 + 0.04, 0.0}, {width, 0.04, depth}));
    return parts;
}

std::vector<Part> pyramidParts(ShapeRandom& random)
{
    const double half = random.uniform(0.7, 1.0), height = random.uniform(1.2, 1.8);
    const ShapePoint apex{0.0, height / 2.0, 0.0};
    const double y = -height / 2.0;
    const ShapePoint corners[4] = {{-half, y, -half}, {half, y, -half}, {half, y, half}, {-half, y, half}};
    std::vector<Part> parts;
    for (int i = 0; i < 4; ++i)
        parts.push_back(trianglePart(corners[i], corners[(i + 1) % 4], apex));
    parts.push_back(trianglePart(corners[0], corners[1], corners[2]));
    parts.push_back(trianglePart(corners[0], corners[2], corners[3]));
    return parts;
}

std::vector<Part> cupParts(ShapeRandom& random)
{
    const double radius = random.uniform(0.45, 0.65), half = random.uniform(0.5, 0.8), wall = 0.06;
    return {cylinderPart({0.0, 0.0, 0.0}, radius, half, 1, true, false),
            cylinderPart({0.0, wall / 2.0, 0.0}, radius - wall, half - wall / 2.0, 1, true, false),
            torusPart({0.0, half, 0.0}, radius - wall / 2.0, wall / 2.0)};
}

std::vector<Part> dumbbellParts(ShapeRandom& random)
{
    const double length = random.uniform(0.6, 0.8), ball = random.uniform(0.25, 0.4), bar = random.uniform(0.06, 0.12);
    return {ellipsoidPart({-length, 0.0, 0.0}, {ball, ball, ball}), ellipsoidPart({length, 0.0, 0.0}, {ball, ball, ball}),
            cylinderPart({0.0, 0.0, 0.0}, bar, length, 0, false, false)};
}

std::vector<Part> lampParts(ShapeRandom& random)
{
    const double base = random.uniform(0.3, 0.45), pole = random.uniform(1.1, 1.4), shade = random.uniform(0.35, 0.55);
    const double top = pole - 1.0;
    return {cylinderPart({0.0, -0.97, 0.0}, base, 0.03, 1, true, true),
            cylinderPart({0.0, -1.0 + pole / 2.0, 0.0}, 0.03, pole / 2.0, 1, false, false),
            conePart({0.0, top - 0.15, 0.0}, shade, 0.6, false)};
}

std::vector<Part> shelfParts(ShapeRandom& random)
{
    const double width = random.uniform(0.5, 0.8), height = random.uniform(0.9, 1.0), depth = random.uniform(0.2, 0.35);
    const int boards = 3 + static_cast<int>(random.uniform() * 2.0);
    std::vector<Part> parts{boxPart({-width, 0.0, 0.0}, {0.03, height, depth}), boxPart({width, 0.0, 0.0}, {0.03, height, depth}),
                            boxPart({0.0, 0.0, -depth}, {width, height, 0.02})};
    for (int i = 0; i < boards; ++i) {
        const double y = -height + 2.0 * height * static_cast<double>(i) / static_cast<double>(boards - 1);
        parts.push_back(boxPart({0.0, y, 0.0}, {width, 0.025, depth}));
    }
    return parts;
}

std::vector<Part> shapeParts(size_t shape, ShapeRandom& random)
{
    switch (shape) {
    case 0: return {ellipsoidPart({0, 0, 0}, {random.uniform(0.85, 1.0), random.uniform(0.85, 1.0), random.uniform(0.85, 1.0)})};
    case 1: return {boxPart({0, 0, 0}, {random.uniform(0.6, 0.9), random.uniform(0.6, 0.9), random.uniform(0.6, 0.9)})};
    case 2: return {cylinderPart({0, 0, 0}, random.uniform(0.35, 0.6), random.uniform(0.7, 1.0), 1, true, true)};
    case 3: {
        const double height = random.uniform(1.4, 2.0);
        return {conePart({0, -height / 2.0, 0}, random.uniform(0.5, 0.8), height, true)};
    }
    case 4: return {torusPart({0, 0, 0}, random.uniform(0.6, 0.8), random.uniform(0.15, 0.3))};
    case 5: return pyramidParts(random);
    case 6: return chairParts(random);
    case 7: return tableParts(random);
    case 8: return cupParts(random);
    case 9: return dumbbellParts(random);
    case 10: return lampParts(random);
    case 11: return shelfParts(random);
    default: throw std::out_of_range("procedural shape class " + std::to_string(shape) + " does not exist");
    }
}

} // namespace

double ShapeRandom::normal()
{
    const double u = 1.0 - uniform();
    const double v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * kPi * v);
}

const std::vector<std::string>& proceduralShapeNames()
{
    static const std::vector<std::string> names{"sphere", "box",      "cylinder", "cone", "torus", "pyramid",
                                                "chair",  "table",    "cup",      "dumbbell", "lamp", "shelf"};
    return names;
}

std::vector<ShapePoint> sampleProceduralShape(size_t shape, size_t count, ShapeRandom& random)
{
    std::vector<Part> parts = shapeParts(shape, random);
    // Uneven density: each part gets a random weight on top of its area.
    std::vector<double> cumulative;
    double total = 0.0;
    for (const Part& part : parts) {
        total += part.area * random.uniform(0.5, 1.5);
        cumulative.push_back(total);
    }
    std::vector<ShapePoint> points;
    points.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        const double pick = random.uniform() * total;
        size_t index = 0;
        while (index + 1 < cumulative.size() && pick >= cumulative[index])
            ++index;
        points.push_back(parts[index].sample(random));
    }
    return points;
}

} // namespace pointq
