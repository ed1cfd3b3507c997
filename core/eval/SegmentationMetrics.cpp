#include "eval/SegmentationMetrics.h"

#include "common/Errors.h"

#include <cmath>
#include <limits>

namespace pointq {

ConfusionMatrix::ConfusionMatrix(int64_t classCount)
    : m_classCount(classCount)
    , m_counts(static_cast<size_t>(classCount * classCount), 0)
{
    if (classCount < 1)
        throw Error("a confusion matrix needs at least one class, got " + std::to_string(classCount));
}

void ConfusionMatrix::add(const at::Tensor& predictions, const at::Tensor& labels, int64_t ignoreIndex)
{
    if (predictions.numel() != labels.numel())
        throw Error("segmentation metrics need one prediction per label, got " + std::to_string(predictions.numel())
                    + " predictions for " + std::to_string(labels.numel()) + " labels");
    const at::Tensor predicted = predictions.to(at::kLong).contiguous().view(-1);
    const at::Tensor truth = labels.to(at::kLong).contiguous().view(-1);
    const int64_t* p = predicted.data_ptr<int64_t>();
    const int64_t* t = truth.data_ptr<int64_t>();
    for (int64_t i = 0; i < truth.numel(); ++i) {
        if (t[i] < 0 || t[i] == ignoreIndex)
            continue;
        if (t[i] >= m_classCount || p[i] < 0 || p[i] >= m_classCount)
            throw Error("point " + std::to_string(i) + " has label " + std::to_string(t[i]) + " and prediction "
                        + std::to_string(p[i]) + ", outside 0.." + std::to_string(m_classCount - 1)
                        + "; check that num_classes matches the data's labels");
        ++m_counts[static_cast<size_t>(t[i] * m_classCount + p[i])];
    }
}

int64_t ConfusionMatrix::count(int64_t label, int64_t prediction) const
{
    return m_counts.at(static_cast<size_t>(label * m_classCount + prediction));
}

int64_t ConfusionMatrix::total() const
{
    int64_t sum = 0;
    for (const int64_t value : m_counts)
        sum += value;
    return sum;
}

SegmentationMetrics segmentationMetrics(const ConfusionMatrix& matrix)
{
    const int64_t classes = matrix.classCount();
    SegmentationMetrics metrics;
    metrics.points = matrix.total();
    int64_t correct = 0;
    int64_t defined = 0;
    double iouSum = 0.0;
    double accuracySum = 0.0;
    for (int64_t c = 0; c < classes; ++c) {
        int64_t actual = 0;
        int64_t predicted = 0;
        for (int64_t other = 0; other < classes; ++other) {
            actual += matrix.count(c, other);
            predicted += matrix.count(other, c);
        }
        const int64_t truePositive = matrix.count(c, c);
        correct += truePositive;
        const int64_t unionCount = actual + predicted - truePositive;
        if (unionCount == 0) {
            metrics.classIoU.push_back(std::numeric_limits<double>::quiet_NaN());
            continue;
        }
        const double iou = 100.0 * static_cast<double>(truePositive) / static_cast<double>(unionCount);
        metrics.classIoU.push_back(iou);
        iouSum += iou;
        ++defined;
        if (actual > 0) {
            accuracySum += 100.0 * static_cast<double>(truePositive) / static_cast<double>(actual);
            ++metrics.classesPresent;
        }
    }
    metrics.meanIoU = defined > 0 ? iouSum / static_cast<double>(defined) : 0.0;
    metrics.meanIoUAllClasses = iouSum / static_cast<double>(classes);
    metrics.meanClassAccuracy =
        metrics.classesPresent > 0 ? accuracySum / static_cast<double>(metrics.classesPresent) : 0.0;
    metrics.overallAccuracy =
        metrics.points > 0 ? 100.0 * static_cast<double>(correct) / static_cast<double>(metrics.points) : 0.0;
    return metrics;
}

PartSegmentationMetrics partSegmentationMetrics(const at::Tensor& predictions, const at::Tensor& labels,
                                                const at::Tensor& categories,
                                                const std::vector<std::vector<int64_t>>& partsOfCategory)
{
    if (predictions.dim() != 2 || !predictions.sizes().equals(labels.sizes()) || categories.numel() != predictions.size(0))
        throw Error("part segmentation metrics need (B, N) predictions and labels and (B) categories, got "
                    + c10::str(predictions.sizes()) + ", " + c10::str(labels.sizes()) + " and "
                    + c10::str(categories.sizes()));
    const auto categoryCount = static_cast<int64_t>(partsOfCategory.size());
    std::vector<double> sums(static_cast<size_t>(categoryCount), 0.0);
    std::vector<int64_t> counts(static_cast<size_t>(categoryCount), 0);
    PartSegmentationMetrics metrics;
    double instanceSum = 0.0;
    for (int64_t b = 0; b < predictions.size(0); ++b) {
        const int64_t category = categories[b].item<int64_t>();
        if (category < 0 || category >= categoryCount)
            throw Error("shape " + std::to_string(b) + " has category " + std::to_string(category) + ", outside 0.."
                        + std::to_string(categoryCount - 1));
        const at::Tensor predicted = predictions[b];
        const at::Tensor truth = labels[b];
        const auto& parts = partsOfCategory[static_cast<size_t>(category)];
        double shapeSum = 0.0;
        for (const int64_t part : parts) {
            const at::Tensor inPrediction = predicted.eq(part);
            const at::Tensor inLabel = truth.eq(part);
            const auto intersection = (inPrediction & inLabel).sum().item<int64_t>();
            const auto unionCount = (inPrediction | inLabel).sum().item<int64_t>();
            shapeSum += unionCount == 0 ? 1.0 : static_cast<double>(intersection) / static_cast<double>(unionCount);
        }
        const double shapeIoU = parts.empty() ? 1.0 : 100.0 * shapeSum / static_cast<double>(parts.size());
        instanceSum += shapeIoU;
        sums[static_cast<size_t>(category)] += shapeIoU;
        ++counts[static_cast<size_t>(category)];
        ++metrics.shapes;
    }
    double classSum = 0.0;
    int64_t classesSeen = 0;
    for (int64_t c = 0; c < categoryCount; ++c) {
        if (counts[static_cast<size_t>(c)] == 0) {
            metrics.categoryIoU.push_back(std::numeric_limits<double>::quiet_NaN());
            continue;
        }
        const double mean = sums[static_cast<size_t>(c)] / static_cast<double>(counts[static_cast<size_t>(c)]);
        metrics.categoryIoU.push_back(mean);
        classSum += mean;
        ++classesSeen;
    }
    metrics.instanceMeanIoU = metrics.shapes > 0 ? instanceSum / static_cast<double>(metrics.shapes) : 0.0;
    metrics.classMeanIoU = classesSeen > 0 ? classSum / static_cast<double>(classesSeen) : 0.0;
    return metrics;
}

const std::vector<std::vector<int64_t>>& shapeNetPartParts()
{
    static const std::vector<std::vector<int64_t>> parts = [] {
        const std::vector<int64_t> partCounts{4, 2, 2, 4, 4, 3, 3, 2, 4, 2, 6, 2, 3, 3, 3, 3};
        std::vector<std::vector<int64_t>> result;
        int64_t next = 0;
        for (const int64_t count : partCounts) {
            std::vector<int64_t> category;
            for (int64_t i = 0; i < count; ++i)
                category.push_back(next++);
            result.push_back(category);
        }
        return result;
    }();
    return parts;
}

double pointAgreement(const at::Tensor& referencePredictions, const at::Tensor& predictions)
{
    if (referencePredictions.numel() != predictions.numel() || predictions.numel() == 0)
        throw Error("point agreement needs two non-empty prediction tensors of equal size");
    return referencePredictions.view(-1).eq(predictions.view(-1)).to(at::kDouble).mean().item<double>();
}

} // namespace pointq
