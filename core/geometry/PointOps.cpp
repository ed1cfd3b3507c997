#include "geometry/PointOps.h"

#include "common/Errors.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <vector>

namespace pointq {

namespace {

void checkPositions(const at::Tensor& positions, const char* what)
{
    if (positions.dim() != 3 || positions.size(2) != 3 || positions.scalar_type() != at::kFloat)
        throw Error(std::string(what) + " must be a (B, N, 3) float32 tensor, got shape "
                    + c10::str(positions.sizes()) + " of " + c10::toString(positions.scalar_type()));
}

// One cloud of furthest point sampling, following the CUDA kernel step by step.
void sampleOneCloud(const float* points, int64_t pointCount, int64_t count, int threadCount,
                    float* minDistances, int32_t* output)
{
    std::vector<float> best(threadCount);
    std::vector<int32_t> bestIndex(threadCount);
    std::fill(minDistances, minDistances + pointCount, 1e10f);

    int32_t selected = 0;
    output[0] = selected;
    for (int64_t j = 1; j < count; ++j) {
        std::fill(best.begin(), best.end(), -1.0f);
        std::fill(bestIndex.begin(), bestIndex.end(), 0);
        const float* origin = points + 3 * static_cast<int64_t>(selected);
        for (int64_t k = 0; k < pointCount; ++k) {
            const float distance = std::min(squaredDistance(points + 3 * k, origin), minDistances[k]);
            minDistances[k] = distance;
            const int thread = static_cast<int>(k & (threadCount - 1));
            if (distance > best[thread]) {
                best[thread] = distance;
                bestIndex[thread] = static_cast<int32_t>(k);
            }
        }
        for (int stride = threadCount / 2; stride >= 1; stride /= 2) {
            for (int slot = 0; slot < stride; ++slot) {
                const float lower = best[slot];
                const float upper = best[slot + stride];
                best[slot] = std::max(lower, upper);
                bestIndex[slot] = upper > lower ? bestIndex[slot + stride] : bestIndex[slot];
            }
        }
        selected = bestIndex[0];
        output[j] = selected;
    }
}

} // namespace

int furthestPointSamplingThreads(int64_t pointCount)
{
    if (pointCount < 1)
        return 1;
    const int power = static_cast<int>(std::log(static_cast<double>(pointCount)) / std::log(2.0));
    const int64_t threads = std::min<int64_t>(int64_t(1) << power, 1024);
    return static_cast<int>(std::max<int64_t>(threads, 1));
}

at::Tensor furthestPointSample(const at::Tensor& positions, int64_t count)
{
    checkPositions(positions, "furthest point sampling input");
    const at::Tensor points = positions.contiguous();
    const int64_t batch = points.size(0);
    const int64_t pointCount = points.size(1);
    if (count > pointCount)
        throw Error("furthest point sampling cannot pick " + std::to_string(count) + " points out of "
                    + std::to_string(pointCount));
    at::Tensor output = at::zeros({batch, std::max<int64_t>(count, 0)}, at::kInt);
    if (count <= 0)
        return output;

    const int threadCount = furthestPointSamplingThreads(pointCount);
    const float* data = points.data_ptr<float>();
    int32_t* indices = output.data_ptr<int32_t>();
    at::parallel_for(0, batch, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> minDistances(pointCount);
        for (int64_t b = begin; b < end; ++b)
            sampleOneCloud(data + b * pointCount * 3, pointCount, count, threadCount, minDistances.data(),
                           indices + b * count);
    });
    return output;
}

at::Tensor ballQuery(const at::Tensor& support, const at::Tensor& queries, double radius, int64_t nsample)
{
    checkPositions(support, "ball query support points");
    checkPositions(queries, "ball query centres");
    if (support.size(0) != queries.size(0))
        throw Error("ball query: support and centres have different batch sizes");
    if (nsample < 1)
        throw Error("ball query: nsample must be positive, got " + std::to_string(nsample));

    const at::Tensor supportData = support.contiguous();
    const at::Tensor queryData = queries.contiguous();
    const int64_t batch = support.size(0);
    const int64_t pointCount = support.size(1);
    const int64_t queryCount = queries.size(1);
    at::Tensor output = at::zeros({batch, queryCount, nsample}, at::kInt);

    // The kernel takes the radius as a float argument and squares it in float32.
    const float radiusFloat = static_cast<float>(radius);
    const float radius2 = radiusFloat * radiusFloat;
    const float* points = supportData.data_ptr<float>();
    const float* centres = queryData.data_ptr<float>();
    int32_t* indices = output.data_ptr<int32_t>();

    at::parallel_for(0, batch * queryCount, 16, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row) {
            const int64_t b = row / queryCount;
            const float* centre = centres + row * 3;
            const float* cloud = points + b * pointCount * 3;
            int32_t* slots = indices + row * nsample;
            int64_t found = 0;
            for (int64_t k = 0; k < pointCount && found < nsample; ++k) {
                if (squaredDistance(centre, cloud + 3 * k) < radius2) {
                    if (found == 0)
                        std::fill(slots, slots + nsample, static_cast<int32_t>(k));
                    slots[found++] = static_cast<int32_t>(k);
                }
            }
        }
    });
    return output;
}

at::Tensor gatherPoints(const at::Tensor& features, const at::Tensor& indices)
{
    const at::Tensor index = indices.to(at::kLong).unsqueeze(1).expand({-1, features.size(1), -1});
    return at::gather(features, 2, index);
}

at::Tensor groupPoints(const at::Tensor& features, const at::Tensor& indices)
{
    const int64_t batch = indices.size(0);
    const int64_t queryCount = indices.size(1);
    const int64_t nsample = indices.size(2);
    const at::Tensor flat = indices.reshape({batch, queryCount * nsample});
    return gatherPoints(features, flat).view({batch, features.size(1), queryCount, nsample});
}

at::Tensor gatherPositions(const at::Tensor& positions, const at::Tensor& indices)
{
    const at::Tensor index = indices.to(at::kLong).unsqueeze(-1).expand({-1, -1, 3});
    return at::gather(positions, 1, index);
}

} // namespace pointq
