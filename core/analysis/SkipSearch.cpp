#include "analysis/SkipSearch.h"

#include "common/Errors.h"

#include <algorithm>
#include <cstdio>

namespace pointq {

namespace {

std::string formatFigure(const char* format, double value)
{
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), format, value);
    return buffer;
}

std::string rankingFigure(const SensitivityResult& sweep, const LayerSensitivity& layer)
{
    if (layer.hasOnly)
        return "only this layer quantized: logit SQNR " + formatFigure("%.2f dB", layer.onlyThis.sqnrDb);
    return "kept FP32 alone: logit SQNR +" + formatFigure("%.2f dB", layer.allButThis.sqnrDb - sweep.allQuantized.sqnrDb);
}

std::vector<std::string> without(const std::vector<std::string>& names, const std::string& name)
{
    std::vector<std::string> rest;
    for (const auto& item : names)
        if (item != name)
            rest.push_back(item);
    return rest;
}

} // namespace

bool meetsBudget(const OutputFigures& figures, const SkipBudget& budget)
{
    // A small tolerance keeps a figure equal to the budget from failing on rounding.
    constexpr double tolerance = 1e-9;
    if (budget.kind == SkipBudget::Kind::AccuracyDrop)
        return figures.hasAccuracy && -figures.accuracyDelta <= budget.value + tolerance;
    return figures.top1Agreement >= budget.value - tolerance;
}

std::string describeBudget(const SkipBudget& budget)
{
    if (budget.kind == SkipBudget::Kind::AccuracyDrop)
        return "OA drop <= " + formatFigure("%.2f", budget.value) + " pt";
    return "top-1 agreement >= " + formatFigure("%.2f", budget.value) + "%";
}

SkipSearchResult searchSkipSet(const SensitivityResult& sweep, const SkipBudget& budget, const SkipEvaluator& evaluate,
                               const at::Tensor& fp32Logits, const at::Tensor& labels, const std::string& verifiedWith,
                               const JobContext& context)
{
    if (budget.kind == SkipBudget::Kind::AccuracyDrop && (!labels.defined() || !labels.ge(0).any().item<bool>()))
        throw QuantizationError("an accuracy budget needs labelled clouds; these have no labels, so give a top-1 "
                                "agreement budget instead",
                                {}, "--budget-oa");
    if (budget.value < 0 || (budget.kind == SkipBudget::Kind::Agreement && budget.value > 100))
        throw QuantizationError("the budget must be at least 0 (and at most 100 for agreement), got "
                                    + formatFigure("%g", budget.value),
                                {}, budget.kind == SkipBudget::Kind::Agreement ? "--budget-agreement" : "--budget-oa");
    SkipSearchResult result;
    result.budget = budget;
    result.verifiedWith = verifiedWith;
    const auto measure = [&](const std::vector<std::string>& skip) {
        context.checkCancelled();
        return compareOutputs(fp32Logits, evaluate(skip), labels);
    };

    result.noSkip = measure({});
    result.met = meetsBudget(result.noSkip, budget);
    const std::vector<size_t> order = layersBySensitivity(sweep);
    for (size_t i = 0; i < order.size() && !result.met; ++i) {
        const LayerSensitivity& layer = sweep.layers[order[i]];
        result.skip.push_back(layer.name);
        SkipStep step{layer.name, rankingFigure(sweep, layer), measure(result.skip), false};
        step.meetsBudget = meetsBudget(step.after, budget);
        result.met = step.meetsBudget;
        result.steps.push_back(step);
        context.report(static_cast<double>(i + 1) / static_cast<double>(order.size() + 1), "searching the skip set");
    }

    // Drop chosen layers that the budget does not need, least sensitive first, one at a
    // time, until every remaining layer is needed. The explanation of each kept layer is
    // measured against the final set.
    std::vector<SkipRemoval> dropped;
    bool finished = !result.met;
    while (!finished) {
        finished = true;
        result.removals.clear();
        for (auto name = result.skip.rbegin(); name != result.skip.rend(); ++name) {
            SkipRemoval removal{*name, measure(without(result.skip, *name)), false, false};
            removal.meetsBudget = meetsBudget(removal.without, budget);
            if (removal.meetsBudget) {
                removal.removed = true;
                dropped.push_back(removal);
                result.skip = without(result.skip, removal.layer);
                finished = false;
                break;
            }
            result.removals.push_back(removal);
        }
    }
    result.removals.insert(result.removals.end(), dropped.begin(), dropped.end());

    result.verified = measure(result.skip);
    result.met = meetsBudget(result.verified, budget);
    context.report(1.0, "skip set verified");
    return result;
}

} // namespace pointq
