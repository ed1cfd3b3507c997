#pragma once

#include "eval/Evaluation.h"
#include "report/ReportContent.h"

namespace pointq::cli {

/// Calibrates the loaded model on the first calibration clouds of the data exactly as
/// the quantize run did (same clouds, observer and skip words), and adds to the report
/// the layer histograms and, for the first `snapshotCount` clouds, the per-point
/// difference between FP32 and INT8 at the last encoder layer. A step that cannot run
/// (a segmentation model, input features other than positions) leaves its part empty
/// with the reason in the content.
void addCalibrationFigures(report::ReportContent& content, LoadedModel& loaded, DataOptions data, int snapshotCount,
                           const JobContext& context);

} // namespace pointq::cli
