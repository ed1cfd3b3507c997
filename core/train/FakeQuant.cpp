#include "train/FakeQuant.h"

#include "common/Errors.h"
#include "quant/Folding.h"

namespace pointq {

FakeQuantRunner::FakeQuantRunner(const PointNextClassifier& model, const Calibrator& calibration,
                                 std::set<std::string> skipped, int64_t activationQuantMax, double averagingConstant)
    : m_skipped(std::move(skipped))
    , m_activationQuantMax(activationQuantMax)
    , m_averagingConstant(averagingConstant)
{
    for (const auto& block : model.layers()) {
        if (m_skipped.count(block->layerName()))
            continue;
        const auto found = calibration.observations().find(block->layerName());
        if (found == calibration.observations().end() || found->second.input.empty())
            throw QuantizationError("layer " + block->layerName() + " was never run during calibration, so it has no "
                                    "activation range to start quantization-aware training from");
        LayerRanges ranges;
        std::tie(ranges.input.minimum, ranges.input.maximum) = found->second.input.range();
        std::tie(ranges.output.minimum, ranges.output.maximum) = found->second.output.range();
        m_ranges[block->layerName()] = ranges;
    }
}

std::pair<at::Tensor, at::Tensor> foldBatchNormDifferentiable(const ConvBlock& block)
{
    const at::Tensor weight = block.weightMatrix();
    at::Tensor bias = block.bias().defined() ? block.bias() : at::zeros({weight.size(0)}, weight.options());
    if (!block.hasNorm())
        return {weight, bias};
    const at::Tensor factor = block.normWeight() / at::sqrt(block.normRunningVar() + block.normEps());
    return {weight * factor.unsqueeze(1), block.normBias() + (bias - block.normRunningMean()) * factor};
}

at::Tensor FakeQuantRunner::fakeQuantizeActivation(const at::Tensor& values, Range& range)
{
    if (m_mode == Mode::Train) {
        const at::Tensor detached = values.detach();
        const float low = detached.min().item<float>();
        const float high = detached.max().item<float>();
        const auto c = static_cast<float>(m_averagingConstant);
        range.minimum += c * (low - range.minimum);
        range.maximum += c * (high - range.maximum);
    }
    const auto [scale, zeroPoint] = affineQuantParams(range.minimum, range.maximum, m_activationQuantMax);
    return at::fake_quantize_per_tensor_affine(values, scale, zeroPoint, 0, m_activationQuantMax);
}

at::Tensor FakeQuantRunner::run(ConvBlock& block, const at::Tensor& input)
{
    const bool chained = m_lastOutput.defined() && input.unsafeGetTensorImpl() == m_lastOutput.unsafeGetTensorImpl();
    if (m_skipped.count(block.layerName())) {
        m_lastOutput = at::Tensor();
        return block.forwardFloat(input);
    }
    LayerRanges& ranges = m_ranges.at(block.layerName());
    at::Tensor quantizedInput = input;
    if (!chained)
        quantizedInput = fakeQuantizeActivation(input, ranges.input);

    at::Tensor weight, bias;
    if (m_mode == Mode::Frozen) {
        // The same float64 fold and weight rounding as QuantizedModel::convert, so a frozen
        // runner reproduces the converted model's weights exactly.
        const FoldedLayer folded = foldBatchNorm(block);
        weight = quantizeWeightPerChannel(folded.weight).dequantize();
        bias = folded.bias;
    } else {
        std::tie(weight, bias) = foldBatchNormDifferentiable(block);
        const at::Tensor absMax = std::get<0>(weight.detach().abs().max(1));
        at::Tensor scales = absMax / 127.0f;
        scales = at::where(scales > 0, scales, at::ones_like(scales));
        const at::Tensor zeroPoints = at::zeros({weight.size(0)}, at::kInt);
        weight = at::fake_quantize_per_channel_affine(weight, scales, zeroPoints, 0, -128, 127);
    }
    at::Tensor output = pointwiseConv(quantizedInput, weight, bias);
    if (block.hasRelu())
        output = at::relu(output);
    output = fakeQuantizeActivation(output, ranges.output);
    m_lastOutput = output;
    return output;
}

std::map<std::string, LayerObservation> FakeQuantRunner::observations() const
{
    std::map<std::string, LayerObservation> result;
    for (const auto& [name, ranges] : m_ranges) {
        LayerObservation observation{ActivationObserver(ObserverKind::MinMax), ActivationObserver(ObserverKind::MinMax)};
        observation.input.observe(at::tensor({ranges.input.minimum, ranges.input.maximum}, at::kFloat));
        observation.output.observe(at::tensor({ranges.output.minimum, ranges.output.maximum}, at::kFloat));
        result.emplace(name, std::move(observation));
    }
    return result;
}

} // namespace pointq
