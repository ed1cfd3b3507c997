#pragma once

#include "analysis/Sensitivity.h"
#include "eval/Evaluation.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pointq::cli {

// Each command takes the words after its name and returns the process exit code.
int runQuantize(const std::vector<std::string>& words);
int runEval(const std::vector<std::string>& words);
int runInfo(const std::vector<std::string>& words);
int runBench(const std::vector<std::string>& words);
int runTrain(const std::vector<std::string>& words);
int runSensitivity(const std::vector<std::string>& words);
#ifdef POINTQ_WITH_REPORT
int runReport(const std::vector<std::string>& words);
#endif

/// `pointq bench --train`: training steps per second of a config on the given clouds.
int runTrainBench(const std::string& configPath, const std::string& checkpointPath,
                  const std::vector<std::string>& overrides, const DataOptions& data,
                  const std::vector<int64_t>& batchSizes, int warmup, int runs);

/// Settings of `pointq bench --sweep`.
struct SweepBenchSettings {
    std::string configPath;
    std::string checkpointPath;
    std::vector<std::string> overrides;
    DataOptions data;
    int64_t clouds = 256;     ///< clouds swept; fewer real clouds are repeated
    bool withUncached = true; ///< also time the sweep without any cache
    SensitivitySettings sweep;
};

/// `pointq bench --sweep`: wall time of the sensitivity sweep without caches, with
/// cached activations, and with cached activations and geometry, in one run.
int runSweepBench(const SweepBenchSettings& settings);

/// The closest of the candidates to a misspelled word, or empty when none is within
/// two edits (or a third of the word's length, whichever is larger).
std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates);

} // namespace pointq::cli
