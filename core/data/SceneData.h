#pragma once

#include "io/CloudReader.h"
#include "io/PointCloud.h"

#include <string>

namespace pointq {

/// Options for reading a segmentation scene and its labels.
struct SceneReadOptions {
    /// Options of readPointCloud, for the .bin layout in particular.
    CloudReadOptions cloud;
    /// Per-point labels: an .npy integer array, or a .bin of int64 values as the S3DIS
    /// and ScanNet exports of mmdetection3d store them. Empty to use the labels the
    /// cloud file contains or the label file found beside it (see findLabelFile).
    std::string labelsPath;
};

/// Returns the label file that belongs to a scene file, or an empty string: for
/// "<name>_points.bin" it is "<name>_semantic.bin" in the same folder (the pairing of
/// the S3DIS test data), used when that file exists.
std::string findLabelFile(const std::string& scenePath);

/// Reads per-point labels: .npy of any integer type, or a .bin of little-endian int64.
/// Throws DataError naming the file when the size is not a whole number of int64
/// values, when the count differs from expectedCount, or when a label is negative
/// (other than -1, which marks an unlabelled point).
at::Tensor readLabelFile(const std::string& path, int64_t expectedCount);

/// Reads a scene for segmentation: the cloud through readPointCloud, then labels
/// from options.labelsPath, else from the cloud file, else from findLabelFile.
/// A scene without colours is a DataError, since every shipped segmentation config
/// feeds RGB to the network. Labels stay undefined when no source has them.
PointCloud readScene(const std::string& path, const SceneReadOptions& options);

} // namespace pointq
