#include "analysis/FakeQuant.h"

#include "common/Errors.h"
#include "model/QuantizedValues.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pointq {

void checkSimulatedBits(int bits)
{
    if (bits < minimumSimulatedBits || bits > maximumSimulatedBits)
        throw QuantizationError("the simulated bit width must be between " + std::to_string(minimumSimulatedBits) + " and "
                                    + std::to_string(maximumSimulatedBits) + ", got " + std::to_string(bits),
                                {}, "--bits");
}

AffineQuantParams affineParamsForBits(float minimum, float maximum, int bits)
{
    checkSimulatedBits(bits);
    AffineQuantParams params;
    params.maximum = (int64_t(1) << bits) - 1;
    const double low = std::min<double>(minimum, 0.0);
    const double high = std::max<double>(maximum, 0.0);
    double scale = (high - low) / static_cast<double>(params.maximum);
    if (!(scale > 0))
        scale = 1.0;
    // The same floor and float32 rounding as affineQuantParams(), so that 8 bits gives
    // exactly the INT8 model's parameters.
    scale = std::max(scale, static_cast<double>(std::numeric_limits<float>::epsilon()));
    params.scale = static_cast<double>(static_cast<float>(scale));
    params.zeroPoint = static_cast<int64_t>(
        std::clamp<double>(std::nearbyint(-low / params.scale), 0.0, static_cast<double>(params.maximum)));
    return params;
}

at::Tensor fakeQuantizeActivation(const at::Tensor& values, const AffineQuantParams& params)
{
    // LibTorch's quantize_per_tensor multiplies by the float32 reciprocal of the scale
    // and rounds half to even; the same steps keep 8-bit simulation on the kernels' grid.
    const auto inverseScale = static_cast<float>(1.0 / params.scale);
    const auto zeroPoint = static_cast<float>(params.zeroPoint);
    const auto maximum = static_cast<float>(params.maximum);
    const auto scale = static_cast<float>(params.scale);
    const at::Tensor input = values.to(at::kFloat).contiguous();
    at::Tensor output = at::empty_like(input);
    const float* source = input.data_ptr<float>();
    float* target = output.data_ptr<float>();
    // One pass in place of six tensor operations, with the same float32 steps in the same
    // order, so the values are equal to theirs (at::round also rounds ties to even).
    at::parallel_for(0, input.numel(), 65536, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            float level = roundHalfToEven(source[i] * inverseScale) + zeroPoint;
            level = std::min(std::max(level, 0.0f), maximum);
            target[i] = (level - zeroPoint) * scale;
        }
    });
    return output;
}

at::Tensor fakeQuantizeWeightPerChannel(const at::Tensor& weight, int bits)
{
    checkSimulatedBits(bits);
    const auto largest = static_cast<float>((int64_t(1) << (bits - 1)) - 1);
    const at::Tensor absMax = std::get<0>(weight.abs().max(1, true));
    at::Tensor scales = absMax / largest;
    scales = at::where(scales > 0, scales, at::ones_like(scales));
    const at::Tensor levels = at::clamp(at::round(weight * (1.0f / scales)), -largest, largest);
    return (levels * scales).contiguous();
}

SimulatedLayer simulateLayer(const QuantizedLayer& folded, std::pair<float, float> inputRange,
                             std::pair<float, float> outputRange, int bits, int activationBits)
{
    if (!folded.keepFloat || folded.weight.scalar_type() != at::kFloat)
        throw QuantizationError("layer " + folded.name + " must be given with its folded float32 weight to be simulated");
    SimulatedLayer layer;
    layer.weight = fakeQuantizeWeightPerChannel(folded.weight, bits);
    layer.bias = folded.bias;
    layer.relu = folded.relu;
    layer.input = affineParamsForBits(inputRange.first, inputRange.second, activationBits);
    layer.output = affineParamsForBits(outputRange.first, outputRange.second, activationBits);
    return layer;
}

at::Tensor runSimulatedLayer(const SimulatedLayer& layer, const at::Tensor& input, bool inputOnGrid)
{
    at::Tensor values;
    if (input.is_quantized())
        values = dequantizeValues(input);
    else if (inputOnGrid)
        values = input;
    else
        values = fakeQuantizeActivation(input, layer.input);
    at::Tensor output = pointwiseConv(values, layer.weight, layer.bias);
    if (layer.relu)
        output.relu_();
    return fakeQuantizeActivation(output, layer.output);
}

} // namespace pointq
