#pragma once

#include "config/ModelArgs.h"
#include "model/Decoder.h"
#include "model/PointNext.h"

#include <memory>

namespace pointq {

/// openpoints' ClsHead: linear blocks with batch norm, ReLU and dropout, then a
/// linear layer to the class logits. Index i of `head` matches openpoints' Sequential.
class ClsHead : public torch::nn::Module {
public:
    ClsHead(const ClsHeadArgs& args, int64_t inChannels);
    at::Tensor forward(const at::Tensor& features, LayerRunner* runner);

private:
    std::vector<std::string> m_globalFeat;
    torch::nn::ModuleList m_head;
};

/// The network input: positions and per-point features, as openpoints' `data['pos']`
/// and `data['x']`.
struct ModelInput {
    ModelInput() = default;
    // A constructor rather than aggregate initialization, so that the two-tensor form
    // used for classification stays free of missing-initializer warnings.
    ModelInput(at::Tensor positionsIn, at::Tensor featuresIn, at::Tensor shapeClassesIn = {})
        : positions(std::move(positionsIn)), features(std::move(featuresIn)), shapeClasses(std::move(shapeClassesIn))
    {
    }

    at::Tensor positions; ///< (B, N, 3) float32
    at::Tensor features;  ///< (B, C, N) float32, C = encoder in_channels
    at::Tensor shapeClasses; ///< (B) int64 object category, as openpoints' `data['cls']`; BasePartSeg only
};

/// openpoints' BaseCls (a PointNextEncoder and a ClsHead under `prediction`), BaseSeg
/// (encoder, PointNextDecoder and a SegHead under `head`) or BasePartSeg (the same with
/// a PointNextPartDecoder). Its parameter and buffer names equal the keys of openpoints'
/// state_dict for the same config.
/// TODO: rename to PointNextModel; the name predates segmentation and is kept so that
/// code written against it keeps compiling.
class PointNextClassifier : public torch::nn::Module {
public:
    explicit PointNextClassifier(const ModelArgs& args);

    /// Returns (B, num_classes) logits for BaseCls and (B, num_classes, N) per-point
    /// logits for the segmentation models. When trace is given it receives every encoder stage.
    at::Tensor forward(const ModelInput& input, LayerRunner* runner = nullptr, std::vector<StageOutput>* trace = nullptr);

    /// True for BaseSeg and BasePartSeg, whose logits are per point.
    bool segments() const { return m_decoder != nullptr; }

    /// Every convolution and linear block in execution order, with names and places set.
    const std::vector<std::shared_ptr<ConvBlock>>& layers() const { return m_layers; }
    const ModelArgs& args() const { return m_args; }

private:
    void collectLayers();

    ModelArgs m_args;
    std::shared_ptr<PointNextEncoder> m_encoder;
    std::shared_ptr<ClsHead> m_head;
    std::shared_ptr<SegmentationDecoder> m_decoder;
    std::shared_ptr<SegHead> m_segHead;
    std::vector<std::shared_ptr<ConvBlock>> m_layers;
};

/// Builds the model a config describes (BaseCls, BaseSeg or BasePartSeg); throws
/// ConfigError for model kinds and options PointQ does not build.
std::shared_ptr<PointNextClassifier> buildModel(const ModelArgs& args);

} // namespace pointq
