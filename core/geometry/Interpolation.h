#pragma once

#include <ATen/ATen.h>

namespace pointq {

// CPU versions of openpoints' three_nn and three_interpolate kernels
// (cpp/pointnet2_batch/src/interpolate_gpu.cu, openpoints commit 8c115a9) and of the
// Python wrapper three_interpolation (models/layers/upsampling.py), which the
// feature propagation of PointNeXt's decoders uses. All arithmetic is float32 in the
// kernels' order, without fused multiply-add (this translation unit is built with
// -ffp-contract=off), so indices match the CUDA kernels bit for bit.

/// Three nearest known points of every unknown point.
struct ThreeNearest {
    at::Tensor distances; ///< (B, N, 3) float32 Euclidean distances (the wrapper's sqrt)
    at::Tensor indices;   ///< (B, N, 3) int32
};

/// unknown: (B, N, 3), known: (B, M, 3), both float32. For each unknown point the
/// known points are scanned in index order and the three smallest squared distances
/// kept with strict-< insertion, so ties keep the lower index. With M < 3 the missing
/// slots have distance +inf and index 0, as the kernel's 1e40 initial value stored as
/// float32. Throws Error for mis-shaped inputs or different batch sizes.
ThreeNearest threeNearestNeighbours(const at::Tensor& unknown, const at::Tensor& known);

/// Inverse-distance weights of three_interpolation: r_i = 1 / (d_i + 1e-8),
/// w_i = r_i / ((r0 + r1) + r2), all in float32. distances: (B, N, 3).
at::Tensor inverseDistanceWeights(const at::Tensor& distances);

/// features: (B, C, M) float32; indices and weights: (B, N, 3). Returns (B, C, N) with
/// out = ((w0 * f[i0]) + (w1 * f[i1])) + (w2 * f[i2]).
at::Tensor threeInterpolate(const at::Tensor& features, const at::Tensor& indices, const at::Tensor& weights);

/// Interpolates known features (B, C, M) at known positions (B, M, 3) onto unknown
/// positions (B, N, 3), as openpoints' three_interpolation. Returns (B, C, N).
at::Tensor threeInterpolation(const at::Tensor& unknown, const at::Tensor& known, const at::Tensor& knownFeatures);

} // namespace pointq
