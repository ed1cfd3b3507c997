#pragma once

#include <ATen/ATen.h>

#include <string>

namespace pointq {

/// One point cloud as read from a file. Optional attributes are undefined tensors
/// when the file has none.
struct PointCloud {
    at::Tensor positions;  ///< (N, 3) float32
    at::Tensor normals;    ///< (N, 3) float32
    at::Tensor colors;     ///< (N, 3) float32 in 0..255 as stored, or 0..1 when the file stores floats
    at::Tensor intensity;  ///< (N) float32
    at::Tensor labels;     ///< (N) int64 per-point labels
    std::string sourceFile;

    int64_t size() const { return positions.defined() ? positions.size(0) : 0; }
};

} // namespace pointq
