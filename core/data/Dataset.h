#pragma once

#include "data/Preprocess.h"
#include "data/Sample.h"
#include "io/CloudReader.h"
#include "io/TextCloudReader.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pointq {

/// A classification data set: labelled clouds read on demand. get() may be
/// called from one thread at a time per data set.
class Dataset {
public:
    virtual ~Dataset() = default;

    virtual size_t size() const = 0;
    /// Reads sample index; throws std::out_of_range past size() and DataError
    /// when its file cannot be read.
    virtual Sample get(size_t index) const = 0;
    /// Class names, indexed by label; empty for unlabelled clouds.
    virtual const std::vector<std::string>& classNames() const = 0;
    /// One line for reports: layout, folder, split and sample count.
    virtual std::string description() const = 0;
    /// The data files this data set reads.
    virtual std::vector<std::string> files() const = 0;
    /// True only for procedurally generated clouds.
    virtual bool isSynthetic() const { return false; }
    /// The sampling and normalization that turn a sample into what the
    /// reference pipeline for this layout feeds the model.
    virtual PreprocessOptions preprocessOptions(int64_t numPoints) const = 0;
};

struct DatasetOptions {
    /// "test" (also "val") or "train".
    std::string split = "test";
    /// Reading options for loose text clouds. The ModelNet layouts ignore them and read x,y,z,nx,ny,nz.
    TextCloudOptions text;
    /// Layout of loose .bin clouds; .bin files are read only when it is set or inferLidarFormat is.
    std::optional<LidarFormat> lidarFormat;
    bool inferLidarFormat = false;
};

/// Unlabelled clouds from .txt, .xyz or .csv files (label -1, no classes).
class CloudFilesDataset : public Dataset {
public:
    /// files are read in the given order.
    CloudFilesDataset(std::vector<std::string> files, std::string origin, TextCloudOptions options = {});
    /// Same, with the .bin layout options of readPointCloud.
    CloudFilesDataset(std::vector<std::string> files, std::string origin, CloudReadOptions options);

    size_t size() const override { return m_files.size(); }
    Sample get(size_t index) const override;
    const std::vector<std::string>& classNames() const override { return m_classNames; }
    std::string description() const override;
    std::vector<std::string> files() const override { return m_files; }
    /// First numPoints rows and pc_normalize, as for the raw ModelNet40 text files.
    PreprocessOptions preprocessOptions(int64_t numPoints) const override;

private:
    std::vector<std::string> m_files;
    std::string m_origin;
    CloudReadOptions m_options;
    std::vector<std::string> m_classNames;
};

/// Opens the data set at path and detects its layout. It recognizes, in this
/// order, a folder containing modelnet40_shape_names.txt or a
/// modelnet40_normal_resampled folder with it, a modelnet40_ply_hdf5_2048
/// folder or a folder containing one, a single .txt/.xyz/.csv cloud, and a
/// folder of such clouds. Throws DataError listing what it looked for when
/// nothing matches, and when a folder contains both ModelNet40 layouts.
/// A path of the form "procedural:KEY=VALUE,..." returns a ProceduralDataset, the
/// only synthetic data this function returns, and only when the caller names it.
std::unique_ptr<Dataset> openDataset(const std::string& path, const DatasetOptions& options = {});

/// Reads a list file of one name per line, trimmed, skipping blank lines.
/// Each entry keeps its 1-based line number for error messages.
struct ListEntry {
    std::string name;
    size_t line = 0;
};
std::vector<ListEntry> readNameList(const std::string& path);

/// Maps "test" and "val" to "test" and "train" to "train", as openpoints'
/// ModelNet40Ply2048 does; throws ConfigError for other names.
std::string normalizeSplit(const std::string& split);

} // namespace pointq
