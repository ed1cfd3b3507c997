#pragma once

#include "common/Progress.h"
#include "config/Config.h"
#include "config/ModelArgs.h"
#include "data/Preprocess.h"
#include "io/Checkpoint.h"
#include "io/LidarBinReader.h"
#include "model/Classifier.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pointq {

/// A config, the model it builds and the checkpoint loaded into it.
struct LoadedModel {
    Config config;
    ModelArgs args;
    DatasetArgs dataset;
    std::shared_ptr<PointNextClassifier> model;
    std::string configPath;
    std::string configSha256;
    std::string checkpointPath;    ///< empty when no checkpoint was given
    std::string checkpointSha256;
    std::string stateDictKey;
    std::vector<std::string> ignoredCheckpointKeys;
};

/// Loads a config with overrides, builds its model and loads the checkpoint strictly.
/// Without a checkpoint the model keeps LibTorch's random initialization, and a
/// warning is logged.
LoadedModel loadModel(const std::string& configPath, const std::vector<std::string>& overrides,
                      const std::string& checkpointPath);

/// Source of the evaluation clouds.
struct DataOptions {
    std::string path;             ///< folder or file; empty only with synthetic
    bool synthetic = false;       ///< generate clouds instead of reading path
    int64_t syntheticCount = 64;
    std::string split = "test";
    Sampling sampling = Sampling::First;
    int64_t limit = 0;            ///< use at most this many clouds; 0 for all
    bool repeatShortClouds = false; ///< pad clouds with fewer than num_points points by repeating them
    /// Layout of .bin files; unset with inferLidarFormat false makes reading a .bin an error.
    std::optional<LidarFormat> lidarFormat;
    bool inferLidarFormat = false;
    /// Segmentation only: per-point label file (empty: labels in or beside the scene file).
    std::string labelsPath;
    /// Segmentation only: voting passes over the scene; 0 for full coverage.
    int64_t votes = 0;
};

/// Preprocessed clouds, ready for the model, and what they came from.
struct EvaluationData {
    ModelInputs inputs;
    std::string description;
    std::vector<std::string> files;
    std::vector<std::string> classNames;
    bool synthetic = false;
    bool labelled = false;
};

/// Reads and preprocesses every cloud; reports progress and honours cancel.
EvaluationData loadEvaluationData(const DataOptions& options, const DatasetArgs& datasetArgs, int64_t inChannels,
                                  const JobContext& context);

/// Runs each block with an inner runner, or with the block's own FP32 forward pass
/// when inner is null, after checking the job's cancel token. Passed to a model's
/// forward pass, it makes a cancelled job stop within one layer, not one batch.
class CancellableLayerRunner : public LayerRunner {
public:
    CancellableLayerRunner(const JobContext& context, LayerRunner* inner) : m_context(context), m_inner(inner) {}

    at::Tensor run(ConvBlock& block, const at::Tensor& input) override;

private:
    const JobContext& m_context;
    LayerRunner* m_inner;
};

/// Runs forward over all clouds in batches and returns (N, classes) logits.
at::Tensor predictLogits(const std::function<at::Tensor(const ModelInput&)>& forward, const ModelInputs& inputs,
                         int64_t batchSize, const JobContext& context, const std::string& stage);

/// The clouds [begin, end) of the inputs as one model input.
ModelInput sliceInputs(const ModelInputs& inputs, int64_t begin, int64_t end);

/// A batch of batchSize clouds for timing, repeating clouds when there are fewer.
ModelInput repeatToBatch(const ModelInputs& inputs, int64_t batchSize);

/// Wall-clock latency of one forward pass over a batch.
struct LatencyStats {
    int64_t batchSize = 0;
    int threads = 0;
    int warmupRuns = 0;
    int timedRuns = 0;
    double medianMs = 0.0;
    double p10Ms = 0.0;
    double p90Ms = 0.0;
    double meanMs = 0.0;
};

/// Runs `run` warmup times untimed, then `runs` times timed.
LatencyStats measureLatency(const std::function<void()>& run, int warmup, int runs, const JobContext& context);

/// Times several models in alternation (a, b, a, b, ...), so that load from other
/// processes on a shared machine falls on all of them alike and their ratios stay fair.
std::vector<LatencyStats> measureLatencyInterleaved(const std::vector<std::function<void()>>& models, int warmup,
                                                    int runs, const JobContext& context);

/// Bytes of the FP32 model's state dict written in the same LibTorch archive format
/// as the quantized model file, so that the two sizes compare like for like.
int64_t serializedFloatModelBytes(const PointNextClassifier& model);

} // namespace pointq
