#include "model/QuantizedValues.h"

namespace pointq {

at::Tensor quantizeToUint8Levels(const at::Tensor& values, double scale, int64_t zeroPoint, int64_t quantMax)
{
    // quantize_val computes zero_point + nearbyint(value * (1.0f / float(scale))) in
    // float32 before it clamps; at::round rounds half to even as nearbyint does.
    const float inverseScale = 1.0f / static_cast<float>(scale);
    at::Tensor levels = values.contiguous().to(at::kFloat).mul(inverseScale);
    levels.round_().add_(static_cast<float>(zeroPoint)).clamp_(0.0, static_cast<double>(quantMax));
    return levels.to(at::kByte);
}

at::Tensor quantizePerTensorUint8(const at::Tensor& values, double scale, int64_t zeroPoint, int64_t quantMax)
{
    return at::_make_per_tensor_quantized_tensor(quantizeToUint8Levels(values, scale, zeroPoint, quantMax), scale,
                                                 zeroPoint);
}

at::Tensor clampLevels(const at::Tensor& quantized, int64_t quantMax)
{
    at::Tensor levels = quantized.int_repr();
    levels.clamp_max_(quantMax);
    return at::_make_per_tensor_quantized_tensor(levels, quantized.q_scale(), quantized.q_zero_point());
}

at::Tensor dequantizeValues(const at::Tensor& quantized)
{
    if (quantized.scalar_type() != at::kQUInt8 || quantized.qscheme() != at::kPerTensorAffine)
        return quantized.dequantize();
    // The difference is a small integer, exact in float32, and a float32 product rounded
    // once equals dequantize_val's double product rounded to float32.
    at::Tensor values = quantized.int_repr().to(at::kFloat);
    return values.sub_(static_cast<float>(quantized.q_zero_point())).mul_(static_cast<float>(quantized.q_scale()));
}

} // namespace pointq
