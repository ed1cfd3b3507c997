#pragma once

#include "data/Sample.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pointq {

/// Rule that picks num_points points of a cloud.
enum class Sampling {
    First, ///< the first num_points rows, as openpoints' ModelNet40Ply2048 does outside its train split
    Fps,   ///< furthest point sampling starting at row 0
};

/// Centring and scaling applied to the picked positions.
enum class Normalization {
    None,               ///< positions as stored (ModelNet40Ply2048 files are already normalized)
    PcNormalize,        ///< openpoints' pc_normalize, reproduced bit for bit in float32
    CenterAndNormalize, ///< openpoints' PointCloudCenterAndNormalize transform, with torch reductions
};

struct PreprocessOptions {
    int64_t numPoints = 1024;
    Sampling sampling = Sampling::First;
    Normalization normalization = Normalization::None;
    /// When a cloud has fewer than numPoints points: false throws DataError, true
    /// repeats the sampled order cyclically (indices 0..n-1, 0..n-1, ...) up to numPoints.
    bool repeatShortClouds = false;
    /// Axis whose values give the heights channel when in_channels is 4.
    /// openpoints' transform defaults to 2; its ScanObjectNN configs set 1.
    int64_t gravityDim = 2;
};

/// Result of pc_normalize: the normalized positions and the values used.
struct NormalizedPositions {
    at::Tensor positions; ///< (N, 3) float32
    at::Tensor centroid;  ///< (3) float32
    at::Tensor scale;     ///< 0-d float32, the largest distance from the centroid
};

/// The pipeline of openpoints' ModelNet40 text loaders as PointQ reproduces it:
/// the first numPoints points, then pc_normalize.
PreprocessOptions firstPointsNormalized(int64_t numPoints);

/// Normalizes as openpoints' pc_normalize run on a float32 array: centroid
/// c_j = (sequential float32 sum of x_ij) / N, q = x - c,
/// m = max_i sqrt((q0*q0 + q1*q1) + q2*q2), result q / m, every step rounded to
/// float32 without fused multiply-add. Throws DataError when all points coincide
/// (m = 0), where numpy would return NaN.
NormalizedPositions pcNormalize(const at::Tensor& positions, const std::string& source = {});

/// Centres on torch.mean and divides by the largest norm, as openpoints'
/// PointCloudCenterAndNormalize does with centering and normalize on.
at::Tensor centerAndNormalize(const at::Tensor& positions, const std::string& source = {});

/// Returns the int64 indices of the numPoints rows that options.sampling picks.
/// Throws DataError naming source when the cloud is too small and
/// options.repeatShortClouds is false.
at::Tensor selectPointIndices(const at::Tensor& positions, const PreprocessOptions& options,
                              const std::string& source = {});

/// Model inputs for a batch, in the layout PointNeXt's classification validate() feeds.
struct ModelInputs {
    at::Tensor pos;    ///< (B, N, 3) float32
    at::Tensor x;      ///< (B, C, N) float32
    at::Tensor labels; ///< (B) int64, -1 for unlabelled samples
    std::vector<std::string> names;
};

/// Samples, normalizes and stacks a batch. in_channels 3 gives x = posᵀ.
/// in_channels 4 appends heights = p[:, gravityDim] - min(p[:, gravityDim]), computed
/// on the sampled positions before normalization, as PointCloudCenterAndNormalize
/// does. Throws ConfigError for other in_channels and DataError for a cloud
/// without (N, 3) float32 positions or with too few points.
ModelInputs makeModelInputs(const std::vector<Sample>& samples, const PreprocessOptions& options,
                            int64_t inChannels);

} // namespace pointq
