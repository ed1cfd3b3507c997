#pragma once

#include <ATen/ATen.h>

namespace pointq {

// CPU versions of openpoints' point-cloud kernels (cpp/pointnet2_batch/src, openpoints
// commit 8c115a9). Each one reproduces the CUDA kernel's loop order, float32 rounding
// and tie-breaking, so the indices equal the ones openpoints computes on a GPU
// built without fused multiply-add. Distances are ((dx*dx + dy*dy) + dz*dz) in float32;
// this file's translation unit is compiled with -ffp-contract=off.

/// Squared distance of two points, rounded to float32 after every operation.
inline float squaredDistance(const float* a, const float* b)
{
    const float dx = a[0] - b[0];
    const float dy = a[1] - b[1];
    const float dz = a[2] - b[2];
    return (dx * dx + dy * dy) + dz * dz;
}

/// Number of CUDA threads openpoints launches for furthest point sampling over n
/// points: the largest power of two not above n, capped at 1024 (`opt_n_threads`).
int furthestPointSamplingThreads(int64_t pointCount);

/// Furthest point sampling. positions: (B, N, 3) float32. Returns (B, count) int32.
/// The first index is 0. Among equally distant candidates the winner follows the
/// CUDA block reduction: each thread keeps its first maximum over k = t, t+T, ...,
/// then a tree reduction with strides T/2 .. 1 keeps the lower slot on ties.
at::Tensor furthestPointSample(const at::Tensor& positions, int64_t count);

/// Ball query. support: (B, N, 3), queries: (B, M, 3), both float32.
/// Returns (B, M, nsample) int32: the first in-ball support indices in ascending
/// order (strict d2 < radius2, with radius2 = float32(radius) squared in float32),
/// padded with the first one found; rows with no neighbour are all 0.
at::Tensor ballQuery(const at::Tensor& support, const at::Tensor& queries, double radius, int64_t nsample);

/// Gathers features (B, C, N) at indices (B, M) int32 or int64 into (B, C, M).
at::Tensor gatherPoints(const at::Tensor& features, const at::Tensor& indices);

/// Groups features (B, C, N) at indices (B, M, S) into (B, C, M, S).
at::Tensor groupPoints(const at::Tensor& features, const at::Tensor& indices);

/// Gathers positions (B, N, 3) at indices (B, M) into (B, M, 3).
at::Tensor gatherPositions(const at::Tensor& positions, const at::Tensor& indices);

} // namespace pointq
