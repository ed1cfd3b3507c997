#pragma once

// The clouds of the report coloured by the per-point FP32-INT8 error. `pointq report`
// and the workbench's File > Export Report both fill the report's snapshots here.

#include "eval/Evaluation.h"
#include "report/ReportContent.h"

#include <string>

namespace pointq {
class PointNextClassifier;
class QuantizedModel;
} // namespace pointq

namespace pointq::report {

/// Reason, stated in the PDF, that a segmentation model's report has no error snapshots.
extern const char* const segmentationSnapshotReason;

/// Adds one snapshot for each of the first `count` clouds of data: the cloud coloured by
/// the per-point L2 norm of FP32 minus INT8 at the model's last encoder layer, whose
/// per-point output carries the error of the whole encoder. Sets snapshotMethod too.
/// When a difference cannot be computed, the content keeps no snapshot and
/// snapshotAbsentReason states the error, which is also logged. Runs the quantized model
/// with a layer observer set, so no other thread may run that model at the same time.
void addErrorSnapshots(ReportContent& content, PointNextClassifier& floatModel, QuantizedModel& quantized,
                       const EvaluationData& data, int gravityDim, int count);

} // namespace pointq::report
