#pragma once

#include "common/Progress.h"
#include "train/TrainConfig.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pointq {

/// Settings of one `pointq train` run.
struct TrainSettings {
    std::string configPath;
    std::vector<std::string> overrides;
    std::string pretrainedPath;   ///< start from this checkpoint; required with qat
    std::string dataSpec;         ///< a labelled data set folder or "procedural:..."
    std::string outputPath;       ///< best checkpoint (.pth), or the INT8 model (.pq) with qat
    int epochs = 0;               ///< 0: the config's epochs
    int batchSize = 0;            ///< 0: the config's batch_size
    double lr = 0.0;              ///< 0: the config's lr, divided by 10 with qat
    uint64_t seed = 0;
    double validationFraction = 0.1;
    int64_t limitTrain = 0;       ///< train on at most this many clouds; 0 for all
    bool qat = false;
    std::vector<std::string> skip;    ///< qat: layers kept in FP32 (LayerSelection words)
    int64_t calibrationClouds = 32;   ///< qat: train clouds that set the starting ranges
    std::string engine = "auto";      ///< qat: quantized engine of the converted model
};

/// One finished epoch.
struct EpochRecord {
    int epoch = 0;            ///< 1-based
    int epochs = 0;
    double lr = 0.0;
    double trainLoss = 0.0;   ///< mean over the epoch's batches
    double trainAccuracy = 0.0;      ///< percent, on augmented training clouds
    double validationAccuracy = 0.0; ///< percent
    double seconds = 0.0;
    double secondsLeft = 0.0; ///< estimate from the mean epoch time so far
    bool best = false;        ///< the checkpoint was written after this epoch
};

struct TrainResult {
    std::vector<EpochRecord> epochs;
    int bestEpoch = 0;
    double bestValidationAccuracy = 0.0;
    /// Accuracy in percent of the best model on the test split, which training never reads:
    /// the FP32 model, or with qat the fake-quantized model and the converted INT8 model.
    double testAccuracy = 0.0;
    double testAccuracyInt8 = -1.0;       ///< qat only
    double testAccuracyBeforeQat = -1.0;  ///< qat only: the fake-quantized pretrained model (PTQ ranges)
    int64_t trainClouds = 0;
    int64_t validationClouds = 0;
    int64_t testClouds = 0;
    std::string dataDescription;
    bool synthetic = false;
    TrainRecipe recipe;
};

/// Trains or fine-tunes a classification model (or, with qat, fine-tunes with fake
/// quantization and converts to INT8), writes the best checkpoint by validation accuracy
/// to settings.outputPath, reloads it and measures it on the test split. `onEpoch` is
/// called after each epoch. Same settings, seed and thread count give the same losses.
/// Throws ConfigError, CheckpointError, DataError or QuantizationError, and
/// CancelledError when cancelled. A cancelled run without qat keeps the best
/// checkpoint written so far, and one with qat writes nothing.
TrainResult runTraining(const TrainSettings& settings, const JobContext& context,
                        const std::function<void(const EpochRecord&)>& onEpoch = {});

} // namespace pointq
