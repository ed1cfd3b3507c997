#include "model/ConvBlock.h"

#include "geometry/PointOps.h"

#include <stdexcept>

namespace pointq {

const char* layerKindName(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Conv1d: return "Conv1d";
    case LayerKind::Conv2d: return "Conv2d";
    case LayerKind::Linear: return "Linear";
    }
    return "?";
}

ConvBlock::ConvBlock(LayerKind kind, int64_t inChannels, int64_t outChannels, bool withNorm, bool withRelu)
    : m_kind(kind)
    , m_inChannels(inChannels)
    , m_outChannels(outChannels)
    , m_hasNorm(withNorm)
    , m_hasRelu(withRelu)
{
    // openpoints drops the bias whenever a norm follows (order conv-norm-act).
    const bool withBias = !withNorm;
    switch (kind) {
    case LayerKind::Conv1d:
        m_conv1d = register_module("0", torch::nn::Conv1d(torch::nn::Conv1dOptions(inChannels, outChannels, 1).bias(withBias)));
        if (withNorm)
            m_norm1d = register_module("1", torch::nn::BatchNorm1d(outChannels));
        break;
    case LayerKind::Conv2d:
        m_conv2d = register_module("0", torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, outChannels, 1).bias(withBias)));
        if (withNorm)
            m_norm2d = register_module("1", torch::nn::BatchNorm2d(outChannels));
        break;
    case LayerKind::Linear:
        m_linear = register_module("0", torch::nn::Linear(torch::nn::LinearOptions(inChannels, outChannels).bias(withBias)));
        if (withNorm)
            m_norm1d = register_module("1", torch::nn::BatchNorm1d(outChannels));
        break;
    }
}

at::Tensor pointwiseConv(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias)
{
    if (input.dim() == 2)
        return at::linear(input, weight, bias);
    std::vector<int64_t> outputShape = input.sizes().vec();
    outputShape[1] = weight.size(0);
    // bmm on the expanded weight runs one GEMM per cloud. at::matmul with a 2-D weight
    // took about twice as long for these shapes (LibTorch 1.13, OpenBLAS 0.3.21, 2 threads).
    const int64_t batch = input.size(0);
    at::Tensor output = at::bmm(weight.expand({batch, weight.size(0), weight.size(1)}),
                                input.reshape({batch, input.size(1), -1}));
    // In place: an out-of-place broadcast add took 7 ms where add_ took 0.5 ms on a
    // (4, 64, 16384) output (LibTorch 1.13, one thread), and the result is the same.
    if (bias.defined())
        output.add_(bias.view({1, -1, 1}));
    return output.view(outputShape);
}

at::Tensor pointwiseConvOnGroups(const at::Tensor& relativePositions, const at::Tensor& groupIndices,
                                 const at::Tensor& features, const at::Tensor& weight, const at::Tensor& bias)
{
    const int64_t positionChannels = relativePositions.size(1);
    const int64_t featureChannels = features.size(1);
    if (weight.dim() != 2 || weight.size(1) != positionChannels + featureChannels)
        throw std::invalid_argument("a weight with " + std::to_string(weight.size(-1)) + " input channels cannot take "
                                    + std::to_string(positionChannels) + " position and "
                                    + std::to_string(featureChannels) + " feature channels");
    // W [dp; f_j] + b = W_dp dp + (W_f f + b)_j: the feature part is computed once per point
    // and then gathered, so the GEMM over the S neighbours of every centre keeps only the
    // position channels. Each output sums its products in two parts, hence the rounding.
    const at::Tensor positionWeight = weight.narrow(1, 0, positionChannels);
    const at::Tensor featureWeight = weight.narrow(1, positionChannels, featureChannels);
    at::Tensor output = groupPoints(pointwiseConv(features, featureWeight, bias), groupIndices);
    const int64_t batch = output.size(0);
    output.view({batch, output.size(1), -1})
        .baddbmm_(positionWeight.expand({batch, positionWeight.size(0), positionChannels}),
                  relativePositions.reshape({batch, positionChannels, -1}));
    return output;
}

at::Tensor ConvBlock::forward(const at::Tensor& input, LayerRunner* runner)
{
    if (runner)
        return runner->run(*this, input);
    return forwardFloat(input);
}

at::Tensor ConvBlock::forwardFloat(const at::Tensor& input)
{
    return normalizeAndActivate(pointwiseConv(input, weightMatrix(), bias()));
}

at::Tensor ConvBlock::forwardFloatOnGroups(const at::Tensor& relativePositions, const at::Tensor& groupIndices,
                                           const at::Tensor& features)
{
    return normalizeAndActivate(pointwiseConvOnGroups(relativePositions, groupIndices, features, weightMatrix(), bias()));
}

at::Tensor ConvBlock::normalizeAndActivate(at::Tensor output)
{
    if (m_norm1d)
        output = m_norm1d->forward(output);
    else if (m_norm2d)
        output = m_norm2d->forward(output);
    if (m_hasRelu)
        output.relu_();
    return output;
}

at::Tensor ConvBlock::weightMatrix() const
{
    switch (m_kind) {
    case LayerKind::Conv1d: return m_conv1d->weight.reshape({m_outChannels, m_inChannels});
    case LayerKind::Conv2d: return m_conv2d->weight.reshape({m_outChannels, m_inChannels});
    case LayerKind::Linear: return m_linear->weight;
    }
    return {};
}

at::Tensor ConvBlock::bias() const
{
    switch (m_kind) {
    case LayerKind::Conv1d: return m_conv1d->bias;
    case LayerKind::Conv2d: return m_conv2d->bias;
    case LayerKind::Linear: return m_linear->bias;
    }
    return {};
}

at::Tensor ConvBlock::normWeight() const
{
    if (m_norm1d) return m_norm1d->weight;
    if (m_norm2d) return m_norm2d->weight;
    return {};
}

at::Tensor ConvBlock::normBias() const
{
    if (m_norm1d) return m_norm1d->bias;
    if (m_norm2d) return m_norm2d->bias;
    return {};
}

at::Tensor ConvBlock::normRunningMean() const
{
    if (m_norm1d) return m_norm1d->running_mean;
    if (m_norm2d) return m_norm2d->running_mean;
    return {};
}

at::Tensor ConvBlock::normRunningVar() const
{
    if (m_norm1d) return m_norm1d->running_var;
    if (m_norm2d) return m_norm2d->running_var;
    return {};
}

double ConvBlock::normEps() const
{
    if (m_norm1d) return m_norm1d->options.eps();
    if (m_norm2d) return m_norm2d->options.eps();
    return 0.0;
}

} // namespace pointq
