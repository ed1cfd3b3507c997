#pragma once

#include "data/Preprocess.h"
#include "io/PointCloud.h"

#include <ATen/ATen.h>

#include <string>
#include <vector>

namespace pointq {

class PointNextClassifier;
class QuantizedModel;

/// The points of one encoder stage, as rows of the cloud the model was run on.
struct StageSampling {
    int stage = 0;
    /// True for a stage that groups all points of the previous stage into one
    /// global feature; its centreRows are then the previous stage's points.
    bool groupsAll = false;
    at::Tensor centreRows;    ///< (M) int64, the stage's points (furthest-point-sampling centres for sampling stages)
    at::Tensor neighbourRows; ///< (M, K) int64 ball-query neighbours of each centre, or undefined (stem, group-all)
};

/// Sampling trace of one cloud through the encoder.
struct CloudSampling {
    at::Tensor inputRows; ///< (N) int64 rows of the cloud that the preprocessing picked as model input
    std::vector<StageSampling> stages;
};

/// Runs the FP32 model on one cloud and returns, for every encoder stage, which
/// rows of the cloud are the stage's centres and ball-query neighbours. The
/// model's sample and group indices point into the previous stage's points;
/// they are composed here down to rows of the input cloud. Throws DataError or
/// ConfigError as makeModelInputs() does.
CloudSampling traceCloudSampling(PointNextClassifier& model, const PointCloud& cloud,
                                 const PreprocessOptions& options);

/// Per-point difference between the FP32 and the INT8 output of one layer.
struct LayerPointDifference {
    std::string layerName;
    int stage = 0;
    at::Tensor pointRows;       ///< (M) int64 rows of the cloud at which the layer's output points sit
    at::Tensor pointDifference; ///< (M) float32 L2 norm over channels (and neighbours) of FP32 - INT8
    at::Tensor pointReference;  ///< (M) float32 L2 norm of the FP32 output at the same points
    /// (cloud.size()) float32: every row of the cloud takes the difference of
    /// its nearest layer point, so the whole cloud can be coloured.
    at::Tensor cloudDifference;
};

/// Runs one cloud through the FP32 model and the quantized model and returns the
/// per-point L2 norm of the difference of the named layer's outputs. INT8
/// outputs are dequantized first. The FP32 side runs the unfolded model, so a
/// layer kept in FP32 shows only the batch-norm folding rounding and the INT8
/// error of the layers before it. Throws QuantizationError when no encoder
/// layer has that name or the layer belongs to the classification head, whose
/// outputs are per cloud, not per point.
LayerPointDifference computeLayerPointDifference(PointNextClassifier& floatModel, QuantizedModel& quantizedModel,
                                                 const PointCloud& cloud, const PreprocessOptions& options,
                                                 const std::string& layerName);

/// Returns, for every row of cloudPositions (P, 3), the index of the nearest row
/// of pointPositions (M, 3) in Euclidean distance. Ties go to the lower index.
/// Throws DataError when pointPositions is empty.
at::Tensor nearestPointIndices(const at::Tensor& cloudPositions, const at::Tensor& pointPositions);

} // namespace pointq
