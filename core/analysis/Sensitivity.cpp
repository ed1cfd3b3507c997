#include "analysis/Sensitivity.h"

#include "analysis/LayerGroups.h"
#include "analysis/SweepRunner.h"
#include "analysis/SweepSchedule.h"
#include "common/Errors.h"
#include "eval/Evaluation.h"
#include "eval/Metrics.h"

#include <chrono>
#include <cmath>
#include <numeric>

namespace pointq {

namespace {

double cosineSimilarity(const at::Tensor& reference, const at::Tensor& values)
{
    return at::cosine_similarity(reference.to(at::kDouble), values.to(at::kDouble), 1).mean().item<double>();
}

} // namespace

const char* sweepModeName(SweepMode mode)
{
    switch (mode) {
    case SweepMode::Only: return "only";
    case SweepMode::AllBut: return "all-but";
    case SweepMode::Both: return "both";
    }
    return "?";
}

SweepMode parseSweepMode(const std::string& name)
{
    if (name == "only")
        return SweepMode::Only;
    if (name == "all-but")
        return SweepMode::AllBut;
    if (name == "both")
        return SweepMode::Both;
    throw QuantizationError("the sweep mode must be only, all-but or both, got '" + name + "'", {}, "--mode");
}

OutputFigures compareOutputs(const at::Tensor& fp32Logits, const at::Tensor& logits, const at::Tensor& labels)
{
    OutputFigures figures;
    figures.sqnrDb = sqnrDb(fp32Logits, logits);
    figures.cosineSimilarity = cosineSimilarity(fp32Logits, logits);
    figures.top1Agreement = 100.0 * top1Agreement(fp32Logits, logits);
    if (labels.defined() && labels.ge(0).any().item<bool>()) {
        figures.hasAccuracy = true;
        figures.overallAccuracy = classificationMetrics(logits, labels).overallAccuracy;
        figures.accuracyDelta = figures.overallAccuracy - classificationMetrics(fp32Logits, labels).overallAccuracy;
    }
    return figures;
}

std::vector<size_t> layersBySensitivity(const SensitivityResult& result)
{
    std::vector<size_t> order(result.layers.size());
    std::iota(order.begin(), order.end(), size_t(0));
    const double baseline = result.allQuantized.sqnrDb;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const LayerSensitivity& left = result.layers[a];
        const LayerSensitivity& right = result.layers[b];
        if (left.hasOnly && right.hasOnly)
            return left.onlyThis.sqnrDb < right.onlyThis.sqnrDb;
        return left.allButThis.sqnrDb - baseline > right.allButThis.sqnrDb - baseline;
    });
    return order;
}

namespace {

LayerSensitivity describeLayer(const ConvBlock& layer, size_t position)
{
    LayerSensitivity sensitivity;
    sensitivity.name = layer.layerName();
    sensitivity.stage = layer.place().stage < 0 ? "head" : "stage" + std::to_string(layer.place().stage);
    sensitivity.block = layer.place().block;
    sensitivity.blockType = layer.place().blockType;
    sensitivity.kind = layerKindName(layer.kind());
    sensitivity.position = position;
    return sensitivity;
}

SimulationGap summarizeGap(const std::string& name, const GapAccumulator& gap)
{
    SimulationGap summary;
    summary.name = name;
    summary.maxAbsDifference = gap.maxAbsDifference;
    summary.maxDifferenceInSteps = gap.maxDifferenceInSteps;
    summary.sqnrDb = gap.differenceSquares == 0.0 ? std::numeric_limits<double>::infinity()
                                                   : 10.0 * std::log10(gap.kernelSquares / gap.differenceSquares);
    return summary;
}

} // namespace

// The clouds [begin, end), followed by copies of the last one up to batchSize clouds.
// Every cloud's logits are independent of the others in its batch, so the copies change
// nothing but keep one batch shape. The oneDNN INT8 kernels of LibTorch 1.13 failed
// here ("could not create a primitive descriptor for a reorder primitive") whenever one
// model ran batches of different sizes, such as a short last batch after full ones.
// NOTE: the copies also enter the sums of the simulation gap, which weighs the last
// cloud more when the cloud count is not a multiple of the batch size.
ModelInput paddedBatch(const ModelInputs& inputs, int64_t begin, int64_t end, int64_t batchSize)
{
    const int64_t total = inputs.pos.size(0);
    if (end - begin == batchSize || total < batchSize)
        return sliceInputs(inputs, begin, end);
    const at::Tensor order = at::arange(begin, begin + batchSize, at::kLong).clamp_max(end - 1);
    return ModelInput{inputs.pos.index_select(0, order).contiguous(), inputs.x.index_select(0, order).contiguous()};
}

namespace {

// Indices into the configuration list of one layer's or group's two modes, -1 when
// the mode is not measured.
struct ModeIndices {
    int only = -1;
    int allBut = -1;
};

struct ConfigurationPlan {
    std::vector<SweepConfiguration> configurations;
    std::vector<ModeIndices> layers;
    std::vector<ModeIndices> groups;
};

ModeIndices addConfigurations(ConfigurationPlan& plan, const SweepRunner& sweep, const std::vector<size_t>& positions,
                              bool only, bool allBut)
{
    ModeIndices indices;
    if (only) {
        indices.only = static_cast<int>(plan.configurations.size());
        plan.configurations.push_back(sweep.configuration(positions, true));
    }
    if (allBut) {
        indices.allBut = static_cast<int>(plan.configurations.size());
        plan.configurations.push_back(sweep.configuration(positions, false));
    }
    return indices;
}

// Configurations per layer, then per group. A group of one layer (a stem, say) reuses
// that layer's configurations instead of measuring them twice.
ConfigurationPlan planConfigurations(const SweepRunner& sweep, const std::vector<LayerGroup>& groups, bool only,
                                     bool allBut)
{
    ConfigurationPlan plan;
    for (size_t position = 0; position < sweep.sequence().layers().size(); ++position)
        plan.layers.push_back(addConfigurations(plan, sweep, {position}, only, allBut));
    for (const LayerGroup& group : groups) {
        if (group.positions.size() == 1)
            plan.groups.push_back(plan.layers.at(group.positions.front()));
        else
            plan.groups.push_back(addConfigurations(plan, sweep, group.positions, only, allBut));
    }
    return plan;
}

// Fills the layer and group figures from the configurations' logits.
void collectFigures(SensitivityResult& result, const BlockSequence& sequence, const std::vector<LayerGroup>& groups,
                    const ConfigurationPlan& plan, const at::Tensor& fp32, const at::Tensor& labels)
{
    const auto figuresOf = [&](int index) { return compareOutputs(fp32, at::cat(plan.configurations.at(index).logits), labels); };
    for (size_t position = 0; position < sequence.layers().size(); ++position) {
        LayerSensitivity layer = describeLayer(*sequence.layers()[position], position);
        const ModeIndices& indices = plan.layers.at(position);
        layer.hasOnly = indices.only >= 0;
        layer.hasAllBut = indices.allBut >= 0;
        if (layer.hasOnly)
            layer.onlyThis = figuresOf(indices.only);
        if (layer.hasAllBut)
            layer.allButThis = figuresOf(indices.allBut);
        result.layers.push_back(layer);
    }
    for (size_t g = 0; g < groups.size(); ++g) {
        const LayerGroup& group = groups[g];
        GroupSensitivity measured;
        measured.name = group.name;
        measured.level = group.level;
        measured.blockType = group.blockType;
        for (const size_t position : group.positions)
            measured.layers.push_back(sequence.layers()[position]->layerName());
        const ModeIndices& indices = plan.groups.at(g);
        measured.hasOnly = indices.only >= 0;
        measured.hasAllBut = indices.allBut >= 0;
        if (measured.hasOnly)
            measured.onlyThis = figuresOf(indices.only);
        if (measured.hasAllBut)
            measured.allButThis = figuresOf(indices.allBut);
        result.groups.push_back(measured);
    }
}

void collectGap(SensitivityResult& result, const BlockSequence& sequence, const SweepOutputs& outputs,
                const at::Tensor& fp32, const at::Tensor& labels)
{
    result.hasGap = true;
    for (size_t position = 0; position < outputs.gaps.size(); ++position)
        result.gaps.push_back(summarizeGap(sequence.layers()[position]->layerName(), outputs.gaps[position]));
    const at::Tensor kernel = at::cat(outputs.quantized);
    const at::Tensor simulated = at::cat(outputs.simulated);
    result.endToEndGap.sqnrDb = sqnrDb(kernel, simulated);
    result.endToEndGap.maxAbsLogitDifference = (kernel - simulated).abs().max().item<double>();
    result.endToEndGap.top1Agreement = 100.0 * top1Agreement(kernel, simulated);
    result.endToEndGap.simulated = compareOutputs(fp32, simulated, labels);
}

double rerunFraction(const BlockSequence& sequence, const std::vector<SweepConfiguration>& configurations)
{
    if (configurations.empty())
        return 0.0;
    // Layers of the blocks before resumeBlock do not run, and replayed ones reuse the
    // reference pass output.
    const size_t layers = sequence.layers().size();
    double rerun = 0.0;
    for (const SweepConfiguration& configuration : configurations) {
        size_t computed = 0;
        for (size_t position = sequence.blocks()[configuration.resumeBlock].firstLayer; position < layers; ++position)
            computed += configuration.replayed.at(position) ? 0 : 1;
        rerun += static_cast<double>(computed) / static_cast<double>(layers);
    }
    return rerun / static_cast<double>(configurations.size());
}

} // namespace

SensitivityResult runSensitivitySweep(PointNextClassifier& model, const Calibrator& calibration, const ModelInputs& inputs,
                                      const SensitivitySettings& settings, const JobContext& context)
{
    if (settings.batchSize < 1)
        throw QuantizationError("the sweep batch size must be at least 1, got " + std::to_string(settings.batchSize));
    if (inputs.pos.size(0) < 1)
        throw QuantizationError("the sensitivity sweep needs at least one cloud");
    const auto start = std::chrono::steady_clock::now();
    at::NoGradGuard noGrad;
    SweepRunner sweep(model, calibration, sliceInputs(inputs, 0, 1), settings);

    SensitivityResult result;
    result.settings = settings;
    result.engine = sweep.bank().engine;
    result.engineFellBack = sweep.bank().engineFellBack;
    result.backend = sweep.usesKernels() ? sweep.bank().engine + " INT8 kernels"
                                         : "simulated " + std::to_string(settings.bits) + "-bit";
    result.clouds = inputs.pos.size(0);

    const std::vector<LayerGroup> groups = settings.groups ? layerGroups(sweep.sequence()) : std::vector<LayerGroup>();
    ConfigurationPlan plan =
        planConfigurations(sweep, groups, settings.mode != SweepMode::AllBut, settings.mode != SweepMode::Only);
    const SweepOutputs outputs = runBatches(sweep, inputs, settings.batchSize, plan.configurations, context);

    const at::Tensor fp32 = at::cat(outputs.fp32);
    const at::Tensor labels = inputs.labels.defined() ? inputs.labels : at::Tensor();
    result.allQuantized = compareOutputs(fp32, at::cat(outputs.quantized), labels);
    result.labelled = result.allQuantized.hasAccuracy;
    if (result.labelled)
        result.fp32OverallAccuracy = classificationMetrics(fp32, labels).overallAccuracy;
    collectFigures(result, sweep.sequence(), groups, plan, fp32, labels);
    if (!outputs.simulated.empty())
        collectGap(result, sweep.sequence(), outputs, fp32, labels);

    result.configurations = static_cast<int64_t>(plan.configurations.size());
    result.rerunFraction = settings.cacheActivations ? rerunFraction(sweep.sequence(), plan.configurations) : 1.0;
    result.activationCacheBytes = outputs.activationCacheBytes;
    result.geometryCacheBytes = outputs.geometryCacheBytes;
    result.sweepSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    context.report(1.0, "sweep done");
    return result;
}

} // namespace pointq
