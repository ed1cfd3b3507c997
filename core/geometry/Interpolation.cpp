#include "geometry/Interpolation.h"

#include "common/Errors.h"
#include "geometry/PointOps.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <limits>

namespace pointq {

namespace {

void checkCloud(const at::Tensor& positions, const char* what)
{
    if (positions.dim() != 3 || positions.size(2) != 3 || positions.scalar_type() != at::kFloat)
        throw Error(std::string(what) + " must be a (B, N, 3) float32 tensor, got shape " + c10::str(positions.sizes())
                    + " of " + c10::toString(positions.scalar_type()));
}

// One unknown point of three_nn. The kernel keeps its best distances in double,
// initialised to 1e40, and compares the float32 squared distance against them.
void nearestThree(const float* point, const float* known, int64_t knownCount, float* distances, int32_t* indices)
{
    double best[3] = {1e40, 1e40, 1e40};
    int32_t bestIndex[3] = {0, 0, 0};
    for (int64_t k = 0; k < knownCount; ++k) {
        const double d = squaredDistance(point, known + 3 * k);
        if (d < best[0]) {
            best[2] = best[1];
            bestIndex[2] = bestIndex[1];
            best[1] = best[0];
            bestIndex[1] = bestIndex[0];
            best[0] = d;
            bestIndex[0] = static_cast<int32_t>(k);
        } else if (d < best[1]) {
            best[2] = best[1];
            bestIndex[2] = bestIndex[1];
            best[1] = d;
            bestIndex[1] = static_cast<int32_t>(k);
        } else if (d < best[2]) {
            best[2] = d;
            bestIndex[2] = static_cast<int32_t>(k);
        }
    }
    for (int i = 0; i < 3; ++i) {
        // 1e40 does not fit in float32; the kernel's store turns it into +inf.
        const float squared = static_cast<float>(best[i]);
        distances[i] = std::sqrt(squared);
        indices[i] = bestIndex[i];
    }
}

} // namespace

ThreeNearest threeNearestNeighbours(const at::Tensor& unknown, const at::Tensor& known)
{
    checkCloud(unknown, "three_nn unknown positions");
    checkCloud(known, "three_nn known positions");
    if (unknown.size(0) != known.size(0))
        throw Error("three_nn needs the same batch size for unknown and known points, got "
                    + std::to_string(unknown.size(0)) + " and " + std::to_string(known.size(0)));
    const at::Tensor unknownPoints = unknown.contiguous();
    const at::Tensor knownPoints = known.contiguous();
    const int64_t batch = unknown.size(0);
    const int64_t count = unknown.size(1);
    const int64_t knownCount = known.size(1);

    ThreeNearest result{at::empty({batch, count, 3}, at::kFloat), at::empty({batch, count, 3}, at::kInt)};
    const float* unknownData = unknownPoints.data_ptr<float>();
    const float* knownData = knownPoints.data_ptr<float>();
    float* distanceData = result.distances.data_ptr<float>();
    int32_t* indexData = result.indices.data_ptr<int32_t>();
    at::parallel_for(0, batch * count, 256, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row) {
            const int64_t b = row / count;
            nearestThree(unknownData + 3 * row, knownData + 3 * knownCount * b, knownCount, distanceData + 3 * row,
                         indexData + 3 * row);
        }
    });
    return result;
}

at::Tensor inverseDistanceWeights(const at::Tensor& distances)
{
    const at::Tensor contiguous = distances.contiguous();
    at::Tensor weights = at::empty_like(contiguous);
    const float* input = contiguous.data_ptr<float>();
    float* output = weights.data_ptr<float>();
    const int64_t rows = contiguous.numel() / 3;
    // 1e-8 is a Python float that torch rounds to float32 before adding.
    const float epsilon = static_cast<float>(1e-8);
    for (int64_t row = 0; row < rows; ++row) {
        const float r0 = 1.0f / (input[3 * row] + epsilon);
        const float r1 = 1.0f / (input[3 * row + 1] + epsilon);
        const float r2 = 1.0f / (input[3 * row + 2] + epsilon);
        const float norm = (r0 + r1) + r2;
        output[3 * row] = r0 / norm;
        output[3 * row + 1] = r1 / norm;
        output[3 * row + 2] = r2 / norm;
    }
    return weights;
}

at::Tensor threeInterpolate(const at::Tensor& features, const at::Tensor& indices, const at::Tensor& weights)
{
    if (features.dim() != 3 || features.scalar_type() != at::kFloat)
        throw Error("three_interpolate features must be a (B, C, M) float32 tensor, got shape "
                    + c10::str(features.sizes()));
    if (indices.dim() != 3 || indices.size(2) != 3 || indices.size(0) != features.size(0)
        || !weights.sizes().equals(indices.sizes()))
        throw Error("three_interpolate indices and weights must both be (B, N, 3) with the features' batch size, got "
                    + c10::str(indices.sizes()) + " and " + c10::str(weights.sizes()));
    const at::Tensor source = features.contiguous();
    const at::Tensor index = indices.to(at::kLong).contiguous();
    const at::Tensor weight = weights.to(at::kFloat).contiguous();
    const int64_t batch = features.size(0);
    const int64_t channels = features.size(1);
    const int64_t knownCount = features.size(2);
    const int64_t count = indices.size(1);
    if (index.numel() > 0 && (index.min().item<int64_t>() < 0 || index.max().item<int64_t>() >= knownCount))
        throw Error("three_interpolate index out of range for " + std::to_string(knownCount) + " known points");

    at::Tensor output = at::empty({batch, channels, count}, at::kFloat);
    const float* f = source.data_ptr<float>();
    const int64_t* i = index.data_ptr<int64_t>();
    const float* w = weight.data_ptr<float>();
    float* out = output.data_ptr<float>();
    at::parallel_for(0, batch * channels, 16, [&](int64_t begin, int64_t end) {
        for (int64_t plane = begin; plane < end; ++plane) {
            const int64_t b = plane / channels;
            const float* row = f + plane * knownCount;
            const int64_t* rowIndex = i + b * count * 3;
            const float* rowWeight = w + b * count * 3;
            float* target = out + plane * count;
            for (int64_t j = 0; j < count; ++j) {
                const int64_t* n = rowIndex + 3 * j;
                const float* v = rowWeight + 3 * j;
                target[j] = ((v[0] * row[n[0]]) + (v[1] * row[n[1]])) + (v[2] * row[n[2]]);
            }
        }
    });
    return output;
}

at::Tensor threeInterpolation(const at::Tensor& unknown, const at::Tensor& known, const at::Tensor& knownFeatures)
{
    const ThreeNearest nearest = threeNearestNeighbours(unknown, known);
    return threeInterpolate(knownFeatures, nearest.indices, inverseDistanceWeights(nearest.distances));
}

} // namespace pointq
