#pragma once

#include "data/Dataset.h"

namespace pointq {

/// openpoints' ModelNet40Ply2048 layout: modelnet40_ply_hdf5_2048/ply_data_<split>*.h5,
/// each with a float dataset "data" (N, P, 3) and an integer dataset "label"
/// (N, 1) or (N). Files are read in sorted name order (openpoints takes
/// glob order, which the file system decides). Class names come from
/// shape_names.txt beside the files, or else ModelNet40's 40 names in
/// openpoints' order. Shape names come from ply_data_<split>_<k>_id2name.txt
/// beside ply_data_<split><k>.h5 when present.
class ModelNet40Ply2048Dataset : public Dataset {
public:
    /// dataDir is the modelnet40_ply_hdf5_2048 folder or the folder containing it.
    /// Throws DataError naming the file and dataset for a missing dataset, a wrong
    /// rank, shape or type, a data/label count mismatch or a label outside the
    /// class list, and ConfigError for an unknown split.
    explicit ModelNet40Ply2048Dataset(const std::string& dataDir, const std::string& split = "test");

    size_t size() const override { return m_rows.size(); }
    /// Reads all P points of one row; preprocessing takes the first num_points.
    Sample get(size_t index) const override;
    const std::vector<std::string>& classNames() const override { return m_classNames; }
    std::string description() const override;
    std::vector<std::string> files() const override;
    /// First numPoints points and no normalization, as ModelNet40Ply2048.__getitem__
    /// does outside the train split (the files are already normalized).
    PreprocessOptions preprocessOptions(int64_t numPoints) const override;

    /// ModelNet40's class names in openpoints' order.
    static const std::vector<std::string>& modelNet40ClassNames();

private:
    struct Row {
        size_t file = 0;
        int64_t row = 0;
        int64_t label = 0;
        std::string name;
    };

    void readFile(size_t fileIndex);

    std::string m_folder;
    std::string m_split;
    std::string m_classNamesFile;
    std::vector<std::string> m_files;
    std::vector<std::string> m_nameFiles;
    std::vector<std::string> m_classNames;
    int64_t m_pointsPerShape = 0;
    std::vector<Row> m_rows;
};

} // namespace pointq
