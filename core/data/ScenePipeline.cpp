#include "data/ScenePipeline.h"

#include "common/Errors.h"

#include <ATen/CPUGeneratorImpl.h>

#include <sstream>

namespace pointq {

namespace {

// openpoints' ChromaticNormalize constants (S3DIS colour statistics), as float32.
const float kColorMean[3] = {0.5136457f, 0.49523646f, 0.44921124f};
const float kColorStd[3] = {0.18308958f, 0.18415008f, 0.19252081f};

std::vector<std::string> splitKeys(const std::string& keys)
{
    std::vector<std::string> parts;
    std::istringstream stream(keys);
    std::string part;
    while (std::getline(stream, part, ','))
        parts.push_back(part);
    return parts;
}

void checkOptions(const ScenePipelineOptions& options)
{
    for (const std::string& name : options.transforms) {
        if (name != "PointsToTensor" && name != "PointCloudXYZAlign" && name != "ChromaticNormalize")
            throw ConfigError("PointQ builds the scene transforms PointsToTensor, PointCloudXYZAlign and "
                              "ChromaticNormalize; found '" + name + "'",
                              {}, "key datatransforms.val");
    }
    int64_t channels = 0;
    for (const std::string& key : splitKeys(options.featureKeys)) {
        if (key == "pos" || key == "x")
            channels += 3;
        else if (key == "heights")
            channels += 1;
        else
            throw ConfigError("unknown feature key '" + key + "'; expected pos, x and heights", {}, "key feature_keys");
    }
    if (channels != options.inChannels)
        throw ConfigError("feature_keys '" + options.featureKeys + "' give " + std::to_string(channels)
                              + " channels but the encoder takes in_channels " + std::to_string(options.inChannels),
                          {}, "key feature_keys");
    if (options.gravityDim < 0 || options.gravityDim > 2)
        throw ConfigError("gravity_dim must be 0, 1 or 2, found " + std::to_string(options.gravityDim), {},
                          "key datatransforms.kwargs.gravity_dim");
}

// The network input of one chunk, as openpoints' test() builds it: positions shifted to
// a zero minimum, heights taken from them, then the val transforms on copies.
ModelInput chunkInput(const at::Tensor& positions, const at::Tensor& colors, const ScenePipelineOptions& options)
{
    at::Tensor coord = positions - std::get<0>(positions.min(0));
    const at::Tensor heights = coord.slice(1, options.gravityDim, options.gravityDim + 1).clone();
    at::Tensor pos = coord.clone();
    at::Tensor rgb = colors.clone();
    for (const std::string& name : options.transforms) {
        if (name == "PointCloudXYZAlign") {
            pos = pos - pos.mean(0, true);
            at::Tensor up = pos.select(1, options.gravityDim);
            up.sub_(up.min());
        } else if (name == "ChromaticNormalize") {
            if (rgb.max().item<float>() > 1.0f)
                rgb = rgb / 255.0f;
            rgb = (rgb - at::tensor(at::ArrayRef<float>(kColorMean, 3))) / at::tensor(at::ArrayRef<float>(kColorStd, 3));
        }
    }
    std::vector<at::Tensor> features;
    for (const std::string& key : splitKeys(options.featureKeys)) {
        if (key == "pos")
            features.push_back(pos);
        else if (key == "x")
            features.push_back(rgb);
        else
            features.push_back(heights);
    }
    return ModelInput{pos.unsqueeze(0).contiguous(), at::cat(features, 1).transpose(0, 1).unsqueeze(0).contiguous(), {}};
}

// Splits a pass into chunks of at most voxelMax points: each chunk is the voxelMax
// points of the pass nearest to the first point not yet covered, so chunks overlap
// and every point of the pass is covered at least once.
std::vector<at::Tensor> cropPass(const at::Tensor& passIndices, const at::Tensor& positions, int64_t voxelMax)
{
    const int64_t count = passIndices.size(0);
    if (voxelMax <= 0 || count <= voxelMax)
        return {passIndices};
    const at::Tensor points = positions.index_select(0, passIndices);
    at::Tensor covered = at::zeros({count}, at::kBool);
    std::vector<at::Tensor> crops;
    while (!covered.all().item<bool>()) {
        const int64_t seed = covered.logical_not().nonzero()[0][0].item<int64_t>();
        const at::Tensor distances = (points - points[seed]).pow(2).sum(1);
        const at::Tensor nearest = std::get<1>(distances.topk(voxelMax, 0, false, true));
        covered.index_fill_(0, nearest, true);
        crops.push_back(passIndices.index_select(0, nearest));
    }
    return crops;
}

} // namespace

VoxelGrid voxelize(const at::Tensor& positions, double voxelSize)
{
    if (!(voxelSize > 0.0))
        throw Error("voxel size must be positive, got " + std::to_string(voxelSize));
    const at::Tensor shifted = positions - std::get<0>(positions.min(0));
    const at::Tensor cells = at::floor(shifted / voxelSize).to(at::kLong);
    const at::Tensor extent = std::get<0>(cells.max(0)) + 1;
    const at::Tensor keys = (cells.select(1, 0) * extent[1] + cells.select(1, 1)) * extent[2] + cells.select(1, 2);

    VoxelGrid grid;
    const auto sorted = at::sort(keys, true, 0, false);
    grid.order = std::get<1>(sorted);
    const auto unique = at::unique_consecutive(std::get<0>(sorted), true, true);
    const at::Tensor inverseSorted = std::get<1>(unique);
    grid.counts = std::get<2>(unique);
    grid.starts = grid.counts.cumsum(0) - grid.counts;
    grid.voxelOfPoint = at::empty_like(inverseSorted).scatter_(0, grid.order, inverseSorted);
    return grid;
}

ScenePlan planScene(const PointCloud& scene, const ScenePipelineOptions& options)
{
    checkOptions(options);
    if (!scene.colors.defined())
        throw DataError("the scene has no colours, which the segmentation configs feed to the network",
                        scene.sourceFile);
    ScenePlan plan;
    plan.pointCount = scene.size();
    const at::Tensor positions = scene.positions.to(at::kFloat);
    // openpoints' load_data reads S3DIS colours as clip(rgb / 255, 0, 1).
    at::Tensor colors = scene.colors.to(at::kFloat);
    if (colors.max().item<float>() > 1.0f)
        colors = (colors / 255.0f).clamp(0.0f, 1.0f);

    std::vector<at::Tensor> passes;
    if (options.voxelSize > 0.0) {
        plan.grid = voxelize(positions, options.voxelSize);
        plan.passesForFullCoverage = plan.grid.counts.max().item<int64_t>();
        plan.passes = options.maxPasses > 0 ? std::min(options.maxPasses, plan.passesForFullCoverage)
                                            : plan.passesForFullCoverage;
        auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
        for (int64_t pass = 0; pass < plan.passes; ++pass) {
            const at::Tensor picks = plan.grid.order.index_select(0, plan.grid.starts + at::remainder(at::full_like(plan.grid.counts, pass), plan.grid.counts));
            passes.push_back(picks.index_select(0, at::randperm(picks.size(0), generator, at::kLong)));
        }
    } else {
        plan.grid.voxelOfPoint = at::arange(plan.pointCount, at::kLong);
        plan.passes = plan.passesForFullCoverage = 1;
        passes.push_back(at::arange(plan.pointCount, at::kLong));
    }

    for (const at::Tensor& pass : passes) {
        const std::vector<at::Tensor> crops = cropPass(pass, positions, options.voxelMax);
        plan.crops += static_cast<int64_t>(crops.size()) - 1;
        for (const at::Tensor& indices : crops) {
            if (indices.size(0) < options.minimumPoints)
                throw DataError("a voting pass of the scene has " + std::to_string(indices.size(0)) + " points after "
                                    "voxelization, but the encoder's strides need at least "
                                    + std::to_string(options.minimumPoints) + "; use a smaller voxel size or a larger scene",
                                scene.sourceFile);
            plan.chunks.push_back(SceneChunk{indices, chunkInput(positions.index_select(0, indices),
                                                                 colors.index_select(0, indices), options)});
        }
    }
    return plan;
}

ScenePrediction predictScene(const std::function<at::Tensor(const ModelInput&)>& forward, const ScenePlan& plan,
                             const JobContext& context, const std::string& stage)
{
    at::Tensor sums;
    at::Tensor hits = at::zeros({plan.pointCount}, at::kFloat);
    for (size_t i = 0; i < plan.chunks.size(); ++i) {
        context.checkCancelled();
        const SceneChunk& chunk = plan.chunks[i];
        const at::Tensor logits = forward(chunk.input)[0].transpose(0, 1).to(at::kFloat);
        if (!sums.defined())
            sums = at::zeros({plan.pointCount, logits.size(1)}, at::kFloat);
        sums.index_add_(0, chunk.pointIndices, logits);
        hits.index_add_(0, chunk.pointIndices, at::ones({chunk.pointIndices.size(0)}, at::kFloat));
        context.report(static_cast<double>(i + 1) / static_cast<double>(plan.chunks.size()), stage);
    }
    if (!sums.defined())
        throw Error("the scene plan has no chunks");

    ScenePrediction prediction;
    const at::Tensor covered = hits.gt(0);
    prediction.uncoveredPoints = plan.pointCount - covered.sum().item<int64_t>();
    prediction.logits = sums / hits.clamp_min(1.0f).unsqueeze(1);
    if (prediction.uncoveredPoints > 0) {
        // Every pass feeds one point of every voxel, so each voxel has covered points.
        const int64_t voxels = plan.grid.voxelOfPoint.max().item<int64_t>() + 1;
        const at::Tensor coveredIndex = covered.nonzero().squeeze(1);
        const at::Tensor coveredVoxel = plan.grid.voxelOfPoint.index_select(0, coveredIndex);
        at::Tensor voxelSums = at::zeros({voxels, sums.size(1)}, at::kFloat)
                                   .index_add_(0, coveredVoxel, prediction.logits.index_select(0, coveredIndex));
        const at::Tensor voxelHits = at::zeros({voxels}, at::kFloat)
                                         .index_add_(0, coveredVoxel, at::ones({coveredVoxel.size(0)}, at::kFloat));
        const at::Tensor voxelMeans = voxelSums / voxelHits.clamp_min(1.0f).unsqueeze(1);
        const at::Tensor missing = covered.logical_not().nonzero().squeeze(1);
        prediction.logits.index_copy_(0, missing,
                                      voxelMeans.index_select(0, plan.grid.voxelOfPoint.index_select(0, missing)));
    }
    prediction.labels = prediction.logits.argmax(1);
    return prediction;
}

} // namespace pointq
