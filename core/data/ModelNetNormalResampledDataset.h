#pragma once

#include "data/Dataset.h"

namespace pointq {

/// The modelnet40_normal_resampled layout of PointNet++: modelnet40_shape_names.txt
/// (label = line index), modelnet40_<split>.txt listing
/// shape names such as "night_stand_0201", and <class>/<shape>.txt files of
/// x,y,z,nx,ny,nz rows, where the class is the shape name without its trailing
/// "_<number>".
class ModelNetNormalResampledDataset : public Dataset {
public:
    /// root is the folder containing modelnet40_shape_names.txt. Throws DataError
    /// naming the file and line for a missing list or shape file, a malformed
    /// shape name or an unknown class, and ConfigError for an unknown split.
    explicit ModelNetNormalResampledDataset(const std::string& root, const std::string& split = "test");

    size_t size() const override { return m_shapes.size(); }
    Sample get(size_t index) const override;
    const std::vector<std::string>& classNames() const override { return m_classNames; }
    std::string description() const override;
    std::vector<std::string> files() const override;
    /// First numPoints rows, then pc_normalize: the preprocessing of the PointQ parity fixture.
    PreprocessOptions preprocessOptions(int64_t numPoints) const override;

private:
    struct Shape {
        std::string name;
        std::string file;
        int64_t label = 0;
    };

    std::string m_root;
    std::string m_split;
    std::string m_listFile;
    std::vector<std::string> m_classNames;
    std::vector<Shape> m_shapes;
};

} // namespace pointq
