#pragma once

#include "model/ConvBlock.h"

namespace pointq {

/// A layer's weight (out, in) and bias (out) with its batch norm folded in.
struct FoldedLayer {
    at::Tensor weight;
    at::Tensor bias;
};

/// Folds the block's eval-mode batch norm into the preceding convolution or linear
/// layer: w' = w * g / sqrt(var + eps), b' = beta + (b - mean) * g / sqrt(var + eps),
/// computed in float64 and rounded to float32. A layer without bias gets one.
FoldedLayer foldBatchNorm(const ConvBlock& block);

/// Per-channel symmetric INT8 quantization of a weight (out, in): the scale of each
/// output channel is max|w| / 127, so every value lies in [-127, 127]. Channels that
/// are all zero get a scale of 1. The scales are float32 values held in a float64
/// tensor, so a saved model that stores them as float32 reloads identically.
at::Tensor quantizeWeightPerChannel(const at::Tensor& weight);

/// Affine UINT8 parameters for a range that contains 0: scale = (max - min) / quantMax
/// and a zero point in [0, quantMax] that maps 0.0 exactly onto an integer. quantMax is
/// 255, or 127 where the engine needs a reduced range (activationQuantMax()). The scale
/// is at least float32 epsilon, and 1 for the zero-width range (0, 0).
std::pair<double, int64_t> affineQuantParams(float minimum, float maximum, int64_t quantMax = 255);

} // namespace pointq
