#pragma once

#include "config/ModelArgs.h"
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
    at::Tensor positions; ///< (B, N, 3) float32
    at::Tensor features;  ///< (B, C, N) float32, C = encoder in_channels
};

/// openpoints' BaseCls: a PointNextEncoder followed by a ClsHead. Its parameter and
/// buffer names equal the keys of openpoints' state_dict for the same config.
class PointNextClassifier : public torch::nn::Module {
public:
    explicit PointNextClassifier(const ModelArgs& args);

    /// Returns (B, num_classes) logits. When trace is given it receives every encoder stage.
    at::Tensor forward(const ModelInput& input, LayerRunner* runner = nullptr, std::vector<StageOutput>* trace = nullptr);

    /// Every convolution and linear block in execution order, with names and places set.
    const std::vector<std::shared_ptr<ConvBlock>>& layers() const { return m_layers; }
    const ModelArgs& args() const { return m_args; }

private:
    void collectLayers();

    ModelArgs m_args;
    std::shared_ptr<PointNextEncoder> m_encoder;
    std::shared_ptr<ClsHead> m_head;
    std::vector<std::shared_ptr<ConvBlock>> m_layers;
};

/// Builds the model a config describes; throws ConfigError for model kinds PointQ does not build.
std::shared_ptr<PointNextClassifier> buildModel(const ModelArgs& args);

} // namespace pointq
