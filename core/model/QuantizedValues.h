#pragma once

#include <ATen/ATen.h>

#include <algorithm>

namespace pointq {

// LibTorch 1.13 as Debian builds it has no FBGEMM, so at::quantize_per_tensor and
// Tensor::dequantize fall back to a scalar loop over quantize_val and dequantize_val.
// These functions compute the same values in one pass over the data, which the
// compiler vectorizes, in place of several tensor operations with temporaries. A test
// compares them with LibTorch's own functions value by value.

/// Rounds to the nearest integer, ties to even, as nearbyint does in the default rounding
/// mode, for values of magnitude up to 2^22. Larger values give +-2^22, which callers
/// clamp to the same end of a quantization range. Adding and subtracting 1.5 * 2^23
/// does the rounding, which the compiler vectorizes where nearbyintf would be a call.
/// pointq_core is built without floating-point contraction, so the two steps stay apart.
inline float roundHalfToEven(float value)
{
    constexpr float roundingShift = 12582912.0f;
    constexpr float largestRounded = 4194304.0f;
    const float limited = std::min(std::max(value, -largestRounded), largestRounded);
    return (limited + roundingShift) - roundingShift;
}

/// Quantizes float values to UINT8 levels as LibTorch's quantize_val does: the value
/// times the float32 reciprocal of the scale, rounded half to even, plus the zero point,
/// clamped to [0, quantMax]. quantMax is 255, as in LibTorch, or 127 for an engine's
/// reduced range (activationQuantMax()). Returns a kByte tensor of the same shape.
at::Tensor quantizeToUint8Levels(const at::Tensor& values, double scale, int64_t zeroPoint, int64_t quantMax = 255);

/// The same levels as a kQUInt8 tensor with per-tensor affine parameters.
at::Tensor quantizePerTensorUint8(const at::Tensor& values, double scale, int64_t zeroPoint, int64_t quantMax = 255);

/// Clamps the levels of a per-tensor kQUInt8 tensor to at most quantMax, keeping its
/// parameters and memory format.
at::Tensor clampLevels(const at::Tensor& quantized, int64_t quantMax);

/// Dequantizes a tensor: (level - zero point) * scale in float32 for per-tensor kQUInt8,
/// which equals dequantize_val; any other quantized type goes through Tensor::dequantize.
at::Tensor dequantizeValues(const at::Tensor& quantized);

} // namespace pointq
