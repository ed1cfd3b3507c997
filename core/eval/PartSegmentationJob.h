#pragma once

// The part segmentation branch of the quantize job: ShapeNetPart shapes through
// BasePartSeg in FP32 and INT8, scored as openpoints scores ShapeNetPart.

#include "eval/SegmentationMetrics.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pointq {

class JsonWriter;

/// FP32 and INT8 part predictions on the same shapes and their figures.
struct PartSegmentationComparison {
    std::vector<std::string> categoryNames;
    int64_t shapes = 0;
    int64_t pointsPerShape = 0;
    /// Shapes with fewer points than the model takes, padded by repeating their rows.
    int64_t repeatedShapes = 0;
    PartSegmentationMetrics fp32;
    PartSegmentationMetrics int8;
    /// INT8 predictions scored with the FP32 predictions as labels: where quantization flips parts.
    PartSegmentationMetrics int8AgainstFp32;
    double pointAgreement = 0.0; ///< fraction of points with the same predicted part
    double logitSqnrDb = 0.0;
    double maxLogitDifference = 0.0;
    at::Tensor positions;   ///< (S, N, 3) float32 sampled positions before normalization
    at::Tensor categories;  ///< (S) int64
    at::Tensor groundTruth; ///< (S, N) int64
    at::Tensor fp32Labels;  ///< (S, N) int64 argmax over all 50 part logits
    at::Tensor int8Labels;  ///< (S, N) int64
};

void writePartSegmentationJson(JsonWriter& json, const PartSegmentationComparison& parts);

/// The per-category FP32/INT8 table printed under the summary.
std::string partSegmentationTable(const PartSegmentationComparison& parts);

} // namespace pointq
