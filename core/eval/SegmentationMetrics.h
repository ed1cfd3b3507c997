#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

namespace pointq {

/// Per-point confusion counts: rows are labels, columns predictions.
class ConfusionMatrix {
public:
    explicit ConfusionMatrix(int64_t classCount);

    /// predictions and labels: equal-sized int64 tensors of any shape. Labels below 0
    /// or equal to ignoreIndex are skipped; other labels and every prediction must lie
    /// in 0..classCount-1, else Error.
    void add(const at::Tensor& predictions, const at::Tensor& labels, int64_t ignoreIndex = -1);

    int64_t classCount() const { return m_classCount; }
    int64_t count(int64_t label, int64_t prediction) const;
    int64_t total() const;

private:
    int64_t m_classCount;
    std::vector<int64_t> m_counts;
};

/// Semantic segmentation figures in percent.
struct SegmentationMetrics {
    /// IoU = TP / (TP + FP + FN) per class; NaN for a class that is neither in the
    /// labels nor in the predictions.
    std::vector<double> classIoU;
    /// Mean over the classes with a defined IoU.
    double meanIoU = 0.0;
    /// Mean over all classes with undefined IoUs counted as 0, as openpoints'
    /// ConfusionMatrix.all_metrics computes it.
    double meanIoUAllClasses = 0.0;
    double overallAccuracy = 0.0;
    /// Mean of per-class recall over the classes present in the labels.
    double meanClassAccuracy = 0.0;
    int64_t points = 0;
    int64_t classesPresent = 0; ///< classes present in the labels
};

SegmentationMetrics segmentationMetrics(const ConfusionMatrix& matrix);

/// Part segmentation figures in percent, as openpoints' ShapeNetPart evaluation
/// defines them: a shape's IoU is the mean over the parts of its category, where a
/// part absent from both labels and predictions counts as 1; instance mIoU is the
/// mean over shapes, class mIoU the mean over categories of their shapes' mean.
struct PartSegmentationMetrics {
    double instanceMeanIoU = 0.0;
    double classMeanIoU = 0.0;
    std::vector<double> categoryIoU; ///< per category, NaN when no shape has it
    int64_t shapes = 0;
};

/// predictions, labels: (B, N) int64 part indices; categories: (B) int64;
/// partsOfCategory[c] lists the part indices of category c.
PartSegmentationMetrics partSegmentationMetrics(const at::Tensor& predictions, const at::Tensor& labels,
                                                const at::Tensor& categories,
                                                const std::vector<std::vector<int64_t>>& partsOfCategory);

/// The 16 ShapeNetPart categories and their 50 part indices, in the dataset's order
/// (Airplane 0-3, Bag 4-5, ..., Table 47-49).
const std::vector<std::vector<int64_t>>& shapeNetPartParts();

/// Fraction (0 to 1) of points whose predicted label is the same in both tensors.
double pointAgreement(const at::Tensor& referencePredictions, const at::Tensor& predictions);

} // namespace pointq
