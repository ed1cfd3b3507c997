#pragma once

#include "data/Dataset.h"

#include <cstdint>
#include <string>

namespace pointq {

/// Settings of a procedural shape data set, as `--data procedural:KEY=VALUE,...` gives them.
struct ProceduralOptions {
    size_t classes = 10;         ///< the first `classes` of proceduralShapeNames()
    size_t trainPerClass = 100;  ///< clouds per class in the train split
    size_t testPerClass = 30;    ///< clouds per class in the test split
    int64_t points = 1024;       ///< points per cloud
    uint64_t seed = 1;
};

/// Prefix of a --data value that selects procedural shapes.
constexpr const char* kProceduralPrefix = "procedural:";

/// True when a --data value starts with "procedural:".
bool isProceduralSpec(const std::string& spec);

/// Parses "procedural:classes=10,train=100,test=30,points=1024,seed=1". Every key is
/// optional. Throws DataError naming the spec and the key for an unknown key, a value
/// that is not a non-negative integer, classes outside 2 to 12, fewer than 16 points,
/// or train and test both 0.
ProceduralOptions parseProceduralSpec(const std::string& spec);

/// The spec that parseProceduralSpec() reads back to the same options.
std::string proceduralSpec(const ProceduralOptions& options);

/// Labelled clouds of procedural shapes (see sampleProceduralShape) with a fixed split:
/// cloud i of a split has class i % classes and is generated from (seed, split, i)
/// alone, so train and test never share a cloud and every run gets the same clouds
/// with the same C math library. Each cloud is rotated about the y axis by a uniform
/// angle, tilted by up to 0.15 rad about x and z, scaled by 0.8 to 1.2 per axis and
/// jittered with Gaussian noise of a standard deviation between 0.002 and 0.015.
class ProceduralDataset : public Dataset {
public:
    /// split is "train", or "test" / "val". Throws ConfigError for another split and
    /// DataError for a class count or point count out of range.
    ProceduralDataset(ProceduralOptions options, const std::string& split);

    size_t size() const override;
    Sample get(size_t index) const override;
    const std::vector<std::string>& classNames() const override { return m_classNames; }
    /// Starts with "SYNTHETIC" so that reports cannot pass it off as real data.
    std::string description() const override;
    std::vector<std::string> files() const override { return {}; }
    bool isSynthetic() const override { return true; }
    /// The first numPoints points (generated in random order) and pc_normalize.
    PreprocessOptions preprocessOptions(int64_t numPoints) const override;

    const ProceduralOptions& options() const { return m_options; }

private:
    ProceduralOptions m_options;
    std::string m_split;
    std::vector<std::string> m_classNames;
};

} // namespace pointq
