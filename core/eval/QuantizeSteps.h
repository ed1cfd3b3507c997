#pragma once

// Steps of runQuantizeJob shared by its classification and segmentation branches.

#include "eval/QuantizeJob.h"

#include <functional>
#include <memory>

namespace pointq {

/// Progress of one share [from, to] of the job.
using StageContext = std::function<JobContext(double from, double to)>;

/// Result of the classification or segmentation branch, used by the steps both share.
struct QuantizedRun {
    std::unique_ptr<QuantizedModel> model;
    Calibrator calibrator;
    ModelInput timingInput; ///< the batch that latency is measured on
};

/// Records a warning for the report and logs it once.
void addQuantizeWarning(QuantizeReport& report, const std::string& warning);

/// The segmentation branch: reads the scene in settings.data.path, plans its voting
/// passes, calibrates on the first settings.calibrationClouds chunks, converts, and
/// fills report.scene with the per-point comparison. Progress runs from 0.0 to 0.6.
QuantizedRun quantizeSegmentationModel(QuantizeReport& report, LoadedModel& loaded, const QuantizeJobSettings& settings,
                                       const StageContext& stage);

/// The part segmentation branch: reads the ShapeNetPart shapes in settings.data.path,
/// calibrates on the first settings.calibrationClouds shapes, converts, and fills
/// report.parts. Progress runs from 0.0 to 0.6.
QuantizedRun quantizePartSegmentationModel(QuantizeReport& report, LoadedModel& loaded,
                                           const QuantizeJobSettings& settings, const StageContext& stage);

} // namespace pointq
