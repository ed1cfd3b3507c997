#pragma once

#include "data/Dataset.h"

#include <cstdint>

namespace pointq {

struct SyntheticOptions {
    size_t count = 40;
    int64_t pointsPerCloud = 2048;
    uint64_t seed = 0;
};

/// Procedural clouds for trying the tool without data. Each cloud samples the
/// surface of a sphere, cube, cylinder, cone or torus (sample i has class i % 5)
/// and is randomly rotated about the y axis, scaled and jittered. The same
/// options give the same clouds with the same C math library, whose cos and sin
/// may differ in the last bit elsewhere. openDataset never returns this class,
/// so callers construct it only when the user asks for synthetic data.
class SyntheticDataset : public Dataset {
public:
    explicit SyntheticDataset(SyntheticOptions options = {});

    size_t size() const override { return m_options.count; }
    Sample get(size_t index) const override;
    const std::vector<std::string>& classNames() const override { return m_classNames; }
    /// Starts with "SYNTHETIC" so reports cannot pass it off as real data.
    std::string description() const override;
    std::vector<std::string> files() const override { return {}; }
    bool isSynthetic() const override { return true; }
    /// First numPoints points (the points are generated in random order) and pc_normalize.
    PreprocessOptions preprocessOptions(int64_t numPoints) const override;

private:
    SyntheticOptions m_options;
    std::vector<std::string> m_classNames;
};

} // namespace pointq
