#pragma once

#include "model/QuantizedValues.h"

#include <torch/nn.h>

#include <optional>
#include <string>

namespace pointq {

class ConvBlock;

/// Per-tensor affine parameters with which a float tensor is quantized to UINT8.
struct InputQuantization {
    double scale = 1.0;
    int64_t zeroPoint = 0;
    int64_t quantMax = 255; ///< largest level: 255, or 127 for an engine's reduced range
};

/// Runs one ConvBlock in place of the block's own FP32 forward pass. Calibration passes
/// a runner that observes each block, and the quantized model one that runs INT8 kernels.
class LayerRunner {
public:
    virtual ~LayerRunner() = default;
    virtual at::Tensor run(ConvBlock& block, const at::Tensor& input) = 0;

    /// Returns the parameters with which run() quantizes a float input of `block`, or
    /// std::nullopt when run() needs the float input. Grouping code uses them to quantize
    /// features once per point and gather the UINT8 values, which equals quantizing the
    /// grouped tensor because gathering copies values and quantization is elementwise.
    virtual std::optional<InputQuantization> inputQuantization(const ConvBlock& /*block*/) const
    {
        return std::nullopt;
    }

    /// Runs `block` on the grouped input [relativePositions; features gathered by
    /// groupIndices] without building that input, or returns std::nullopt when run()
    /// needs the grouped tensor itself. relativePositions is (B, 3, M, S), groupIndices
    /// (B, M, S) and features (B, C, N).
    virtual std::optional<at::Tensor> runOnGroups(ConvBlock& /*block*/, const at::Tensor& /*relativePositions*/,
                                                  const at::Tensor& /*groupIndices*/, const at::Tensor& /*features*/)
    {
        return std::nullopt;
    }
};

/// Dequantizes the output of an INT8 block so that float operations can follow.
inline at::Tensor toFloat(const at::Tensor& tensor)
{
    return tensor.is_quantized() ? dequantizeValues(tensor) : tensor;
}

/// Applies a 1x1 convolution weight (out, in) and optional bias (out) to (B, C, ...)
/// as one batched matrix product, which OpenBLAS runs several times faster than
/// LibTorch's generic Conv2d path for these shapes. A 2-D input (B, C) is a linear layer.
at::Tensor pointwiseConv(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias);

/// Applies a 1x1 convolution weight (out, 3 + C) and optional bias to the grouped input
/// [relativePositions; features gathered by groupIndices] without building that input.
/// Shapes are as in LayerRunner::runOnGroups. The result equals pointwiseConv on the
/// grouped input up to float rounding. Throws std::invalid_argument when the channels
/// do not match.
at::Tensor pointwiseConvOnGroups(const at::Tensor& relativePositions, const at::Tensor& groupIndices,
                                 const at::Tensor& features, const at::Tensor& weight, const at::Tensor& bias);

enum class LayerKind { Conv1d, Conv2d, Linear };

const char* layerKindName(LayerKind kind);

/// Position of a block in the network, for grouping layers by stage and block.
struct LayerPlace {
    int stage = -1;           ///< encoder stage, or -1 for the head
    int block = -1;           ///< block within the stage
    std::string blockType;    ///< "stem", "SetAbstraction", "InvResMLP", "ClsHead"
    std::string role;         ///< "convs.0", "skipconv", "pwconv.1", "head.2", ...
};

/// One of openpoints' convolution blocks: a 1x1 convolution or linear layer
/// (child "0"), an optional batch norm (child "1") and an optional ReLU, as
/// `create_convblock1d/2d` and `create_linearblock` build them with order
/// conv-norm-act. Parameter names therefore equal openpoints' state_dict keys.
class ConvBlock : public torch::nn::Module {
public:
    ConvBlock(LayerKind kind, int64_t inChannels, int64_t outChannels, bool withNorm, bool withRelu);

    /// Runs the block, through the runner when one is given.
    at::Tensor forward(const at::Tensor& input, LayerRunner* runner = nullptr);
    /// Runs convolution, batch norm and ReLU in FP32 with the module's own weights.
    at::Tensor forwardFloat(const at::Tensor& input);
    /// forwardFloat() on the grouped input, computed by pointwiseConvOnGroups().
    at::Tensor forwardFloatOnGroups(const at::Tensor& relativePositions, const at::Tensor& groupIndices,
                                    const at::Tensor& features);

    LayerKind kind() const { return m_kind; }
    int64_t inChannels() const { return m_inChannels; }
    int64_t outChannels() const { return m_outChannels; }
    bool hasNorm() const { return m_hasNorm; }
    bool hasRelu() const { return m_hasRelu; }

    /// Weight as (out, in) and bias as (out) or undefined, before batch-norm folding.
    at::Tensor weightMatrix() const;
    at::Tensor bias() const;
    /// Batch-norm parameters, or undefined tensors when the block has none.
    at::Tensor normWeight() const;
    at::Tensor normBias() const;
    at::Tensor normRunningMean() const;
    at::Tensor normRunningVar() const;
    double normEps() const;

    /// Full openpoints name of the block, e.g. "encoder.encoder.1.0.convs.0".
    const std::string& layerName() const { return m_layerName; }
    const LayerPlace& place() const { return m_place; }
    void setLayerName(std::string name) { m_layerName = std::move(name); }
    void setPlace(LayerPlace place) { m_place = std::move(place); }

private:
    // Applies the block's batch norm and ReLU, where it has them, to a convolution output.
    at::Tensor normalizeAndActivate(at::Tensor output);

    LayerKind m_kind;
    int64_t m_inChannels;
    int64_t m_outChannels;
    bool m_hasNorm;
    bool m_hasRelu;
    std::string m_layerName;
    LayerPlace m_place;
    torch::nn::Conv1d m_conv1d{nullptr};
    torch::nn::Conv2d m_conv2d{nullptr};
    torch::nn::Linear m_linear{nullptr};
    torch::nn::BatchNorm1d m_norm1d{nullptr};
    torch::nn::BatchNorm2d m_norm2d{nullptr};
};

} // namespace pointq
