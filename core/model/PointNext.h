#pragma once

#include "config/ModelArgs.h"
#include "model/ConvBlock.h"

#include <torch/nn.h>

#include <vector>

namespace pointq {

/// Output of one encoder stage, recorded on request for parity checks and dumps.
struct StageOutput {
    at::Tensor positions;     ///< (B, M, 3)
    at::Tensor features;      ///< (B, C, M)
    at::Tensor sampleIndices; ///< (B, M) int32 furthest-point-sampling output, or undefined
    at::Tensor groupIndices;  ///< (B, M, nsample) int32 ball-query output of the stage's first block, or undefined
};

/// A stage's positions and features as they flow through the encoder.
struct PointFeatures {
    at::Tensor positions; ///< (B, N, 3) float32
    at::Tensor features;  ///< (B, C, N) float32
};

/// Sampling and grouping of one block. They depend only on the positions that enter the
/// block, so a caller that runs the same clouds many times with different layers (a
/// sensitivity sweep) computes them once and passes them to every run.
struct BlockGeometry {
    at::Tensor sampleIndices;     ///< (B, M) int32 furthest point sampling; sampling SetAbstraction only
    at::Tensor centres;           ///< (B, M, 3) positions leaving the block
    at::Tensor groupIndices;      ///< (B, M, nsample) int32 ball query; undefined for the stem and GroupAll
    at::Tensor relativePositions; ///< (B, 3, M, nsample) dp of 'dp_fj', divided by the radius when normalizeDp

    /// Bytes held by the tensors.
    int64_t bytes() const;
};

/// openpoints' SetAbstraction: the stem (is_head), a sampling stage (stride > 1,
/// furthest point sampling, ball query, convolutions, max over neighbours, optional
/// residual) or a GroupAll stage (stride 1 after the stem).
class SetAbstraction : public torch::nn::Module {
public:
    SetAbstraction(int64_t inChannels, int64_t outChannels, int layers, int stride, double radius, int nsample,
                   const EncoderArgs& args, bool isHead);

    /// Runs the block. `geometry`, when given, must be computeGeometry() of input.positions;
    /// without it the block computes its geometry itself.
    PointFeatures forward(const PointFeatures& input, LayerRunner* runner, StageOutput* trace,
                          const BlockGeometry* geometry = nullptr);
    /// Samples and groups `positions` (B, N, 3) as forward() does.
    BlockGeometry computeGeometry(const at::Tensor& positions) const;

    bool isHead() const { return m_isHead; }
    bool groupsAll() const { return m_groupAll; }
    /// The convolution of the residual branch, or nullptr. It reads the block's input and
    /// feeds only the residual sum, so the other layers of the block never see its output.
    const ConvBlock* skipConv() const { return m_skipConv.get(); }

private:
    int m_stride;
    bool m_isHead;
    bool m_groupAll;
    bool m_useResidual;
    double m_radius;
    int m_nsample;
    bool m_normalizeDp;
    std::shared_ptr<ConvBlock> m_skipConv;
    torch::nn::ModuleList m_convs;
};

/// openpoints' LocalAggregation with one convolution layer, as InvResMLP uses it.
class LocalAggregation : public torch::nn::Module {
public:
    LocalAggregation(int64_t channels, double radius, int nsample, const EncoderArgs& args);
    at::Tensor forward(const PointFeatures& input, LayerRunner* runner, StageOutput* trace,
                       const BlockGeometry* geometry = nullptr);
    BlockGeometry computeGeometry(const at::Tensor& positions) const;

private:
    double m_radius;
    int m_nsample;
    bool m_normalizeDp;
    std::string m_reduction;
    torch::nn::ModuleList m_convs;
};

/// openpoints' InvResMLP block: local aggregation, two pointwise convolutions
/// (channels -> channels * expansion -> channels) and a residual connection.
class InvResMLP : public torch::nn::Module {
public:
    InvResMLP(int64_t channels, double radius, int nsample, const EncoderArgs& args);
    /// Runs the block; `geometry` as for SetAbstraction::forward().
    PointFeatures forward(const PointFeatures& input, LayerRunner* runner, StageOutput* trace,
                          const BlockGeometry* geometry = nullptr);
    BlockGeometry computeGeometry(const at::Tensor& positions) const;

private:
    bool m_useResidual;
    std::shared_ptr<LocalAggregation> m_aggregation;
    torch::nn::ModuleList m_pointwise;
};

/// openpoints' PointNextEncoder. Stage s is `encoder.<s>`, block b is `encoder.<s>.<b>`.
class PointNextEncoder : public torch::nn::Module {
public:
    explicit PointNextEncoder(const EncoderArgs& args);

    /// Runs every stage. When trace is given it receives one StageOutput per stage.
    PointFeatures forward(const PointFeatures& input, LayerRunner* runner, std::vector<StageOutput>* trace);

    /// Runs every stage and returns the input followed by each stage's output, as
    /// openpoints' forward_seg_feat returns its p and f lists.
    std::vector<PointFeatures> forwardStages(const PointFeatures& input, LayerRunner* runner,
                                             std::vector<StageOutput>* trace);

    const std::vector<int>& channels() const { return m_channels; }
    int64_t outChannels() const { return m_channels.back(); }

private:
    EncoderArgs m_args;
    std::vector<int> m_channels;
    torch::nn::ModuleList m_stages;
};

/// Checks that the encoder settings are ones PointQ builds; throws ConfigError otherwise.
void validateEncoderArgs(const EncoderArgs& args);

} // namespace pointq
