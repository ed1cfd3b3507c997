#pragma once

// Fake quantization: quantize-then-dequantize in float, so that any bit width from 2 to
// 16 can be simulated on the FP32 layers. The arithmetic mirrors PointQ's INT8 path
// (quant/Folding.h): weights symmetric per output channel, activations affine per tensor
// with 0 exactly representable, rounding half to even. It does not reproduce the INT8
// kernels' integer accumulation and requantization; the sensitivity sweep measures that
// gap instead of assuming it is zero.

#include "quant/QuantizedModel.h"

#include <ATen/ATen.h>

#include <cstdint>

namespace pointq {

/// Affine parameters of an unsigned `bits`-bit activation: q in [0, maximum].
struct AffineQuantParams {
    double scale = 1.0;
    int64_t zeroPoint = 0;
    int64_t maximum = 255;
};

/// Lowest and highest bit widths the simulation accepts.
constexpr int minimumSimulatedBits = 2;
constexpr int maximumSimulatedBits = 16;

/// Throws QuantizationError unless minimumSimulatedBits <= bits <= maximumSimulatedBits.
void checkSimulatedBits(int bits);

/// Parameters for a range that contains 0, as affineQuantParams() computes them for 8
/// bits: scale = (max - min) / (2^bits - 1), at least float32 epsilon, rounded to float32.
AffineQuantParams affineParamsForBits(float minimum, float maximum, int bits);

/// Rounds values to the grid of params and maps them back to float.
at::Tensor fakeQuantizeActivation(const at::Tensor& values, const AffineQuantParams& params);

/// Per-channel symmetric quantize-dequantize of a weight (out, in): the scale of each
/// output channel is max|w| / (2^(bits-1) - 1); all-zero channels stay zero.
at::Tensor fakeQuantizeWeightPerChannel(const at::Tensor& weight, int bits);

/// One layer prepared for simulation: fake-quantized folded weight, float bias and the
/// activation parameters from calibration.
struct SimulatedLayer {
    at::Tensor weight;
    at::Tensor bias;
    bool relu = false;
    AffineQuantParams input;
    AffineQuantParams output;
};

/// Builds the simulated layer from a folded FP32 layer (QuantizedLayer with keepFloat)
/// and the calibrated input and output ranges. Weights get `bits`, activations
/// `activationBits`: 7 where the INT8 engine uses a reduced range (activationQuantMax()).
SimulatedLayer simulateLayer(const QuantizedLayer& folded, std::pair<float, float> inputRange,
                             std::pair<float, float> outputRange, int bits, int activationBits);

/// Runs a simulated layer. Set inputOnGrid when the input is the fake-quantized output of
/// the previous simulated layer: the INT8 path passes such an output to the next kernel
/// without requantizing, so the simulation uses it as it is. Any other float input is
/// fake-quantized with the layer's own input parameters. An INT8 input is dequantized.
at::Tensor runSimulatedLayer(const SimulatedLayer& layer, const at::Tensor& input, bool inputOnGrid);

} // namespace pointq
