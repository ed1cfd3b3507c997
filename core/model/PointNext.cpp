#include "model/PointNext.h"

#include "common/Errors.h"
#include "geometry/PointOps.h"

namespace pointq {

namespace {

// Ball-query grouping followed by openpoints' 'dp_fj' aggregation features:
// cat([dp, f_j]) with dp = (p_j - p_i), divided by the radius when normalizeDp.
at::Tensor groupNeighbours(const at::Tensor& centres, const at::Tensor& support, const at::Tensor& features,
                           double radius, int nsample, bool normalizeDp, at::Tensor* indicesOut)
{
    const at::Tensor indices = ballQuery(support, centres, radius, nsample);
    at::Tensor dp = groupPoints(support.transpose(1, 2).contiguous(), indices)
                    - centres.transpose(1, 2).unsqueeze(-1);
    if (normalizeDp)
        dp = dp / radius;
    if (indicesOut)
        *indicesOut = indices;
    return at::cat({dp, groupPoints(features, indices)}, 1);
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
        return at::max_pool2d(grouped, window, window, padding, dilation, false).dequantize().squeeze(-1);
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

} // namespace

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

PointFeatures SetAbstraction::forward(const PointFeatures& input, LayerRunner* runner, StageOutput* trace)
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

    const at::Tensor sampleIndices = furthestPointSample(input.positions, input.positions.size(1) / m_stride);
    const at::Tensor centres = gatherPositions(input.positions, sampleIndices);
    at::Tensor identity;
    if (m_useResidual) {
        identity = gatherPoints(input.features, sampleIndices);
        if (m_skipConv)
            identity = toFloat(m_skipConv->forward(identity, runner));
    }
    at::Tensor groupIndices;
    const at::Tensor grouped = groupNeighbours(centres, input.positions, input.features, m_radius, m_nsample,
                                               m_normalizeDp, &groupIndices);
    at::Tensor features = reduceNeighbours(runBlocks(m_convs, grouped, runner), "max");
    if (m_useResidual)
        features = at::relu(features + identity);
    if (trace)
        *trace = StageOutput{centres, features, sampleIndices, groupIndices};
    return PointFeatures{centres, features};
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

at::Tensor LocalAggregation::forward(const PointFeatures& input, LayerRunner* runner, StageOutput* trace)
{
    at::Tensor groupIndices;
    const at::Tensor grouped = groupNeighbours(input.positions, input.positions, input.features, m_radius, m_nsample,
                                               m_normalizeDp, &groupIndices);
    if (trace && !trace->groupIndices.defined())
        trace->groupIndices = groupIndices;
    return reduceNeighbours(runBlocks(m_convs, grouped, runner), m_reduction);
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

PointFeatures InvResMLP::forward(const PointFeatures& input, LayerRunner* runner, StageOutput* trace)
{
    at::Tensor features = m_aggregation->forward(input, runner, trace);
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
