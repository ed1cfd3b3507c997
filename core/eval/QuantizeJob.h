#pragma once

#include "common/SystemInfo.h"
#include "eval/Evaluation.h"
#include "eval/LayerStatistics.h"
#include "eval/Metrics.h"
#include "eval/PartSegmentationJob.h"
#include "eval/SegmentationJob.h"
#include "quant/QuantizedModel.h"

#include <string>
#include <vector>

namespace pointq {

/// Everything `pointq quantize` does, as data.
struct QuantizeJobSettings {
    std::string configPath;
    std::vector<std::string> overrides;
    std::string checkpointPath;
    DataOptions data;
    int64_t calibrationClouds = 32;  ///< the first N clouds of the data
    /// Split of data.path to calibrate on, e.g. "train" to keep the evaluated test clouds
    /// out of calibration; empty calibrates on the evaluated clouds. Classifiers only.
    std::string calibrationSplit;
    QuantSettings quantization;
    int64_t evalBatchSize = 16;
    int64_t latencyBatchSize = 1;
    int threads = 2;
    int warmupRuns = 5;
    int timedRuns = 20;
    std::string outputPath;          ///< the INT8 model file; empty to skip saving
    int histogramBins = 64;          ///< bins of the per-layer histograms in the report
    bool measureLayerSqnr = true;    ///< run the calibration clouds once more to measure each layer's SQNR
};

/// Accuracy, latency and size of one model on the evaluation clouds.
struct ModelMeasurement {
    ClassificationMetrics metrics;
    LatencyStats latency;
    int64_t sizeBytes = 0;
};

/// A quantized layer as reported: which kernel runs it and its ranges.
struct LayerSummary {
    std::string name;
    std::string stage;
    std::string blockType;
    std::string kind;
    bool int8 = false;
    float inputMin = 0, inputMax = 0, outputMin = 0, outputMax = 0;
    double inputScale = 0, outputScale = 0;
    int64_t inputZeroPoint = 0, outputZeroPoint = 0;
};

/// Result of the quantize job: the same figures for the CLI table, JSON and the GUI.
struct QuantizeReport {
    QuantizeJobSettings settings;
    SystemInfo system;
    std::string pointqVersion;
    std::string configSha256;
    std::string checkpointSha256;
    std::string dataDescription;
    std::vector<std::string> dataFiles;
    bool syntheticData = false;
    bool labelled = false;
    int64_t evaluatedClouds = 0;
    int64_t calibratedClouds = 0;
    /// Description of the calibration clouds' data set when settings.calibrationSplit is set, else empty.
    /// A report read from a JSON file written before PointQ stored it also leaves it empty.
    std::string calibrationDescription;
    /// Files of the calibration split when settings.calibrationSplit is set, else empty.
    std::vector<std::string> calibrationFiles;
    std::string engine;
    bool engineFellBack = false;
    std::vector<std::string> availableEngines;
    ModelMeasurement fp32;
    ModelMeasurement int8;
    double top1Agreement = 0.0;
    double logitSqnrDb = 0.0;
    double maxLogitDifference = 0.0;
    std::vector<LayerSummary> layers;
    std::vector<LayerStatistics> layerStatistics; ///< same order as layers
    std::vector<std::string> warnings;
    /// Set for BaseSeg models, whose figures are per point of one scene; then
    /// fp32/int8 metrics hold the per-point overall and mean class accuracy and
    /// top1Agreement the per-point agreement.
    bool segmentation = false;
    SegmentationComparison scene;
    /// Set for BasePartSeg models on ShapeNetPart shapes; then fp32/int8 metrics hold
    /// the per-point accuracy over the 50 parts and top1Agreement the per-point agreement.
    bool partSegmentation = false;
    PartSegmentationComparison parts;
};

/// Loads, evaluates FP32, calibrates, converts, evaluates INT8, times both and saves
/// the INT8 model. Progress goes through the context, which may cancel the job.
QuantizeReport runQuantizeJob(const QuantizeJobSettings& settings, const JobContext& context);
/// Runs the job as above and moves the converted INT8 model into quantizedModel,
/// so a caller can inspect it further (the workbench's per-point differences).
QuantizeReport runQuantizeJob(const QuantizeJobSettings& settings, const JobContext& context,
                              std::unique_ptr<QuantizedModel>& quantizedModel);

/// The report as JSON.
std::string quantizeReportJson(const QuantizeReport& report);

/// The clouds the activation ranges were calibrated on, as a phrase for reports:
/// "the first 8 evaluated clouds" or "the first 32 clouds of the train split".
std::string describeCalibrationClouds(const QuantizeReport& report);

/// The report as a readable FP32-vs-INT8 table with ratios.
std::string quantizeReportTable(const QuantizeReport& report);

} // namespace pointq
