#pragma once

#include "config/ModelArgs.h"
#include "model/ConvBlock.h"
#include "model/PointNext.h"

#include <torch/nn.h>

#include <vector>

namespace pointq {

/// openpoints' FeaturePropogation in its upsampling form: the coarse features are
/// interpolated onto the fine points with three_interpolation, concatenated after the
/// fine (skip) features, and run through Conv1d + BatchNorm1d + ReLU blocks
/// (children "convs.<i>"). openpoints always builds these blocks with bn1d, whatever the
/// config's norm_args set.
class FeaturePropagation : public torch::nn::Module {
public:
    /// mlp: input channels followed by each block's output channels.
    explicit FeaturePropagation(const std::vector<int64_t>& mlp);

    /// fine: (B, N, 3) positions with (B, C1, N) skip features; coarse: (B, M, 3) with
    /// (B, C2, M). Returns (B, mlp.back(), N).
    at::Tensor forward(const PointFeatures& fine, const PointFeatures& coarse, LayerRunner* runner);

private:
    torch::nn::ModuleList m_convs;
};

/// Interface of both PointNeXt decoders: they take every encoder stage and return
/// per-point features at the resolution of the first stage.
class SegmentationDecoder : public torch::nn::Module {
public:
    /// stages[0] is the network input, stages[s + 1] the output of encoder stage s.
    /// shapeClasses is (B) int64 and used by the part decoder only.
    virtual at::Tensor forward(std::vector<PointFeatures> stages, const at::Tensor& shapeClasses,
                               LayerRunner* runner) = 0;
    virtual int64_t outChannels() const = 0;
};

/// openpoints' PointNextDecoder (BaseSeg): one FeaturePropagation per decoder stage,
/// from the coarsest encoder stage up. Stage i is `decoder.<i>.0`.
class PointNextDecoder : public SegmentationDecoder {
public:
    PointNextDecoder(const DecoderArgs& args, const std::vector<int>& encoderChannels, int64_t inChannels);

    at::Tensor forward(std::vector<PointFeatures> stages, const at::Tensor& shapeClasses, LayerRunner* runner) override;
    int64_t outChannels() const override { return m_outChannels; }

private:
    int64_t m_outChannels = 0;
    torch::nn::ModuleList m_stages;
};

/// openpoints' PointNextPartDecoder (BasePartSeg) with decoder_blocks of 1: feature
/// propagation like PointNextDecoder, with the shape category of each cloud
/// concatenated before the finest skip features. cls_map 'pointnet2' embeds the
/// one-hot category with `convc`; 'curvenet' appends the max-pooled global features
/// of the two coarsest stages (`global_conv1`, `global_conv2`) to the one-hot vector.
class PointNextPartDecoder : public SegmentationDecoder {
public:
    PointNextPartDecoder(const DecoderArgs& args, const std::vector<int>& encoderChannels);

    at::Tensor forward(std::vector<PointFeatures> stages, const at::Tensor& shapeClasses, LayerRunner* runner) override;
    int64_t outChannels() const override { return m_outChannels; }

private:
    at::Tensor shapeEmbedding(const std::vector<PointFeatures>& stages, const at::Tensor& shapeClasses,
                              LayerRunner* runner);

    std::string m_clsMap;
    int64_t m_shapeClassCount = 16;
    int64_t m_outChannels = 0;
    torch::nn::ModuleList m_stages;
    torch::nn::ModuleList m_classConv{nullptr};
    torch::nn::ModuleList m_globalConv1{nullptr};
    torch::nn::ModuleList m_globalConv2{nullptr};
};

/// openpoints' SegHead: Conv1d blocks with batch norm, ReLU and dropout, then a Conv1d
/// with bias to the per-point logits. With global_feat, the max and/or mean over the
/// points are appended to every point's features first. Index i of `head` matches
/// openpoints' Sequential, dropout included.
class SegHead : public torch::nn::Module {
public:
    SegHead(const ClsHeadArgs& args, int64_t inChannels);

    /// features: (B, C, N). Returns (B, num_classes, N).
    at::Tensor forward(const at::Tensor& features, LayerRunner* runner);

private:
    std::vector<std::string> m_globalFeat;
    torch::nn::ModuleList m_head;
};

/// Builds the decoder of a BaseSeg or BasePartSeg config; throws ConfigError for
/// decoders and options PointQ does not build.
std::shared_ptr<SegmentationDecoder> buildDecoder(const ModelArgs& args, const std::vector<int>& encoderChannels);

} // namespace pointq
