#include "data/SyntheticDataset.h"

#include "common/Errors.h"
#include "common/Plural.h"

#include <array>
#include <cmath>

namespace pointq {
namespace {

constexpr double kPi = 3.14159265358979323846;

// splitmix64: a fixed, portable generator, because the standard distributions
// may give different values with different standard libraries.
class Random {
public:
    explicit Random(uint64_t seed) : m_state(seed) {}

    uint64_t next()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    uint64_t m_state;
};

using Point = std::array<double, 3>;

Point spherePoint(Random& random)
{
    const double y = 2.0 * random.uniform() - 1.0;
    const double angle = 2.0 * kPi * random.uniform();
    const double radius = std::sqrt(1.0 - y * y);
    return {radius * std::cos(angle), y, radius * std::sin(angle)};
}

Point cubePoint(Random& random)
{
    const auto face = static_cast<int>(random.uniform() * 6.0);
    const double a = 1.2 * random.uniform() - 0.6;
    const double b = 1.2 * random.uniform() - 0.6;
    const double side = face % 2 == 0 ? 0.6 : -0.6;
    if (face < 2)
        return {side, a, b};
    if (face < 4)
        return {a, side, b};
    return {a, b, side};
}

// Radius 0.5, height 1.6; side and caps are chosen in proportion to their areas.
Point cylinderPoint(Random& random)
{
    const double angle = 2.0 * kPi * random.uniform();
    const double sideArea = 2.0 * kPi * 0.5 * 1.6;
    const double capArea = kPi * 0.25;
    if (random.uniform() * (sideArea + 2.0 * capArea) < sideArea)
        return {0.5 * std::cos(angle), 1.6 * random.uniform() - 0.8, 0.5 * std::sin(angle)};
    const double radius = 0.5 * std::sqrt(random.uniform());
    const double y = random.uniform() < 0.5 ? -0.8 : 0.8;
    return {radius * std::cos(angle), y, radius * std::sin(angle)};
}

// Apex at y = 0.8, base of radius 0.6 at y = -0.8.
Point conePoint(Random& random)
{
    const double angle = 2.0 * kPi * random.uniform();
    const double lateralArea = kPi * 0.6 * std::sqrt(0.36 + 2.56);
    const double baseArea = kPi * 0.36;
    if (random.uniform() * (lateralArea + baseArea) < lateralArea) {
        // The lateral area up to distance t from the apex grows with t², hence the square root.
        const double t = std::sqrt(random.uniform());
        return {0.6 * t * std::cos(angle), 0.8 - 1.6 * t, 0.6 * t * std::sin(angle)};
    }
    const double radius = 0.6 * std::sqrt(random.uniform());
    return {radius * std::cos(angle), -0.8, radius * std::sin(angle)};
}

// Ring radius 0.7, tube radius 0.25; rejection keeps the density uniform on the surface.
Point torusPoint(Random& random)
{
    while (true) {
        const double around = 2.0 * kPi * random.uniform();
        const double tube = 2.0 * kPi * random.uniform();
        if (random.uniform() * 0.95 > 0.7 + 0.25 * std::cos(tube))
            continue;
        const double ring = 0.7 + 0.25 * std::cos(tube);
        return {ring * std::cos(around), 0.25 * std::sin(tube), ring * std::sin(around)};
    }
}

} // namespace

SyntheticDataset::SyntheticDataset(SyntheticOptions options)
    : m_options(options), m_classNames({"sphere", "cube", "cylinder", "cone", "torus"})
{
    if (m_options.count == 0 || m_options.pointsPerCloud <= 0)
        throw ConfigError("a synthetic data set needs at least one cloud of at least one point", {}, "synthetic");
}

Sample SyntheticDataset::get(size_t index) const
{
    if (index >= m_options.count)
        throw std::out_of_range("synthetic sample " + std::to_string(index) + " is out of range");
    const size_t shape = index % m_classNames.size();
    Random random(m_options.seed * 0x100000001B3ull + index);
    const double rotation = 2.0 * kPi * random.uniform();
    const double scale = 0.8 + 0.2 * random.uniform();
    const double cosine = std::cos(rotation);
    const double sine = std::sin(rotation);

    at::Tensor positions = at::empty({m_options.pointsPerCloud, 3}, at::kFloat);
    float* out = positions.data_ptr<float>();
    for (int64_t i = 0; i < m_options.pointsPerCloud; ++i) {
        Point p;
        switch (shape) {
        case 0: p = spherePoint(random); break;
        case 1: p = cubePoint(random); break;
        case 2: p = cylinderPoint(random); break;
        case 3: p = conePoint(random); break;
        default: p = torusPoint(random); break;
        }
        const double x = cosine * p[0] + sine * p[2];
        const double z = -sine * p[0] + cosine * p[2];
        const Point rotated = {x, p[1], z};
        for (int j = 0; j < 3; ++j)
            out[i * 3 + j] = static_cast<float>(scale * rotated[j] + 0.01 * (random.uniform() - 0.5));
    }

    Sample sample;
    sample.cloud.positions = positions;
    sample.label = static_cast<int64_t>(shape);
    sample.name = "synthetic_" + m_classNames[shape] + "_" + std::to_string(index);
    return sample;
}

std::string SyntheticDataset::description() const
{
    std::string classes;
    for (const std::string& name : m_classNames)
        classes += (classes.empty() ? "" : ", ") + name;
    return "SYNTHETIC procedural clouds, not real data: " + countedNoun(static_cast<int64_t>(m_options.count), "cloud", "clouds") + " of "
           + countedNoun(m_options.pointsPerCloud, "point", "points") + ", "
           + countedNoun(static_cast<int64_t>(m_classNames.size()), "class", "classes") + " (" + classes + "), seed "
           + std::to_string(m_options.seed);
}

PreprocessOptions SyntheticDataset::preprocessOptions(int64_t numPoints) const
{
    return firstPointsNormalized(numPoints);
}

} // namespace pointq
