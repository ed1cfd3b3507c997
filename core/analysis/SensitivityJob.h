#pragma once

#include "analysis/Sensitivity.h"
#include "analysis/SkipSearch.h"
#include "eval/Evaluation.h"
#include "eval/Provenance.h"

#include <string>
#include <vector>

namespace pointq {

/// Everything `pointq sensitivity` does, as data.
struct SensitivityJobSettings {
    std::string configPath;
    std::vector<std::string> overrides;
    std::string checkpointPath;
    DataOptions data;                ///< data.limit is the number of clouds swept, 0 for all
    int64_t calibrationClouds = 32;  ///< the first N clouds of the data
    SensitivitySettings sweep;
    bool searchSkipSet = false;
    SkipBudget budget;
    int threads = 2;
};

/// Result of the sensitivity job, for the CLI table, JSON, CSV and the GUI.
struct SensitivityReport {
    SensitivityJobSettings settings;
    Provenance provenance;
    std::string pointqVersion;
    bool syntheticData = false;
    int64_t calibratedClouds = 0;
    SensitivityResult sweep;
    bool hasSearch = false;
    SkipSearchResult search;
    std::vector<std::string> warnings;
};

/// Loads the model and clouds, calibrates, sweeps every layer and group, and searches a
/// skip set when asked. Progress goes through the context, which may cancel the job.
SensitivityReport runSensitivityJob(const SensitivityJobSettings& settings, const JobContext& context);

/// The report as JSON, with the provenance block every PointQ report carries.
std::string sensitivityReportJson(const SensitivityReport& report);

/// One CSV row per layer, then one per group; empty cells for figures not measured.
std::string sensitivityReportCsv(const SensitivityReport& report);

/// The readable summary the CLI prints: layers sorted by sensitivity, groups, the gap
/// between simulation and kernels, and the skip-set search step by step.
std::string sensitivityReportTable(const SensitivityReport& report);

} // namespace pointq
