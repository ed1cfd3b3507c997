#include "data/SceneData.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "io/CloudBuffers.h"
#include "io/Npy.h"

#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace pointq {

std::string findLabelFile(const std::string& scenePath)
{
    const fs::path path(scenePath);
    const std::string suffix = "_points";
    const std::string stem = path.stem().string();
    if (stem.size() <= suffix.size() || stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) != 0)
        return {};
    const fs::path labels =
        path.parent_path() / (stem.substr(0, stem.size() - suffix.size()) + "_semantic" + path.extension().string());
    std::error_code error;
    return fs::is_regular_file(labels, error) ? labels.string() : std::string();
}

at::Tensor readLabelFile(const std::string& path, int64_t expectedCount)
{
    at::Tensor labels;
    if (fs::path(path).extension() == ".npy") {
        labels = readNpy(path);
        if (at::isFloatingType(labels.scalar_type()) || labels.scalar_type() == at::kBool)
            throw DataError("labels must be an integer array, found " + std::string(c10::toString(labels.scalar_type())),
                            path);
        labels = labels.to(at::kLong).reshape({-1});
    } else {
        // mmdetection3d's S3DIS and ScanNet exports store labels as raw int64 with no header.
        const std::string bytes = readFileBytes(path);
        if (bytes.size() % sizeof(int64_t) != 0)
            throw DataError("file size " + std::to_string(bytes.size()) + " bytes is not a whole number of int64 labels",
                            path, "byte " + std::to_string(bytes.size() - bytes.size() % sizeof(int64_t)));
        labels = at::empty({static_cast<int64_t>(bytes.size() / sizeof(int64_t))}, at::kLong);
        std::memcpy(labels.data_ptr<int64_t>(), bytes.data(), bytes.size());
    }
    if (labels.numel() != expectedCount)
        throw DataError("found " + std::to_string(labels.numel()) + " labels for " + std::to_string(expectedCount)
                            + " points; the label file must hold one label per point, in the cloud's order",
                        path);
    if (labels.numel() > 0 && labels.min().item<int64_t>() < -1) {
        const int64_t index = labels.lt(-1).nonzero()[0][0].item<int64_t>();
        throw DataError("label " + std::to_string(labels[index].item<int64_t>()) + " is negative; -1 marks an "
                            "unlabelled point and other labels must be class indices",
                        path, "label " + std::to_string(index));
    }
    return labels;
}

PointCloud readScene(const std::string& path, const SceneReadOptions& options)
{
    PointCloud cloud = readPointCloud(path, options.cloud);
    if (cloud.size() == 0)
        throw DataError("the scene has no points", path);
    if (!cloud.colors.defined())
        throw DataError("the scene has no colours; the segmentation configs feed RGB to the network, so read an "
                        "x,y,z,r,g,b file (--lidar-format xyzrgb for .bin) or a PLY/PCD with colours",
                        path);
    std::string labelsPath = options.labelsPath;
    if (labelsPath.empty() && !cloud.labels.defined())
        labelsPath = findLabelFile(path);
    if (!labelsPath.empty()) {
        cloud.labels = readLabelFile(labelsPath, cloud.size());
        logInfo("pointq.data", path + ": labels read from " + labelsPath);
    }
    return cloud;
}

} // namespace pointq
