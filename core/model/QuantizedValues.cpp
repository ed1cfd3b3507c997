#include "model/QuantizedValues.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>

namespace pointq {

namespace {

// Elements per task of at::parallel_for; below it a loop stays on one thread.
constexpr int64_t grainSize = 65536;

// Levels of one contiguous run of values; NaN gives level 0.
void quantizeRun(const float* values, uint8_t* levels, int64_t count, float inverseScale, float zeroPoint,
                 float quantMax)
{
    for (int64_t i = 0; i < count; ++i) {
        float level = roundHalfToEven(values[i] * inverseScale) + zeroPoint;
        level = level > 0.0f ? level : 0.0f;
        levels[i] = static_cast<uint8_t>(std::min(level, quantMax));
    }
}

} // namespace

at::Tensor quantizeToUint8Levels(const at::Tensor& values, double scale, int64_t zeroPoint, int64_t quantMax)
{
    // quantize_val computes zero_point + nearbyint(value * (1.0f / float(scale))) in
    // float32 before it clamps.
    const float inverseScale = 1.0f / static_cast<float>(scale);
    const at::Tensor input = values.to(at::kFloat).contiguous();
    at::Tensor levels = at::empty(input.sizes(), input.options().dtype(at::kByte));
    const float* source = input.data_ptr<float>();
    uint8_t* target = levels.data_ptr<uint8_t>();
    at::parallel_for(0, input.numel(), grainSize, [&](int64_t begin, int64_t end) {
        quantizeRun(source + begin, target + begin, end - begin, inverseScale, static_cast<float>(zeroPoint),
                    static_cast<float>(quantMax));
    });
    return levels;
}

at::Tensor quantizePerTensorUint8(const at::Tensor& values, double scale, int64_t zeroPoint, int64_t quantMax)
{
    return at::_make_per_tensor_quantized_tensor(quantizeToUint8Levels(values, scale, zeroPoint, quantMax), scale,
                                                 zeroPoint);
}

at::Tensor clampLevels(const at::Tensor& quantized, int64_t quantMax)
{
    if (!quantized.is_non_overlapping_and_dense()) {
        at::Tensor levels = quantized.int_repr();
        levels.clamp_max_(quantMax);
        return at::_make_per_tensor_quantized_tensor(levels, quantized.q_scale(), quantized.q_zero_point());
    }
    // A dense tensor's elements fill its storage in some order, so one pass over the
    // storage clamps them all and the strides (such as channels last) carry over.
    at::Tensor levels = at::empty_strided(quantized.sizes(), quantized.strides(), quantized.options().dtype(at::kByte));
    const auto* source = reinterpret_cast<const uint8_t*>(quantized.data_ptr<c10::quint8>());
    uint8_t* target = levels.data_ptr<uint8_t>();
    const auto largest = static_cast<uint8_t>(std::clamp<int64_t>(quantMax, 0, 255));
    at::parallel_for(0, quantized.numel(), grainSize, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
            target[i] = std::min(source[i], largest);
    });
    return at::_make_per_tensor_quantized_tensor(levels, quantized.q_scale(), quantized.q_zero_point());
}

at::Tensor dequantizeValues(const at::Tensor& quantized)
{
    if (quantized.scalar_type() != at::kQUInt8 || quantized.qscheme() != at::kPerTensorAffine
        || !quantized.is_non_overlapping_and_dense())
        return quantized.dequantize();
    // The difference is a small integer, exact in float32, and a float32 product rounded
    // once equals dequantize_val's double product rounded to float32.
    at::Tensor values = at::empty_strided(quantized.sizes(), quantized.strides(), quantized.options().dtype(at::kFloat));
    const auto* source = reinterpret_cast<const uint8_t*>(quantized.data_ptr<c10::quint8>());
    float* target = values.data_ptr<float>();
    const auto zeroPoint = static_cast<float>(quantized.q_zero_point());
    const auto scale = static_cast<float>(quantized.q_scale());
    at::parallel_for(0, quantized.numel(), grainSize, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
            target[i] = (static_cast<float>(source[i]) - zeroPoint) * scale;
    });
    return values;
}

} // namespace pointq
