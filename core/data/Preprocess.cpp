#include "data/Preprocess.h"

#include "geometry/PointOps.h"

#include "common/Errors.h"

#include <cmath>

namespace pointq {
namespace {

void checkPositions(const at::Tensor& positions, const std::string& source)
{
    if (!positions.defined() || positions.dim() != 2 || positions.size(1) != 3 ||
        positions.scalar_type() != at::kFloat)
        throw DataError("expected positions of shape (N, 3) and type float32", source);
    if (positions.size(0) == 0)
        throw DataError("the cloud has no points", source);
}

} // namespace

PreprocessOptions firstPointsNormalized(int64_t numPoints)
{
    PreprocessOptions options;
    options.numPoints = numPoints;
    options.sampling = Sampling::First;
    options.normalization = Normalization::PcNormalize;
    return options;
}

NormalizedPositions pcNormalize(const at::Tensor& positions, const std::string& source)
{
    checkPositions(positions, source);
    const at::Tensor input = positions.contiguous();
    const int64_t count = input.size(0);
    const float* in = input.data_ptr<float>();

    // numpy reduces axis 0 of an (N, 3) array one row at a time, so the sum is
    // sequential, not pairwise. It then divides by N in float32.
    float sum[3] = {0.0f, 0.0f, 0.0f};
    for (int64_t i = 0; i < count; ++i) {
        for (int j = 0; j < 3; ++j)
            sum[j] += in[i * 3 + j];
    }
    at::Tensor centroid = at::empty({3}, at::kFloat);
    float* c = centroid.data_ptr<float>();
    for (int j = 0; j < 3; ++j)
        c[j] = sum[j] / static_cast<float>(count);

    at::Tensor centred = at::empty({count, 3}, at::kFloat);
    float* q = centred.data_ptr<float>();
    float maxNorm = 0.0f;
    for (int64_t i = 0; i < count; ++i) {
        for (int j = 0; j < 3; ++j)
            q[i * 3 + j] = in[i * 3 + j] - c[j];
        const float* row = q + i * 3;
        const float norm = std::sqrt((row[0] * row[0] + row[1] * row[1]) + row[2] * row[2]);
        maxNorm = std::max(maxNorm, norm);
    }
    if (!(maxNorm > 0.0f))
        throw DataError("cannot normalize a cloud whose " + std::to_string(count) +
                            " points all coincide (largest distance from the centroid is 0)",
                        source);

    for (int64_t k = 0; k < count * 3; ++k)
        q[k] = q[k] / maxNorm;
    return {centred, centroid, at::scalar_tensor(maxNorm, at::kFloat)};
}

at::Tensor centerAndNormalize(const at::Tensor& positions, const std::string& source)
{
    checkPositions(positions, source);
    // NOTE: LibTorch's reductions match openpoints' only when both torch builds
    // reduce in the same order. No fixture checks this transform bit for bit.
    const at::Tensor centred = positions - at::mean(positions, 0, true);
    const at::Tensor norms = at::sqrt(at::sum(centred.pow(2), -1, true));
    const at::Tensor maxNorm = std::get<0>(at::max(norms, 0, true));
    if (!(maxNorm.item<float>() > 0.0f))
        throw DataError("cannot normalize a cloud whose points all coincide", source);
    return centred / maxNorm;
}

at::Tensor selectPointIndices(const at::Tensor& positions, const PreprocessOptions& options,
                              const std::string& source)
{
    checkPositions(positions, source);
    if (options.numPoints <= 0)
        throw ConfigError("num_points must be positive, found " + std::to_string(options.numPoints), {},
                          "num_points");
    const int64_t size = positions.size(0);
    if (size < options.numPoints && !options.repeatShortClouds)
        throw DataError("the cloud has " + std::to_string(size) + " points, fewer than the " +
                            std::to_string(options.numPoints) +
                            " the model takes; use a larger cloud, or repeat its points to pad it (--repeat-short)",
                        source);

    const int64_t sampled = std::min(size, options.numPoints);
    const at::Tensor order = options.sampling == Sampling::Fps
        ? pointq::furthestPointSample(positions.unsqueeze(0), sampled)[0].to(at::kLong)
                                                               : at::arange(sampled, at::kLong);
    if (sampled == options.numPoints)
        return order;
    return order.index_select(0, at::arange(options.numPoints, at::kLong).remainder(sampled));
}

namespace {

at::Tensor normalize(const at::Tensor& positions, Normalization normalization, const std::string& source)
{
    switch (normalization) {
    case Normalization::None:
        return positions;
    case Normalization::PcNormalize:
        return pcNormalize(positions, source).positions;
    case Normalization::CenterAndNormalize:
        return centerAndNormalize(positions, source);
    }
    return positions;
}

} // namespace

ModelInputs makeModelInputs(const std::vector<Sample>& samples, const PreprocessOptions& options,
                            int64_t inChannels)
{
    if (inChannels != 3 && inChannels != 4)
        throw ConfigError("in_channels " + std::to_string(inChannels) +
                              " is not supported; expected 3 (x = pos) or 4 (pos and heights)",
                          {}, "model.encoder_args.in_channels");
    if (inChannels == 4 && (options.gravityDim < 0 || options.gravityDim > 2))
        throw ConfigError("gravity_dim must be 0, 1 or 2, found " + std::to_string(options.gravityDim), {},
                          "gravity_dim");
    if (samples.empty())
        throw DataError("cannot build model inputs from an empty batch");

    ModelInputs inputs;
    std::vector<at::Tensor> positions;
    std::vector<at::Tensor> features;
    std::vector<int64_t> labels;
    for (const Sample& sample : samples) {
        const std::string& source = sample.cloud.sourceFile.empty() ? sample.name : sample.cloud.sourceFile;
        const at::Tensor indices = selectPointIndices(sample.cloud.positions, options, source);
        const at::Tensor chosen = sample.cloud.positions.index_select(0, indices);
        const at::Tensor pos = normalize(chosen, options.normalization, source).contiguous();
        positions.push_back(pos);
        if (inChannels == 4) {
            const at::Tensor height = chosen.slice(1, options.gravityDim, options.gravityDim + 1);
            features.push_back(at::cat({pos, height - at::min(height)}, 1));
        } else {
            features.push_back(pos);
        }
        labels.push_back(sample.label);
        inputs.names.push_back(sample.name);
    }
    inputs.pos = at::stack(positions);
    inputs.x = at::stack(features).transpose(1, 2).contiguous();
    inputs.labels = at::tensor(labels, at::kLong);
    return inputs;
}

} // namespace pointq
