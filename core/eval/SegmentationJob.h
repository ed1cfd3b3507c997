#pragma once

#include "common/Progress.h"
#include "config/ModelArgs.h"
#include "data/ScenePipeline.h"
#include "eval/SegmentationMetrics.h"
#include "model/Classifier.h"

#include <ATen/ATen.h>

#include <string>
#include <vector>

namespace pointq {

class QuantizedModel;

/// FP32 and INT8 results of a segmentation model on one scene, per point.
struct SegmentationComparison {
    std::string sceneFile;
    std::string labelsSource;   ///< where the labels came from, or empty when the scene has none
    int64_t points = 0;
    int64_t voxels = 0;
    int64_t passes = 0;
    int64_t passesForFullCoverage = 0;
    int64_t crops = 0;
    int64_t uncoveredPoints = 0;
    int64_t classCount = 0;
    at::Tensor positions;       ///< (N, 3) float32 as read
    at::Tensor fp32Labels;      ///< (N) int64 FP32 predictions
    at::Tensor int8Labels;      ///< (N) int64 INT8 predictions
    at::Tensor groundTruth;     ///< (N) int64, undefined without labels
    bool labelled = false;
    SegmentationMetrics fp32;   ///< against the labels; valid when labelled
    SegmentationMetrics int8;
    /// The INT8 predictions scored against the FP32 predictions as if those were the
    /// labels: which classes the quantization flips, with or without labels.
    SegmentationMetrics int8AgainstFp32;
    std::vector<std::string> classNames; ///< by class index; empty when the data set is not known
    double pointAgreement = 0.0; ///< fraction of points with the same label
    double logitSqnrDb = 0.0;
    double maxLogitDifference = 0.0;
};

/// The scene pipeline a config describes: voxel size, voxel_max, val transforms,
/// feature keys and gravity axis.
ScenePipelineOptions scenePipelineOptions(const DatasetArgs& dataset, const EncoderArgs& encoder, int64_t votes);

/// Runs both models over the same scene plan and compares them point by point; the
/// labels of the scene, when defined, give the metrics against ground truth.
/// classCount is the head's number of classes; labels equal to ignoreIndex are skipped.
SegmentationComparison compareSegmentation(PointNextClassifier& model, QuantizedModel& quantized,
                                           const PointCloud& scene, const ScenePlan& plan, int64_t classCount,
                                           int64_t ignoreIndex, const JobContext& context);

/// Returns FP32 and INT8 per-point labels of a scene file for display, running the
/// whole scene pipeline of the config the model was built from.
SegmentationComparison predictSceneLabels(PointNextClassifier& model, QuantizedModel& quantized,
                                          const PointCloud& scene, const DatasetArgs& dataset, int64_t votes,
                                          const JobContext& context);

/// Class names of a known segmentation data set (dataset.common.NAME S3DIS or ScanNet)
/// with the given class count, or an empty list.
std::vector<std::string> segmentationClassNames(const std::string& datasetName, int64_t classCount);

class JsonWriter;

/// Writes the "segmentation" object of the quantize report.
void writeSegmentationJson(JsonWriter& json, const SegmentationComparison& scene);

/// The per-scene mIoU rows and the per-class IoU table of the quantize report.
std::string segmentationTable(const SegmentationComparison& scene);

/// Formats a figure of the segmentation tables with two decimals, or "-" for NaN.
std::string formatTableCell(double value);

} // namespace pointq
