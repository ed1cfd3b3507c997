#include "model/Classifier.h"

#include "common/Errors.h"

#include <sstream>

namespace pointq {

namespace {

// "decoder.decoder.3.0.convs.1" is decoder stage 3, role "convs.1"; the category
// embedding of the part decoder ("decoder.convc.0", "decoder.global_conv1.0") has block -1.
LayerPlace decoderPlace(const std::string& name)
{
    LayerPlace place;
    const std::string stagePrefix = "decoder.decoder.";
    if (name.rfind(stagePrefix, 0) == 0) {
        std::istringstream parts(name.substr(stagePrefix.size()));
        std::string stage, inner;
        std::getline(parts, stage, '.');
        std::getline(parts, inner, '.');
        std::getline(parts, place.role);
        place.block = std::stoi(stage);
        place.blockType = "FeaturePropagation";
        return place;
    }
    place.blockType = "ShapeEmbedding";
    place.role = name.substr(std::string("decoder.").size());
    return place;
}

// Splits "encoder.encoder.1.0.convs.0" into stage 1, block 0, role "convs.0".
LayerPlace placeOf(const std::string& name, const PointNextEncoder& encoder, const torch::nn::Module& block)
{
    LayerPlace place;
    const std::string encoderPrefix = "encoder.encoder.";
    if (name.rfind("decoder.", 0) == 0)
        return decoderPlace(name);
    if (name.rfind(encoderPrefix, 0) != 0) {
        place.blockType = name.rfind("head.", 0) == 0 ? "SegHead" : "ClsHead";
        place.role = name.substr(name.find('.') + 1);
        return place;
    }
    std::istringstream parts(name.substr(encoderPrefix.size()));
    std::string stage, blockIndex;
    std::getline(parts, stage, '.');
    std::getline(parts, blockIndex, '.');
    std::getline(parts, place.role);
    place.stage = std::stoi(stage);
    place.block = std::stoi(blockIndex);
    if (const auto* abstraction = block.as<SetAbstraction>())
        place.blockType = abstraction->isHead() ? "stem" : (abstraction->groupsAll() ? "GroupAll" : "SetAbstraction");
    else
        place.blockType = "InvResMLP";
    return place;
}

} // namespace

ClsHead::ClsHead(const ClsHeadArgs& args, int64_t inChannels)
    : m_globalFeat(args.globalFeat)
{
    if (args.name != "ClsHead")
        throw ConfigError("PointQ does not build cls_args.NAME = '" + args.name + "'; supported: ClsHead", {},
                          "key model.cls_args.NAME");
    if (args.activation != "relu")
        throw ConfigError("PointQ builds ClsHead with act_args.act = relu only, got '" + args.activation + "'", {},
                          "key model.cls_args.act_args.act");
    std::vector<int64_t> channels{inChannels * static_cast<int64_t>(std::max<size_t>(1, m_globalFeat.size()))};
    channels.insert(channels.end(), args.mlps.begin(), args.mlps.end());
    channels.push_back(args.numClasses);

    const bool withNorm = !args.norm.empty();
    m_head = register_module("head", torch::nn::ModuleList());
    for (size_t i = 0; i + 2 < channels.size(); ++i) {
        m_head->push_back(std::make_shared<ConvBlock>(LayerKind::Linear, channels[i], channels[i + 1], withNorm, true));
        if (args.dropout > 0)
            m_head->push_back(torch::nn::Dropout(args.dropout));
    }
    m_head->push_back(std::make_shared<ConvBlock>(LayerKind::Linear, channels[channels.size() - 2], channels.back(), false, false));
}

at::Tensor ClsHead::forward(const at::Tensor& features, LayerRunner* runner)
{
    at::Tensor output = features;
    if (!m_globalFeat.empty()) {
        std::vector<at::Tensor> pooled;
        for (const auto& kind : m_globalFeat)
            pooled.push_back(kind == "max" ? std::get<0>(features.max(2)) : features.mean(2));
        output = at::cat(pooled, 1);
    }
    for (const auto& module : *m_head) {
        if (auto* block = module->as<ConvBlock>())
            output = block->forward(output, runner);
        else
            output = module->as<torch::nn::Dropout>()->forward(output);
    }
    return toFloat(output);
}

PointNextClassifier::PointNextClassifier(const ModelArgs& args)
    : m_args(args)
{
    m_encoder = register_module("encoder", std::make_shared<PointNextEncoder>(args.encoder));
    if (args.name == "BaseCls") {
        m_head = register_module("prediction", std::make_shared<ClsHead>(args.head, m_encoder->outChannels()));
    } else {
        m_decoder = register_module("decoder", buildDecoder(args, m_encoder->channels()));
        m_segHead = register_module("head", std::make_shared<SegHead>(args.head, m_decoder->outChannels()));
    }
    collectLayers();
}

void PointNextClassifier::collectLayers()
{
    // A block's place comes from its parent stage block, "encoder.encoder.<s>.<b>".
    std::map<std::string, std::shared_ptr<torch::nn::Module>> stageBlocks;
    for (const auto& item : named_modules("", false)) {
        const std::string& name = item.key();
        if (std::count(name.begin(), name.end(), '.') == 3 && name.rfind("encoder.encoder.", 0) == 0)
            stageBlocks[name] = item.value();
    }
    for (const auto& item : named_modules("", false)) {
        auto block = std::dynamic_pointer_cast<ConvBlock>(item.value());
        if (!block)
            continue;
        const std::string& name = item.key();
        block->setLayerName(name);
        const std::string prefix = name.substr(0, name.find('.', name.find('.', std::string("encoder.encoder.").size()) + 1));
        const auto owner = stageBlocks.find(prefix);
        block->setPlace(placeOf(name, *m_encoder, owner == stageBlocks.end() ? *block : *owner->second));
        m_layers.push_back(block);
    }
}

at::Tensor PointNextClassifier::forward(const ModelInput& input, LayerRunner* runner, std::vector<StageOutput>* trace)
{
    const PointFeatures network{input.positions, input.features};
    if (m_decoder) {
        std::vector<PointFeatures> stages = m_encoder->forwardStages(network, runner, trace);
        return m_segHead->forward(m_decoder->forward(std::move(stages), input.shapeClasses, runner), runner);
    }
    const PointFeatures encoded = m_encoder->forward(network, runner, trace);
    return m_head->forward(encoded.features.squeeze(-1), runner);
}

std::shared_ptr<PointNextClassifier> buildModel(const ModelArgs& args)
{
    if (args.name != "BaseCls" && args.name != "BaseSeg" && args.name != "BasePartSeg")
        throw ConfigError("PointQ builds model.NAME = BaseCls, BaseSeg or BasePartSeg; '" + args.name
                              + "' is not supported",
                          {}, "key model.NAME");
    auto model = std::make_shared<PointNextClassifier>(args);
    model->eval();
    return model;
}

} // namespace pointq
