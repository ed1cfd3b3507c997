#pragma once

#include "eval/Evaluation.h"
#include "report/ReportContent.h"

namespace pointq::cli {

/// Calibrates the loaded model as the quantize run did, with its observer and skip words,
/// on the first clouds of its calibration split, or of the evaluated data without one.
/// Adds to the report the layer histograms and, for the first `snapshotCount` evaluated
/// clouds, the per-point difference between FP32 and INT8 at the last encoder layer. A
/// step that cannot run (a segmentation model, input features other than positions)
/// leaves its part empty with the reason in the content. Throws DataError naming the
/// data path when the calibration split cannot be read from it or differs from the
/// clouds the report recorded.
void addCalibrationFigures(report::ReportContent& content, LoadedModel& loaded, DataOptions data, int snapshotCount,
                           const JobContext& context);

} // namespace pointq::cli
