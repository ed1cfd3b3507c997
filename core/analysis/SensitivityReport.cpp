#include "analysis/SensitivityJob.h"

#include "common/Json.h"
#include "common/Log.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace pointq {

namespace {

void writeFigures(JsonWriter& json, const std::string& key, const OutputFigures& figures)
{
    json.beginObject(key)
        .value("logit_sqnr_db", figures.sqnrDb)
        .value("cosine_similarity", figures.cosineSimilarity)
        .value("top1_agreement", figures.top1Agreement);
    if (figures.hasAccuracy)
        json.value("overall_accuracy", figures.overallAccuracy).value("overall_accuracy_delta", figures.accuracyDelta);
    else
        json.null("overall_accuracy").null("overall_accuracy_delta");
    json.endObject();
}

void writeStrings(JsonWriter& json, const std::string& key, const std::vector<std::string>& values)
{
    json.beginArray(key);
    for (const auto& value : values)
        json.value("", value);
    json.endArray();
}

void writeSettings(JsonWriter& json, const SensitivityReport& report)
{
    const SensitivitySettings& sweep = report.settings.sweep;
    json.beginObject("settings")
        .value("mode", sweepModeName(sweep.mode))
        .value("bits", sweep.bits)
        .value("simulated", sweep.bits != 8 || sweep.simulate)
        .value("backend", report.sweep.backend)
        .value("calibration_clouds", report.calibratedClouds)
        .value("clouds", report.sweep.clouds)
        .value("batch_size", sweep.batchSize)
        .value("groups", sweep.groups)
        .endObject();
}

void writeLayers(JsonWriter& json, const SensitivityResult& sweep)
{
    json.beginArray("layers");
    for (size_t i = 0; i < sweep.layers.size(); ++i) {
        const LayerSensitivity& layer = sweep.layers[i];
        json.beginObject()
            .value("name", layer.name)
            .value("stage", layer.stage)
            .value("block", layer.block)
            .value("block_type", layer.blockType)
            .value("kind", layer.kind)
            .value("position", static_cast<int64_t>(layer.position));
        if (layer.hasOnly)
            writeFigures(json, "only_this_quantized", layer.onlyThis);
        if (layer.hasAllBut)
            writeFigures(json, "all_but_this_quantized", layer.allButThis);
        if (sweep.hasGap) {
            const SimulationGap& gap = sweep.gaps.at(i);
            json.beginObject("simulation_vs_kernel")
                .value("max_abs_difference", gap.maxAbsDifference)
                .value("max_difference_in_steps", gap.maxDifferenceInSteps)
                .value("sqnr_db", gap.sqnrDb)
                .endObject();
        }
        json.endObject();
    }
    json.endArray();
}

void writeGroups(JsonWriter& json, const SensitivityResult& sweep)
{
    json.beginArray("groups");
    for (const GroupSensitivity& group : sweep.groups) {
        json.beginObject().value("name", group.name).value("level", group.level).value("block_type", group.blockType);
        writeStrings(json, "layers", group.layers);
        if (group.hasOnly)
            writeFigures(json, "only_this_quantized", group.onlyThis);
        if (group.hasAllBut)
            writeFigures(json, "all_but_this_quantized", group.allButThis);
        json.endObject();
    }
    json.endArray();
}

void writeSearch(JsonWriter& json, const SkipSearchResult& search)
{
    json.beginObject("skip_search")
        .value("budget", describeBudget(search.budget))
        .value("budget_kind", search.budget.kind == SkipBudget::Kind::AccuracyDrop ? "overall_accuracy_drop" : "top1_agreement")
        .value("budget_value", search.budget.value)
        .value("verified_with", search.verifiedWith)
        .value("met", search.met);
    writeFigures(json, "no_skip", search.noSkip);
    json.beginArray("steps");
    for (const SkipStep& step : search.steps) {
        json.beginObject().value("layer", step.layer).value("ranked_by", step.sensitivity);
        writeFigures(json, "after", step.after);
        json.value("meets_budget", step.meetsBudget).endObject();
    }
    json.endArray();
    json.beginArray("removal_checks");
    for (const SkipRemoval& removal : search.removals) {
        json.beginObject().value("layer", removal.layer);
        writeFigures(json, "without_it", removal.without);
        json.value("meets_budget_without_it", removal.meetsBudget).value("removed", removal.removed).endObject();
    }
    json.endArray();
    writeStrings(json, "skip", search.skip);
    writeFigures(json, "verified", search.verified);
    json.endObject();
}

} // namespace

std::string sensitivityReportJson(const SensitivityReport& report)
{
    const SensitivityResult& sweep = report.sweep;
    JsonWriter json;
    json.beginObject();
    json.value("pointq_version", report.pointqVersion);
    json.value("synthetic_data", report.syntheticData);
    writeProvenance(json, report.provenance);
    writeSettings(json, report);
    if (sweep.labelled)
        json.value("fp32_overall_accuracy", sweep.fp32OverallAccuracy);
    else
        json.null("fp32_overall_accuracy");
    writeFigures(json, "all_quantized", sweep.allQuantized);
    writeLayers(json, sweep);
    writeGroups(json, sweep);
    if (sweep.hasGap) {
        json.beginObject("simulation_vs_kernel_end_to_end")
            .value("logit_sqnr_db", sweep.endToEndGap.sqnrDb)
            .value("max_abs_logit_difference", sweep.endToEndGap.maxAbsLogitDifference)
            .value("top1_agreement", sweep.endToEndGap.top1Agreement);
        writeFigures(json, "simulated_against_fp32", sweep.endToEndGap.simulated);
        json.endObject();
    }
    if (report.hasSearch)
        writeSearch(json, report.search);
    json.beginObject("timing")
        .value("sweep_seconds", sweep.sweepSeconds)
        .value("configurations", sweep.configurations)
        .value("rerun_fraction", sweep.rerunFraction)
        .value("activation_cache_bytes", sweep.activationCacheBytes)
        .value("geometry_cache_bytes", sweep.geometryCacheBytes)
        .endObject();
    writeStrings(json, "warnings", report.warnings);
    json.endObject();
    return json.text();
}

} // namespace pointq
