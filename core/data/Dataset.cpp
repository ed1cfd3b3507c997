#include "data/Dataset.h"
#include "common/Plural.h"
#include "data/ProceduralDataset.h"

#include "io/CloudReader.h"

#include "common/Errors.h"
#include "data/ModelNet40Ply2048Dataset.h"
#include "data/ModelNetNormalResampledDataset.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace pointq {
namespace {

// Cloud files that need no reading option. LiDAR .bin files are left out because
// their column count must be stated, never guessed.
bool isCloudFile(const fs::path& path)
{
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".txt" || extension == ".xyz" || extension == ".csv" || extension == ".ply"
           || extension == ".pcd" || extension == ".npy" || extension == ".npz";
}

std::vector<std::string> textCloudFilesIn(const fs::path& folder)
{
    std::vector<std::string> files;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
        if (entry.is_regular_file() && isCloudFile(entry.path()))
            files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool hasPly2048Files(const fs::path& folder)
{
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("ply_data_", 0) == 0 && entry.path().extension() == ".h5")
            return true;
    }
    return false;
}

} // namespace

std::vector<ListEntry> readNameList(const std::string& path)
{
    std::ifstream file(path);
    if (!file)
        throw DataError("cannot open the list file; expected one name per line", path);
    std::vector<ListEntry> entries;
    std::string line;
    size_t number = 0;
    while (std::getline(file, line)) {
        ++number;
        const size_t begin = line.find_first_not_of(" \t\r");
        if (begin == std::string::npos)
            continue;
        const size_t end = line.find_last_not_of(" \t\r");
        entries.push_back({line.substr(begin, end - begin + 1), number});
    }
    return entries;
}

std::string normalizeSplit(const std::string& split)
{
    if (split == "test" || split == "val")
        return "test";
    if (split == "train")
        return "train";
    throw ConfigError("unknown split '" + split + "'; expected test, val or train", {}, "split");
}

CloudFilesDataset::CloudFilesDataset(std::vector<std::string> files, std::string origin, TextCloudOptions options)
    : CloudFilesDataset(std::move(files), std::move(origin), CloudReadOptions{std::nullopt, false, std::move(options)})
{
}

CloudFilesDataset::CloudFilesDataset(std::vector<std::string> files, std::string origin, CloudReadOptions options)
    : m_files(std::move(files)), m_origin(std::move(origin)), m_options(std::move(options))
{
    if (m_files.empty())
        throw DataError("no .txt, .xyz, .csv, .ply, .pcd, .npy or .npz point-cloud files found", m_origin);
}

Sample CloudFilesDataset::get(size_t index) const
{
    Sample sample;
    sample.cloud = readPointCloud(m_files.at(index), m_options);
    sample.name = fs::path(m_files[index]).stem().string();
    sample.label = -1;
    return sample;
}

std::string CloudFilesDataset::description() const
{
    return "unlabelled point clouds from " + m_origin + ": " + countedNoun(static_cast<int64_t>(m_files.size()), "file", "files");
}

PreprocessOptions CloudFilesDataset::preprocessOptions(int64_t numPoints) const
{
    return firstPointsNormalized(numPoints);
}

std::unique_ptr<Dataset> openDataset(const std::string& path, const DatasetOptions& options)
{
    if (isProceduralSpec(path))
        return std::make_unique<ProceduralDataset>(parseProceduralSpec(path), options.split);
    const fs::path location(path);
    if (!fs::exists(location))
        throw DataError("no such file or folder", path);

    if (fs::is_regular_file(location)) {
        const bool readableBin = location.extension() == ".bin" && (options.lidarFormat || options.inferLidarFormat);
        if (isCloudFile(location) || readableBin)
            return std::make_unique<CloudFilesDataset>(
                std::vector<std::string>{path}, path,
                CloudReadOptions{options.lidarFormat, options.inferLidarFormat, options.text});
        throw DataError("expected a .txt, .xyz, .csv, .ply, .pcd, .npy or .npz point-cloud file or a data set folder",
                        path);
    }

    if (fs::exists(location / "modelnet40_shape_names.txt"))
        return std::make_unique<ModelNetNormalResampledDataset>(path, options.split);
    const fs::path resampled = location / "modelnet40_normal_resampled";
    const bool hasResampled = fs::exists(resampled / "modelnet40_shape_names.txt");
    const bool hasPly2048 = fs::is_directory(location / "modelnet40_ply_hdf5_2048") || hasPly2048Files(location);
    // Both layouts hold ModelNet40 but feed the model differently (pc_normalize or
    // not), so picking one silently could change every result.
    if (hasResampled && hasPly2048)
        throw DataError("the folder contains both modelnet40_normal_resampled and modelnet40_ply_hdf5_2048; "
                        "open one of the two subfolders",
                        path);
    if (hasResampled)
        return std::make_unique<ModelNetNormalResampledDataset>(resampled.string(), options.split);
    if (hasPly2048)
        return std::make_unique<ModelNet40Ply2048Dataset>(path, options.split);

    std::vector<std::string> clouds = textCloudFilesIn(location);
    if (!clouds.empty())
        return std::make_unique<CloudFilesDataset>(std::move(clouds), path, options.text);

    throw DataError("no known data set layout found; looked for modelnet40_shape_names.txt (ModelNet40 "
                    "normal_resampled), a modelnet40_normal_resampled folder, a modelnet40_ply_hdf5_2048 "
                    "folder or ply_data_*.h5 files (ModelNet40Ply2048), and .txt, .xyz, .csv, .ply, .pcd, .npy or .npz clouds",
                    path);
}

} // namespace pointq
