#include "data/ProceduralDataset.h"

#include "common/Errors.h"
#include "data/ProceduralShapes.h"

#include <cmath>
#include <sstream>

namespace pointq {

namespace {

uint64_t parsePositive(const std::string& spec, const std::string& key, const std::string& value)
{
    size_t used = 0;
    unsigned long long parsed = 0;
    try {
        parsed = std::stoull(value, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != value.size() || value.empty() || value[0] == '-')
        throw DataError("'" + value + "' is not a non-negative integer", spec, "key " + key);
    return parsed;
}

// Rotation about y by `turn`, then small tilts about x and z.
ShapePoint pose(const ShapePoint& p, double turn, double tiltX, double tiltZ)
{
    const double x1 = std::cos(turn) * p[0] + std::sin(turn) * p[2];
    const double z1 = -std::sin(turn) * p[0] + std::cos(turn) * p[2];
    const double y2 = std::cos(tiltX) * p[1] - std::sin(tiltX) * z1;
    const double z2 = std::sin(tiltX) * p[1] + std::cos(tiltX) * z1;
    const double x3 = std::cos(tiltZ) * x1 - std::sin(tiltZ) * y2;
    const double y3 = std::sin(tiltZ) * x1 + std::cos(tiltZ) * y2;
    return {x3, y3, z2};
}

} // namespace

bool isProceduralSpec(const std::string& spec)
{
    return spec.rfind(kProceduralPrefix, 0) == 0;
}

ProceduralOptions parseProceduralSpec(const std::string& spec)
{
    if (!isProceduralSpec(spec))
        throw DataError("a procedural data spec starts with 'procedural:'", spec);
    ProceduralOptions options;
    std::istringstream items(spec.substr(std::string(kProceduralPrefix).size()));
    std::string item;
    while (std::getline(items, item, ',')) {
        if (item.empty())
            continue;
        const size_t equals = item.find('=');
        if (equals == std::string::npos)
            throw DataError("'" + item + "' is not KEY=VALUE; keys: classes, train, test, points, seed", spec);
        const std::string key = item.substr(0, equals);
        const uint64_t value = parsePositive(spec, key, item.substr(equals + 1));
        if (key == "classes")
            options.classes = value;
        else if (key == "train")
            options.trainPerClass = value;
        else if (key == "test")
            options.testPerClass = value;
        else if (key == "points")
            options.points = static_cast<int64_t>(value);
        else if (key == "seed")
            options.seed = value;
        else
            throw DataError("unknown key '" + key + "'; keys: classes, train, test, points, seed", spec);
    }
    const size_t available = proceduralShapeNames().size();
    if (options.classes < 2 || options.classes > available)
        throw DataError("classes must be between 2 and " + std::to_string(available) + ", got "
                            + std::to_string(options.classes),
                        spec, "key classes");
    if (options.points < 16)
        throw DataError("points must be at least 16, got " + std::to_string(options.points), spec, "key points");
    if (options.trainPerClass + options.testPerClass == 0)
        throw DataError("train and test are both 0, so there are no clouds", spec, "key train");
    return options;
}

std::string proceduralSpec(const ProceduralOptions& options)
{
    return std::string(kProceduralPrefix) + "classes=" + std::to_string(options.classes)
           + ",train=" + std::to_string(options.trainPerClass) + ",test=" + std::to_string(options.testPerClass)
           + ",points=" + std::to_string(options.points) + ",seed=" + std::to_string(options.seed);
}

ProceduralDataset::ProceduralDataset(ProceduralOptions options, const std::string& split)
    : m_options(options)
    , m_split(normalizeSplit(split))
{
    const std::vector<std::string>& names = proceduralShapeNames();
    if (m_options.classes < 1 || m_options.classes > names.size() || m_options.points < 1)
        throw DataError("invalid procedural options: " + std::to_string(m_options.classes) + " classes (1 to "
                            + std::to_string(names.size()) + ") and " + std::to_string(m_options.points) + " points",
                        proceduralSpec(m_options));
    m_classNames.assign(names.begin(), names.begin() + static_cast<long>(m_options.classes));
}

size_t ProceduralDataset::size() const
{
    const size_t perClass = m_split == "train" ? m_options.trainPerClass : m_options.testPerClass;
    return perClass * m_options.classes;
}

Sample ProceduralDataset::get(size_t index) const
{
    if (index >= size())
        throw std::out_of_range("procedural sample " + std::to_string(index) + " of the " + m_split + " split is out of range");
    const size_t shape = index % m_options.classes;
    // The split and index pick an independent stream, so the test split never repeats a train cloud.
    const uint64_t stream = (m_split == "train" ? 0x7472ull : 0x7465ull) << 40;
    ShapeRandom random(m_options.seed * 0x9E3779B97F4A7C15ull ^ (stream + index));
    const double turn = random.uniform(0.0, 2.0 * 3.14159265358979323846);
    const double tiltX = random.uniform(-0.15, 0.15), tiltZ = random.uniform(-0.15, 0.15);
    const ShapePoint scale{random.uniform(0.8, 1.2), random.uniform(0.8, 1.2), random.uniform(0.8, 1.2)};
    const double noise = random.uniform(0.002, 0.015);

    const auto points = sampleProceduralShape(shape, static_cast<size_t>(m_options.points), random);
    at::Tensor positions = at::empty({m_options.points, 3}, at::kFloat);
    float* out = positions.data_ptr<float>();
    for (size_t i = 0; i < points.size(); ++i) {
        const ShapePoint scaled{points[i][0] * scale[0], points[i][1] * scale[1], points[i][2] * scale[2]};
        const ShapePoint posed = pose(scaled, turn, tiltX, tiltZ);
        for (int j = 0; j < 3; ++j)
            out[i * 3 + j] = static_cast<float>(posed[j] + noise * random.normal());
    }

    Sample sample;
    sample.cloud.positions = positions;
    sample.label = static_cast<int64_t>(shape);
    sample.name = "procedural_" + m_split + "_" + m_classNames[shape] + "_" + std::to_string(index);
    return sample;
}

std::string ProceduralDataset::description() const
{
    return "SYNTHETIC procedural shapes, not real data: " + m_split + " split, " + std::to_string(size()) + " clouds of "
           + std::to_string(m_options.points) + " points, " + std::to_string(m_options.classes) + " classes ("
           + proceduralSpec(m_options) + ")";
}

PreprocessOptions ProceduralDataset::preprocessOptions(int64_t numPoints) const
{
    return firstPointsNormalized(numPoints);
}

} // namespace pointq
