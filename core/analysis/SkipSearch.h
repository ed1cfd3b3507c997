#pragma once

#include "analysis/Sensitivity.h"
#include "common/Progress.h"

#include <functional>
#include <string>
#include <vector>

namespace pointq {

/// The loss a skip set must stay within.
struct SkipBudget {
    enum class Kind {
        AccuracyDrop, ///< overall accuracy at most `value` percentage points below FP32
        Agreement,    ///< top-1 agreement with FP32 at least `value` percent
    };
    Kind kind = Kind::AccuracyDrop;
    double value = 0.5;
};

/// Whether figures meet a budget.
bool meetsBudget(const OutputFigures& figures, const SkipBudget& budget);

/// The budget as text: "OA drop <= 0.50 pt" or "top-1 agreement >= 99.00%".
std::string describeBudget(const SkipBudget& budget);

/// One greedy step: the layer added to the FP32 set and the measured result.
struct SkipStep {
    std::string layer;
    std::string sensitivity; ///< the sweep figure that ranked the layer, as text
    OutputFigures after;     ///< the model with every layer chosen so far kept in FP32
    bool meetsBudget = false;
};

/// Removal check of a chosen layer: the explanation why it stays in the final set, or
/// why it was dropped again.
struct SkipRemoval {
    std::string layer;
    OutputFigures without; ///< the final set without this layer
    bool meetsBudget = false;
    bool removed = false;  ///< true when the set met the budget without it, so it was dropped
};

struct SkipSearchResult {
    SkipBudget budget;
    std::string verifiedWith;      ///< "onednn INT8 kernels" or "simulated 4-bit"
    OutputFigures noSkip;          ///< every layer quantized
    std::vector<SkipStep> steps;
    std::vector<SkipRemoval> removals;
    std::vector<std::string> skip; ///< the final FP32 layers, in the order they were chosen
    OutputFigures verified;        ///< a separate run of the model with exactly `skip` kept FP32
    bool met = false;
};

/// Logits of the quantized model on the search's clouds with the named layers in FP32.
using SkipEvaluator = std::function<at::Tensor(const std::vector<std::string>& skip)>;

/// Searches a small set of layers to keep in FP32. The search adds layers in the order
/// of layersBySensitivity() until a run of the quantized model meets the budget. Then it
/// drops chosen layers, one at a time, while the rest still meets the budget, and
/// verifies the final set with one more run. Every figure comes from `evaluate`, never
/// from the sweep. Throws QuantizationError for an accuracy budget without labels.
SkipSearchResult searchSkipSet(const SensitivityResult& sweep, const SkipBudget& budget, const SkipEvaluator& evaluate,
                               const at::Tensor& fp32Logits, const at::Tensor& labels, const std::string& verifiedWith,
                               const JobContext& context);

} // namespace pointq
