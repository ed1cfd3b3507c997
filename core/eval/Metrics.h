#pragma once

#include <ATen/ATen.h>

#include <vector>

namespace pointq {

/// Classification accuracy in percent, as openpoints' ConfusionMatrix computes it,
/// except that the class mean runs over the classes present in the labels (openpoints
/// averages over all num_classes, so absent classes count as 0 there).
struct ClassificationMetrics {
    double overallAccuracy = 0.0;
    double meanClassAccuracy = 0.0;
    int64_t samples = 0;
    int64_t classesPresent = 0;
};

/// logits: (N, K); labels: (N) int64, entries < 0 are unlabelled and ignored.
ClassificationMetrics classificationMetrics(const at::Tensor& logits, const at::Tensor& labels);

/// Fraction (0 to 1) of rows whose argmax agrees.
double top1Agreement(const at::Tensor& referenceLogits, const at::Tensor& logits);

/// Signal-to-quantization-noise ratio in dB: 10 log10(sum(ref^2) / sum((ref - x)^2)).
/// Returns +infinity when the two are identical.
double sqnrDb(const at::Tensor& reference, const at::Tensor& values);

/// Percentile (0 to 100) of a list of values, with linear interpolation.
double percentile(std::vector<double> values, double percent);

} // namespace pointq
