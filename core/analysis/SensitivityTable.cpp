#include "analysis/SensitivityJob.h"
#include "common/Plural.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace pointq {

namespace {

std::string format(const char* pattern, double value)
{
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), pattern, value);
    return buffer;
}

// "sqnr,cosine,agreement,oa,oa_delta" or five empty cells.
std::string csvFigures(bool measured, const OutputFigures& figures)
{
    if (!measured)
        return ",,,,";
    std::string cells = format("%.4f", figures.sqnrDb) + "," + format("%.6f", figures.cosineSimilarity) + ","
                        + format("%.4f", figures.top1Agreement) + ",";
    if (figures.hasAccuracy)
        cells += format("%.4f", figures.overallAccuracy) + "," + format("%.4f", figures.accuracyDelta);
    else
        cells += ",";
    return cells;
}

// Names in PointQ contain no commas or quotes, but a config may name anything.
std::string csvText(const std::string& text)
{
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// "  38.1 dB  0.9999  99.1%  -0.88" for a table cell group.
std::string tableFigures(const OutputFigures& figures)
{
    char buffer[96];
    std::snprintf(buffer, sizeof(buffer), "%8s %8.5f %7.2f %7s", format("%.2f", figures.sqnrDb).c_str(),
                  figures.cosineSimilarity, figures.top1Agreement,
                  figures.hasAccuracy ? format("%+.2f", figures.accuracyDelta).c_str() : "n/a");
    return buffer;
}

std::string tableHeader(const std::string& first, bool only, bool allBut)
{
    char buffer[256];
    std::snprintf(buffer, sizeof(buffer), "  %-34s %-22s", first.c_str(), "block");
    std::string header = buffer;
    if (only)
        header += " | only: SQNR dB   cosine  agree%    dOA";
    if (allBut)
        header += " | all-but: SQNR dB cosine  agree%    dOA";
    return header + "\n";
}

void printLayers(std::ostringstream& out, const SensitivityResult& sweep)
{
    const bool only = sweep.settings.mode != SweepMode::AllBut;
    const bool allBut = sweep.settings.mode != SweepMode::Only;
    out << "Layers, most sensitive first (only: this layer quantized, the rest FP32; all-but: every other layer "
           "quantized; dOA in points against FP32):\n";
    out << tableHeader("layer", only, allBut);
    for (const size_t index : layersBySensitivity(sweep)) {
        const LayerSensitivity& layer = sweep.layers[index];
        char buffer[256];
        const std::string place = layer.stage + " " + layer.blockType;
        std::snprintf(buffer, sizeof(buffer), "  %-34s %-22s", layer.name.c_str(), place.c_str());
        out << buffer;
        if (only)
            out << " | " << tableFigures(layer.onlyThis);
        if (allBut)
            out << " | " << tableFigures(layer.allButThis);
        out << "\n";
    }
}

void printGroups(std::ostringstream& out, const SensitivityResult& sweep)
{
    if (sweep.groups.empty())
        return;
    const bool only = sweep.settings.mode != SweepMode::AllBut;
    const bool allBut = sweep.settings.mode != SweepMode::Only;
    out << "\nStages, blocks and the head as a whole:\n";
    out << tableHeader("group (layers)", only, allBut);
    for (const GroupSensitivity& group : sweep.groups) {
        char buffer[256];
        const std::string name = group.name + " (" + std::to_string(group.layers.size()) + ")";
        std::snprintf(buffer, sizeof(buffer), "  %-34s %-22s", name.c_str(), group.blockType.c_str());
        out << buffer;
        if (only)
            out << " | " << tableFigures(group.onlyThis);
        if (allBut)
            out << " | " << tableFigures(group.allButThis);
        out << "\n";
    }
}

void printGap(std::ostringstream& out, const SensitivityResult& sweep)
{
    if (!sweep.hasGap)
        return;
    out << "\nSimulation against the INT8 kernels, each layer on the input its kernel got:\n";
    out << "  layer                              max |diff|  in output steps  SQNR dB\n";
    for (const SimulationGap& gap : sweep.gaps) {
        char buffer[256];
        std::snprintf(buffer, sizeof(buffer), "  %-34s %10.3g %16.2f %8s\n", gap.name.c_str(), gap.maxAbsDifference,
                      gap.maxDifferenceInSteps, format("%.2f", gap.sqnrDb).c_str());
        out << buffer;
    }
    const EndToEndGap& gap = sweep.endToEndGap;
    out << "  end to end (all layers simulated vs all on kernels): logit SQNR " << format("%.2f", gap.sqnrDb)
        << " dB, max |logit diff| " << format("%.4g", gap.maxAbsLogitDifference) << ", top-1 agreement "
        << format("%.2f", gap.top1Agreement) << "%\n";
}

void printSearch(std::ostringstream& out, const SkipSearchResult& search)
{
    out << "\nSkip-set search for " << describeBudget(search.budget) << " (every figure from a run on "
        << search.verifiedWith << "):\n";
    out << "  no layer in FP32:" << tableFigures(search.noSkip)
        << (meetsBudget(search.noSkip, search.budget) ? "  meets" : "  fails") << "\n";
    for (const SkipStep& step : search.steps)
        out << "  + " << step.layer << " (" << step.sensitivity << "):" << tableFigures(step.after)
            << (step.meetsBudget ? "  meets" : "  fails") << "\n";
    for (const SkipRemoval& removal : search.removals)
        out << (removal.removed ? "  dropped " : "  needed  ") << removal.layer << ": without it" << tableFigures(removal.without)
            << (removal.meetsBudget ? "  meets" : "  fails") << "\n";
    out << "  skip set (" << countedNoun(static_cast<int64_t>(search.skip.size()), "layer", "layers") << "):";
    for (const auto& name : search.skip)
        out << " " << name;
    if (search.skip.empty())
        out << " none, every layer quantized";
    out << "\n  verified:" << tableFigures(search.verified) << (search.met ? "  meets the budget" : "  DOES NOT meet the budget")
        << "\n";
}

} // namespace

std::string sensitivityReportCsv(const SensitivityReport& report)
{
    const SensitivityResult& sweep = report.sweep;
    std::ostringstream out;
    const std::string figureColumns = "sqnr_db,cosine,top1_agreement,overall_accuracy,overall_accuracy_delta";
    std::string onlyColumns, allButColumns;
    for (const std::string prefix : {"only_", "all_but_"}) {
        std::string& columns = prefix == std::string("only_") ? onlyColumns : allButColumns;
        std::istringstream names(figureColumns);
        for (std::string name; std::getline(names, name, ',');)
            columns += (columns.empty() ? "" : ",") + prefix + name;
    }
    out << "kind,name,stage,block,block_type,layer_kind,position," << onlyColumns << "," << allButColumns
        << ",sim_gap_max_abs,sim_gap_max_steps,sim_gap_sqnr_db\n";
    for (size_t i = 0; i < sweep.layers.size(); ++i) {
        const LayerSensitivity& layer = sweep.layers[i];
        out << "layer," << csvText(layer.name) << "," << layer.stage << "," << layer.block << "," << layer.blockType << ","
            << layer.kind << "," << layer.position << "," << csvFigures(layer.hasOnly, layer.onlyThis) << ","
            << csvFigures(layer.hasAllBut, layer.allButThis) << ",";
        if (sweep.hasGap)
            out << format("%.6g", sweep.gaps[i].maxAbsDifference) << "," << format("%.4f", sweep.gaps[i].maxDifferenceInSteps)
                << "," << format("%.4f", sweep.gaps[i].sqnrDb);
        else
            out << ",,";
        out << "\n";
    }
    for (const GroupSensitivity& group : sweep.groups) {
        out << group.level << "," << csvText(group.name) << ",,," << csvText(group.blockType) << ",,,"
            << csvFigures(group.hasOnly, group.onlyThis) << "," << csvFigures(group.hasAllBut, group.allButThis) << ",,,\n";
    }
    return out.str();
}

std::string sensitivityReportTable(const SensitivityReport& report)
{
    const SensitivityResult& sweep = report.sweep;
    std::ostringstream out;
    if (report.syntheticData)
        out << "*** SYNTHETIC DATA: these figures come from generated shapes, not real clouds ***\n";
    out << "PointQ " << report.pointqVersion << " sensitivity: " << sweep.layers.size() << " layers, " << sweep.clouds
        << " clouds (first " << report.calibratedClouds << " calibrated), " << sweep.backend << ", mode "
        << sweepModeName(sweep.settings.mode) << "\n";
    out << "data: " << report.provenance.dataDescription << "\n";
    out << "all layers quantized:" << tableFigures(sweep.allQuantized);
    if (sweep.labelled)
        out << "  (FP32 OA " << format("%.2f", sweep.fp32OverallAccuracy) << "%)";
    out << "\n\n";
    printLayers(out, sweep);
    printGroups(out, sweep);
    printGap(out, sweep);
    if (report.hasSearch)
        printSearch(out, report.search);
    out << "\nsweep: " << sweep.configurations << " configurations on " << sweep.clouds << " clouds in "
        << format("%.1f", sweep.sweepSeconds) << " s; each re-ran " << format("%.0f", 100.0 * sweep.rerunFraction)
        << "% of the layers on average, the rest resumed from cached activations\n";
    out << "cache per batch: activations " << format("%.1f", static_cast<double>(sweep.activationCacheBytes) / 1048576.0)
        << " MiB, sampling and grouping " << format("%.1f", static_cast<double>(sweep.geometryCacheBytes) / 1048576.0)
        << " MiB\n";
    for (const auto& warning : report.warnings)
        out << "warning: " << warning << "\n";
    if (report.syntheticData)
        out << "*** SYNTHETIC DATA ***\n";
    return out.str();
}

} // namespace pointq
