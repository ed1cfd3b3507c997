#include "model/PointNext.h"

#include "common/Errors.h"
#include "geometry/PointOps.h"

namespace pointq {

namespace {

at::Tensor quantizeToUint8(const at::Tensor& values, const InputQuantization& quantization)
{
    return quantizeToUint8Levels(values, quantization.scale, quantization.zeroPoint, quantization.quantMax);
}

// Ball query of `centres` among `support` and the relative positions dp = (p_j - p_i)
// of openpoints' 'dp_fj' aggregation features, divided by the radius when normalizeDp.
void groupPositions(const at::Tensor& centres, const at::Tensor& support, double radius, int nsample, bool normalizeDp,
                    BlockGeometry& geometry)
{
    geometry.groupIndices = ballQuery(support, centres, radius, nsample);
    at::Tensor dp = groupPoints(support.transpose(1, 2).contiguous(), geometry.groupIndices)
                    - centres.transpose(1, 2).unsqueeze(-1);
    if (normalizeDp)
        dp = dp / radius;
    geometry.relativePositions = dp;
}

// openpoints' 'dp_fj' aggregation features cat([dp, f_j]) of a grouping.
// With `quantization` the result is the quint8 tensor that quantizing the float result
// gives, built from features quantized once per point (N values per channel rather
// than M * nsample) and relative positions quantized after grouping.
at::Tensor groupFeatures(const BlockGeometry& geometry, const at::Tensor& features,
                         const std::optional<InputQuantization>& quantization)
{
    if (!quantization)
        return at::cat({geometry.relativePositions, groupPoints(features, geometry.groupIndices)}, 1);

    const at::Tensor groupedFeatures = groupPoints(quantizeToUint8(features, *quantization), geometry.groupIndices);
    const at::Tensor values = at::cat({quantizeToUint8(geometry.relativePositions, *quantization), groupedFeatures}, 1);
    return at::_make_per_tensor_quantized_tensor(values, quantization->scale, quantization->zeroPoint);
}

// The quantization the runner applies to the input of the first block of `blocks`.
std::optional<InputQuantization> firstInputQuantization(torch::nn::ModuleList& blocks, LayerRunner* runner)
{
    if (!runner || blocks->size() == 0)
        return std::nullopt;
    return runner->inputQuantization(*blocks[0]->as<ConvBlock>());
}

// Reduces (B, C, M, S) over the S neighbours to (B, C, M). An INT8 input is max-pooled
// before it is dequantized, which gives the same values (dequantization is monotonic)
// on 1/S of the data.
at::Tensor reduceNeighbours(const at::Tensor& grouped, const std::string& reduction)
{
    if (reduction == "max") {
        if (!grouped.is_quantized())
            return at::amax(grouped, -1);
        const std::vector<int64_t> window{1, grouped.size(-1)};
        const std::vector<int64_t> padding{0, 0};
        const std::vector<int64_t> dilation{1, 1};
        return dequantizeValues(at::max_pool2d(grouped, window, window, padding, dilation, false)).squeeze(-1);
    }
    const at::Tensor values = toFloat(grouped);
    if (reduction == "mean" || reduction == "avg")
        return values.mean(-1);
    return values.sum(-1);
}

// Runs a chain of blocks; the result may still be INT8 when the last block ran on INT8 kernels.
at::Tensor runBlocks(torch::nn::ModuleList& blocks, at::Tensor features, LayerRunner* runner)
{
    for (const auto& module : *blocks)
        features = module->as<ConvBlock>()->forward(features, runner);
    return features;
}

// Runs a chain of blocks on `features` grouped by `geometry`. The runner may run the first
// block on the groups without the grouped tensor being built (LayerRunner::runOnGroups).
at::Tensor runBlocksOnGroups(torch::nn::ModuleList& blocks, const BlockGeometry& geometry, const at::Tensor& features,
                             LayerRunner* runner)
{
    std::optional<at::Tensor> output;
    if (runner && blocks->size() > 0)
        output = runner->runOnGroups(*blocks[0]->as<ConvBlock>(), geometry.relativePositions, geometry.groupIndices,
                                     features);
    if (!output)
        return runBlocks(blocks, groupFeatures(geometry, features, firstInputQuantization(blocks, runner)), runner);
    at::Tensor chained = *output;
    for (size_t i = 1; i < blocks->size(); ++i)
        chained = blocks[i]->as<ConvBlock>()->forward(chained, runner);
    return chained;
}

} // namespace

int64_t BlockGeometry::bytes() const
{
    int64_t total = 0;
    for (const at::Tensor* tensor : {&sampleIndices, &centres, &groupIndices, &relativePositions})
        if (tensor->defined())
            total += tensor->nbytes();
    return total;
}

void validateEncoderArgs(const EncoderArgs& args)
{
    auto reject = [](const std::string& key, const std::string& value, const std::string& supported) {
        throw ConfigError("PointQ does not build " + key + " = '" + value + "'; supported: " + supported, {},
                          "key model.encoder_args." + key);
    };
    if (args.name != "PointNextEncoder")
        reject("NAME", args.name, "PointNextEncoder");
    if (args.featureType != "dp_fj")
        reject("aggr_args.feature_type", args.featureType, "dp_fj");
    if (args.groupName != "ballquery")
        reject("group_args.NAME", args.groupName, "ballquery");
    if (args.sampler != "fps")
        reject("sampler", args.sampler, "fps");
    if (args.convOrder != "conv-norm-act")
        reject("conv_args.order", args.convOrder, "conv-norm-act");
    if (args.activation != "relu")
        reject("act_args.act", args.activation, "relu");
    if (args.norm != "bn" && args.norm != "bn2d")
        reject("norm_args.norm", args.norm, "bn");
    if (args.block != "InvResMLP")
        reject("block", args.block, "InvResMLP");
    if (args.blocks.size() != args.strides.size())
        throw ConfigError("blocks has " + std::to_string(args.blocks.size()) + " entries but strides has "
                              + std::to_string(args.strides.size()) + "; they must have one entry per stage",
                          {}, "key model.encoder_args.blocks");
    if (args.radii.size() != args.blocks.size() || args.nsamples.size() != args.blocks.size())
        throw ConfigError("radius and nsample must expand to one list per stage", {}, "key model.encoder_args.radius");
}

SetAbstraction::SetAbstraction(int64_t inChannels, int64_t outChannels, int layers, int stride, double radius,
                               int nsample, const EncoderArgs& args, bool isHead)
    : m_stride(stride)
    , m_isHead(isHead)
    , m_groupAll(!isHead && stride == 1)
    , m_useResidual(args.saUseRes && !m_groupAll && !isHead)
    , m_radius(radius)
    , m_nsample(nsample)
    , m_normalizeDp(args.normalizeDp)
{
    const int64_t middle = stride > 1 ? outChannels / 2 : outChannels;
    std::vector<int64_t> channels{inChannels};
    for (int i = 0; i + 1 < layers; ++i)
        channels.push_back(middle);
    channels.push_back(outChannels);
    if (!isHead)
        channels[0] += 3; // dp_fj: relative positions come first

    if (m_useResidual && inChannels != outChannels)
        m_skipConv = register_module("skipconv", std::make_shared<ConvBlock>(LayerKind::Conv1d, inChannels, outChannels, false, false));

    m_convs = register_module("convs", torch::nn::ModuleList());
    for (size_t i = 0; i + 1 < channels.size(); ++i) {
        const bool last = i + 2 == channels.size();
        const bool relu = !(last && (m_useResidual || isHead));
        const LayerKind kind = isHead ? LayerKind::Conv1d : LayerKind::Conv2d;
        m_convs->push_back(std::make_shared<ConvBlock>(kind, channels[i], channels[i + 1], !isHead, relu));
    }
}

BlockGeometry SetAbstraction::computeGeometry(const at::Tensor& positions) const
{
    BlockGeometry geometry;
    geometry.centres = positions;
    if (m_isHead || m_groupAll)
        return geometry;
    geometry.sampleIndices = furthestPointSample(positions, positions.size(1) / m_stride);
    geometry.centres = gatherPositions(positions, geometry.sampleIndices);
    groupPositions(geometry.centres, positions, m_radius, m_nsample, m_normalizeDp, geometry);
    return geometry;
}

PointFeatures SetAbstraction::forward(const PointFeatures& input, LayerRunner* runner, StageOutput* trace,
                                      const BlockGeometry* geometry)
{
    if (m_isHead) {
        PointFeatures output{input.positions, toFloat(runBlocks(m_convs, input.features, runner))};
        if (trace)
            *trace = StageOutput{output.positions, output.features, {}, {}};
        return output;
    }

    if (m_groupAll) {
        const at::Tensor grouped = at::cat({input.positions.transpose(1, 2).unsqueeze(2), input.features.unsqueeze(2)}, 1);
        const at::Tensor features = reduceNeighbours(runBlocks(m_convs, grouped, runner), "max");
        if (trace)
            *trace = StageOutput{input.positions, features, {}, {}};
        return PointFeatures{input.positions, features};
    }

    const BlockGeometry computed = geometry ? BlockGeometry{} : computeGeometry(input.positions);
    const BlockGeometry& grouping = geometry ? *geometry : computed;
    at::Tensor identity;
    if (m_useResidual) {
        identity = gatherPoints(input.features, grouping.sampleIndices);
        if (m_skipConv)
            identity = toFloat(m_skipConv->forward(identity, runner));
    }
    at::Tensor features = reduceNeighbours(runBlocksOnGroups(m_convs, grouping, input.features, runner), "max");
    if (m_useResidual)
        features = at::relu(features + identity);
    if (trace)
        *trace = StageOutput{grouping.centres, features, grouping.sampleIndices, grouping.groupIndices};
    return PointFeatures{grouping.centres, features};
}

LocalAggregation::LocalAggregation(int64_t channels, double radius, int nsample, const EncoderArgs& args)
    : m_radius(radius)
    , m_nsample(nsample)
    , m_normalizeDp(args.normalizeDp)
    , m_reduction(args.reduction)
{
    m_convs = register_module("convs", torch::nn::ModuleList());
    m_convs->push_back(std::make_shared<ConvBlock>(LayerKind::Conv2d, channels + 3, channels, true, true));
}

BlockGeometry LocalAggregation::computeGeometry(const at::Tensor& positions) const
{
    BlockGeometry geometry;
    geometry.centres = positions;
    groupPositions(positions, positions, m_radius, m_nsample, m_normalizeDp, geometry);
    return geometry;
}

at::Tensor LocalAggregation::forward(const PointFeatures& input, LayerRunner* runner, StageOutput* trace,
                                     const BlockGeometry* geometry)
{
    const BlockGeometry computed = geometry ? BlockGeometry{} : computeGeometry(input.positions);
    const BlockGeometry& grouping = geometry ? *geometry : computed;
    if (trace && !trace->groupIndices.defined())
        trace->groupIndices = grouping.groupIndices;
    return reduceNeighbours(runBlocksOnGroups(m_convs, grouping, input.features, runner), m_reduction);
}

InvResMLP::InvResMLP(int64_t channels, double radius, int nsample, const EncoderArgs& args)
    : m_useResidual(args.useRes)
{
    m_aggregation = register_module("convs", std::make_shared<LocalAggregation>(channels, radius, nsample, args));
    const auto middle = static_cast<int64_t>(static_cast<double>(channels) * args.expansion);
    m_pointwise = register_module("pwconv", torch::nn::ModuleList());
    m_pointwise->push_back(std::make_shared<ConvBlock>(LayerKind::Conv1d, channels, middle, true, true));
    m_pointwise->push_back(std::make_shared<ConvBlock>(LayerKind::Conv1d, middle, channels, true, false));
}

BlockGeometry InvResMLP::computeGeometry(const at::Tensor& positions) const
{
    return m_aggregation->computeGeometry(positions);
}

PointFeatures InvResMLP::forward(const PointFeatures& input, LayerRunner* runner, StageOutput* trace,
                                 const BlockGeometry* geometry)
{
    at::Tensor features = m_aggregation->forward(input, runner, trace, geometry);
    features = toFloat(runBlocks(m_pointwise, features, runner));
    if (m_useResidual && features.size(-1) == input.features.size(-1))
        features = features + input.features;
    return PointFeatures{input.positions, at::relu(features)};
}

PointNextEncoder::PointNextEncoder(const EncoderArgs& args)
    : m_args(args)
    , m_channels(args.stageChannels())
{
    validateEncoderArgs(args);
    m_stages = register_module("encoder", torch::nn::ModuleList());
    int64_t inChannels = args.inChannels;
    for (size_t s = 0; s < args.blocks.size(); ++s) {
        const bool isHead = s == 0 && args.strides[s] == 1;
        auto stage = torch::nn::ModuleList();
        stage->push_back(std::make_shared<SetAbstraction>(inChannels, m_channels[s], isHead ? 1 : args.saLayers,
                                                          args.strides[s], args.radii[s][0], args.nsamples[s][0], args,
                                                          isHead));
        for (int b = 1; b < args.blocks[s]; ++b)
            stage->push_back(std::make_shared<InvResMLP>(m_channels[s], args.radii[s][b], args.nsamples[s][b], args));
        m_stages->push_back(stage);
        inChannels = m_channels[s];
    }
}

PointFeatures PointNextEncoder::forward(const PointFeatures& input, LayerRunner* runner, std::vector<StageOutput>* trace)
{
    return forwardStages(input, runner, trace).back();
}

std::vector<PointFeatures> PointNextEncoder::forwardStages(const PointFeatures& input, LayerRunner* runner,
                                                           std::vector<StageOutput>* trace)
{
    std::vector<PointFeatures> outputs{input};
    PointFeatures current = input;
    for (const auto& stageModule : *m_stages) {
        auto& stage = *stageModule->as<torch::nn::ModuleList>();
        StageOutput stageTrace;
        for (size_t b = 0; b < stage.size(); ++b) {
            StageOutput blockTrace;
            if (auto* abstraction = stage[b]->as<SetAbstraction>())
                current = abstraction->forward(current, runner, trace ? &stageTrace : nullptr);
            else
                current = stage[b]->as<InvResMLP>()->forward(current, runner, trace ? &blockTrace : nullptr);
        }
        if (trace) {
            stageTrace.positions = current.positions;
            stageTrace.features = current.features;
            trace->push_back(stageTrace);
        }
        outputs.push_back(current);
    }
    return outputs;
}

} // namespace pointq
