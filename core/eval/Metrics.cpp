#include "eval/Metrics.h"

#include "common/Errors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace pointq {

ClassificationMetrics classificationMetrics(const at::Tensor& logits, const at::Tensor& labels)
{
    if (logits.dim() != 2 || labels.dim() != 1 || logits.size(0) != labels.size(0))
        throw Error("metrics need logits (N, K) and labels (N), got " + c10::str(logits.sizes()) + " and "
                    + c10::str(labels.sizes()));
    const at::Tensor predictions = logits.argmax(1).to(at::kLong).contiguous();
    const at::Tensor truth = labels.to(at::kLong).contiguous();
    const int64_t* predicted = predictions.data_ptr<int64_t>();
    const int64_t* expected = truth.data_ptr<int64_t>();

    std::map<int64_t, std::pair<int64_t, int64_t>> perClass; // label -> (correct, total)
    ClassificationMetrics metrics;
    int64_t correct = 0;
    for (int64_t i = 0; i < truth.size(0); ++i) {
        if (expected[i] < 0)
            continue;
        auto& counts = perClass[expected[i]];
        ++counts.second;
        ++metrics.samples;
        if (predicted[i] == expected[i]) {
            ++counts.first;
            ++correct;
        }
    }
    if (metrics.samples == 0)
        return metrics;
    metrics.overallAccuracy = 100.0 * static_cast<double>(correct) / static_cast<double>(metrics.samples);
    double classSum = 0.0;
    for (const auto& entry : perClass)
        classSum += 100.0 * static_cast<double>(entry.second.first) / static_cast<double>(entry.second.second);
    metrics.classesPresent = static_cast<int64_t>(perClass.size());
    metrics.meanClassAccuracy = classSum / static_cast<double>(perClass.size());
    return metrics;
}

double top1Agreement(const at::Tensor& referenceLogits, const at::Tensor& logits)
{
    if (referenceLogits.sizes() != logits.sizes() || referenceLogits.size(0) == 0)
        throw Error("top-1 agreement needs two non-empty logit tensors of the same shape");
    const at::Tensor same = referenceLogits.argmax(1).eq(logits.argmax(1));
    return same.to(at::kDouble).mean().item<double>();
}

double sqnrDb(const at::Tensor& reference, const at::Tensor& values)
{
    const at::Tensor ref = reference.to(at::kDouble);
    const double signal = ref.pow(2).sum().item<double>();
    const double noise = (ref - values.to(at::kDouble)).pow(2).sum().item<double>();
    if (noise == 0.0)
        return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(signal / noise);
}

double percentile(std::vector<double> values, double percent)
{
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const double position = percent / 100.0 * static_cast<double>(values.size() - 1);
    const auto lower = static_cast<size_t>(std::floor(position));
    const size_t upper = std::min(lower + 1, values.size() - 1);
    const double fraction = position - static_cast<double>(lower);
    return values[lower] + (values[upper] - values[lower]) * fraction;
}

} // namespace pointq
