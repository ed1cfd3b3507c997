#include "model/Decoder.h"

#include "common/Errors.h"
#include "geometry/Interpolation.h"

namespace pointq {

namespace {

// Python's list[i] for a negative i.
template <typename T>
T& fromEnd(std::vector<T>& list, int64_t i)
{
    return list.at(static_cast<size_t>(static_cast<int64_t>(list.size()) + i));
}

at::Tensor runBlocks(torch::nn::ModuleList& blocks, at::Tensor features, LayerRunner* runner)
{
    for (const auto& module : *blocks) {
        if (auto* block = module->as<ConvBlock>())
            features = block->forward(features, runner);
        else
            features = module->as<torch::nn::Dropout>()->forward(toFloat(features));
    }
    return toFloat(features);
}

// One FeaturePropagation wrapped in the Sequential that openpoints' _make_dec builds,
// so that its parameters are named "<i>.0.convs...".
torch::nn::ModuleList decoderStage(const std::vector<int64_t>& mlp)
{
    torch::nn::ModuleList stage;
    stage->push_back(std::make_shared<FeaturePropagation>(mlp));
    return stage;
}

std::vector<int64_t> stageMlp(int64_t skipChannels, int64_t inChannels, int64_t fpChannels, int layers)
{
    std::vector<int64_t> mlp{skipChannels + inChannels};
    mlp.insert(mlp.end(), static_cast<size_t>(layers), fpChannels);
    return mlp;
}

FeaturePropagation& stageAt(torch::nn::ModuleList& stages, int64_t index)
{
    return *stages[static_cast<size_t>(index)]->as<torch::nn::ModuleList>()->ptr(0)->as<FeaturePropagation>();
}

} // namespace

FeaturePropagation::FeaturePropagation(const std::vector<int64_t>& mlp)
{
    m_convs = register_module("convs", torch::nn::ModuleList());
    for (size_t i = 0; i + 1 < mlp.size(); ++i)
        m_convs->push_back(std::make_shared<ConvBlock>(LayerKind::Conv1d, mlp[i], mlp[i + 1], true, true));
}

at::Tensor FeaturePropagation::forward(const PointFeatures& fine, const PointFeatures& coarse, LayerRunner* runner)
{
    at::Tensor features = threeInterpolation(fine.positions.contiguous(), coarse.positions.contiguous(),
                                             coarse.features.contiguous());
    if (fine.features.defined())
        features = at::cat({fine.features, features}, 1);
    return runBlocks(m_convs, features, runner);
}

PointNextDecoder::PointNextDecoder(const DecoderArgs& args, const std::vector<int>& encoderChannels, int64_t inChannels)
{
    const auto stages = static_cast<size_t>(args.decoderStages);
    std::vector<int64_t> skip(encoderChannels.begin(), encoderChannels.end() - 1);
    if (skip.size() < stages)
        skip.insert(skip.begin(), inChannels);
    std::vector<int64_t> fp(encoderChannels.begin(),
                            encoderChannels.begin() + static_cast<std::ptrdiff_t>(std::min(stages, encoderChannels.size())));
    const auto count = static_cast<int64_t>(fp.size());
    if (static_cast<int64_t>(skip.size()) < count)
        throw ConfigError("decoder_stages " + std::to_string(args.decoderStages) + " needs more encoder stages than the "
                              + std::to_string(encoderChannels.size()) + " the encoder has",
                          {}, "key model.decoder_args.decoder_stages");

    std::vector<torch::nn::ModuleList> built(static_cast<size_t>(count));
    int64_t channels = encoderChannels.back();
    for (int64_t i = -1; i >= -count; --i) {
        const int64_t fpChannels = fromEnd(fp, i);
        built[static_cast<size_t>(count + i)] = decoderStage(stageMlp(fromEnd(skip, i), channels, fpChannels, args.decoderLayers));
        channels = fpChannels;
    }
    m_stages = register_module("decoder", torch::nn::ModuleList());
    for (auto& stage : built)
        m_stages->push_back(stage);
    m_outChannels = fp.front();
}

at::Tensor PointNextDecoder::forward(std::vector<PointFeatures> stages, const at::Tensor&, LayerRunner* runner)
{
    const auto count = static_cast<int64_t>(m_stages->size());
    for (int64_t i = -1; i >= -count; --i) {
        const PointFeatures& fine = fromEnd(stages, i - 1);
        fromEnd(stages, i - 1).features = stageAt(m_stages, count + i).forward(fine, fromEnd(stages, i), runner);
    }
    return fromEnd(stages, -count - 1).features;
}

PointNextPartDecoder::PointNextPartDecoder(const DecoderArgs& args, const std::vector<int>& encoderChannels)
    : m_clsMap(args.clsMap)
    , m_shapeClassCount(args.numShapeClasses)
{
    if (encoderChannels.size() < 3)
        throw ConfigError("PointNextPartDecoder needs at least 3 encoder stages, the encoder has "
                              + std::to_string(encoderChannels.size()),
                          {}, "key model.encoder_args.blocks");
    const std::vector<int64_t> fp(encoderChannels.begin(), encoderChannels.end() - 1);
    std::vector<int64_t> skip = fp;
    const int64_t last = fp.back();
    const int64_t beforeLast = fp[fp.size() - 2];
    if (m_clsMap == "curvenet") {
        // openpoints sizes these from fp_channels * 2, which is the coarser stage's width
        // only when every stage doubles the width.
        if (last * 2 != encoderChannels.back() || beforeLast * 2 != encoderChannels[encoderChannels.size() - 2])
            throw ConfigError("cls_map 'curvenet' needs the last two encoder stages to double the width", {},
                              "key model.decoder_args.cls_map");
        m_globalConv2 = register_module("global_conv2", torch::nn::ModuleList());
        m_globalConv2->push_back(std::make_shared<ConvBlock>(LayerKind::Conv1d, last * 2, 128, false, true));
        m_globalConv1 = register_module("global_conv1", torch::nn::ModuleList());
        m_globalConv1->push_back(std::make_shared<ConvBlock>(LayerKind::Conv1d, beforeLast * 2, 64, false, true));
        skip[0] += 64 + 128 + m_shapeClassCount;
    } else if (m_clsMap == "pointnet2") {
        m_classConv = register_module("convc", torch::nn::ModuleList());
        m_classConv->push_back(std::make_shared<ConvBlock>(LayerKind::Conv1d, m_shapeClassCount, 64, false, true));
        skip[0] += 64;
    } else {
        // 'pointnext' and 'pointnext1' index a cls2partembed tensor that openpoints passes
        // in from outside the config and does not store in the state dict.
        throw ConfigError("PointQ builds PointNextPartDecoder with cls_map 'pointnet2' or 'curvenet', found '" + m_clsMap
                              + "'",
                          {}, "key model.decoder_args.cls_map");
    }

    const auto count = static_cast<int64_t>(fp.size());
    std::vector<torch::nn::ModuleList> built(static_cast<size_t>(count));
    int64_t channels = encoderChannels.back();
    for (int64_t i = -1; i >= -count; --i) {
        const int64_t fpChannels = fp[static_cast<size_t>(count + i)];
        built[static_cast<size_t>(count + i)] = decoderStage(stageMlp(fromEnd(skip, i), channels, fpChannels, args.decoderLayers));
        channels = fpChannels;
    }
    m_stages = register_module("decoder", torch::nn::ModuleList());
    for (auto& stage : built)
        m_stages->push_back(stage);
    m_outChannels = fp.front();
}

at::Tensor PointNextPartDecoder::shapeEmbedding(const std::vector<PointFeatures>& stages, const at::Tensor& shapeClasses,
                                                LayerRunner* runner)
{
    const int64_t batch = stages.front().positions.size(0);
    const int64_t points = stages.front().positions.size(1);
    if (!shapeClasses.defined() || shapeClasses.numel() != batch)
        throw Error("BasePartSeg needs one shape category per cloud (" + std::to_string(batch) + "), got "
                    + (shapeClasses.defined() ? std::to_string(shapeClasses.numel()) : std::string("none")));
    const at::Tensor categories = shapeClasses.to(at::kLong).reshape({batch, 1});
    if (categories.min().item<int64_t>() < 0 || categories.max().item<int64_t>() >= m_shapeClassCount)
        throw Error("shape categories must lie in 0.." + std::to_string(m_shapeClassCount - 1));
    const at::Tensor oneHot = at::zeros({batch, m_shapeClassCount}, at::kFloat).scatter_(1, categories, 1.0).unsqueeze(-1);

    if (m_clsMap == "pointnet2")
        return runBlocks(m_classConv, oneHot.repeat({1, 1, points}), runner);

    const at::Tensor coarse = stages[stages.size() - 2].features;
    const at::Tensor coarsest = stages.back().features;
    const at::Tensor embedding1 = std::get<0>(runBlocks(m_globalConv1, coarse, runner).max(-1, true));
    const at::Tensor embedding2 = std::get<0>(runBlocks(m_globalConv2, coarsest, runner).max(-1, true));
    return at::cat({embedding1, embedding2, oneHot}, 1).expand({-1, -1, points});
}

at::Tensor PointNextPartDecoder::forward(std::vector<PointFeatures> stages, const at::Tensor& shapeClasses,
                                         LayerRunner* runner)
{
    const at::Tensor embedding = shapeEmbedding(stages, shapeClasses, runner);
    const auto count = static_cast<int64_t>(m_stages->size());
    // openpoints runs every stage but the finest in the loop, then the finest with the
    // category embedding placed before the first stage's features.
    for (int64_t i = -1; i > -count; --i) {
        const PointFeatures& fine = fromEnd(stages, i - 1);
        fromEnd(stages, i - 1).features = stageAt(m_stages, count + i).forward(fine, fromEnd(stages, i), runner);
    }
    const PointFeatures fine{stages[1].positions, at::cat({embedding, stages[1].features}, 1)};
    return stageAt(m_stages, 0).forward(fine, stages[2], runner);
}

SegHead::SegHead(const ClsHeadArgs& args, int64_t inChannels)
    : m_globalFeat(args.globalFeat)
{
    if (args.name != "SegHead")
        throw ConfigError("PointQ builds cls_args.NAME = SegHead for segmentation, got '" + args.name + "'", {},
                          "key model.cls_args.NAME");
    if (!args.activation.empty() && args.activation != "relu")
        throw ConfigError("PointQ builds SegHead with act_args.act = relu only, got '" + args.activation + "'", {},
                          "key model.cls_args.act_args.act");
    const int64_t width = inChannels * static_cast<int64_t>(m_globalFeat.size() + 1);
    std::vector<int64_t> channels{width};
    if (args.hiddenAsWideAsInput)
        channels.push_back(width);
    else
        channels.insert(channels.end(), args.mlps.begin(), args.mlps.end());
    channels.push_back(args.numClasses);

    const bool withNorm = !args.norm.empty();
    const bool withRelu = !args.activation.empty();
    m_head = register_module("head", torch::nn::ModuleList());
    for (size_t i = 0; i + 2 < channels.size(); ++i) {
        m_head->push_back(std::make_shared<ConvBlock>(LayerKind::Conv1d, channels[i], channels[i + 1], withNorm, withRelu));
        if (args.dropout > 0)
            m_head->push_back(torch::nn::Dropout(args.dropout));
    }
    m_head->push_back(std::make_shared<ConvBlock>(LayerKind::Conv1d, channels[channels.size() - 2], channels.back(), false, false));
}

at::Tensor SegHead::forward(const at::Tensor& features, LayerRunner* runner)
{
    at::Tensor input = features;
    if (!m_globalFeat.empty()) {
        std::vector<at::Tensor> parts{features};
        for (const auto& kind : m_globalFeat) {
            const at::Tensor pooled = kind == "max" ? std::get<0>(features.max(-1, true)) : features.mean(-1, true);
            parts.push_back(pooled.expand({-1, -1, features.size(-1)}));
        }
        input = at::cat(parts, 1);
    }
    return runBlocks(m_head, input, runner);
}

std::shared_ptr<SegmentationDecoder> buildDecoder(const ModelArgs& args, const std::vector<int>& encoderChannels)
{
    if (args.decoder.name.empty())
        throw ConfigError("PointQ builds " + args.name + " with a decoder only; add model.decoder_args", {},
                          "key model.decoder_args");
    for (const int blocks : args.decoder.decoderBlocks) {
        if (blocks != 1)
            throw ConfigError("PointQ builds decoders with one feature propagation per stage (decoder_blocks of 1), "
                              "found " + std::to_string(blocks),
                              {}, "key model.decoder_args.decoder_blocks");
    }
    if (args.decoder.name == "PointNextDecoder")
        return std::make_shared<PointNextDecoder>(args.decoder, encoderChannels, args.encoder.inChannels);
    return std::make_shared<PointNextPartDecoder>(args.decoder, encoderChannels);
}

} // namespace pointq
