// Segmentation and part segmentation metrics.
#include "common/Errors.h"
#include "eval/SegmentationMetrics.h"

#include <QtTest/QtTest>

#include <cmath>

using namespace pointq;

namespace {

at::Tensor longs(std::vector<int64_t> values)
{
    return at::tensor(values, at::kLong);
}

} // namespace

class SegMetricsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void iouFromConfusionCounts()
    {
        ConfusionMatrix matrix(3);
        // labels:      0 0 0 1 1 2
        // predictions: 0 0 1 1 1 1
        matrix.add(longs({0, 0, 1, 1, 1, 1}), longs({0, 0, 0, 1, 1, 2}));
        const SegmentationMetrics metrics = segmentationMetrics(matrix);
        QCOMPARE(metrics.points, int64_t(6));
        QCOMPARE(metrics.classIoU[0], 100.0 * 2.0 / 3.0); // TP 2, FN 1
        QCOMPARE(metrics.classIoU[1], 100.0 * 2.0 / 4.0); // TP 2, FP 2
        QCOMPARE(metrics.classIoU[2], 0.0);               // FN 1
        QCOMPARE(metrics.meanIoU, (200.0 / 3.0 + 50.0 + 0.0) / 3.0);
        QCOMPARE(metrics.overallAccuracy, 100.0 * 4.0 / 6.0);
        QCOMPARE(metrics.meanClassAccuracy, (200.0 / 3.0 + 100.0 + 0.0) / 3.0);
        QCOMPARE(metrics.classesPresent, int64_t(3));
    }

    void absentClassIsUndefinedNotZero()
    {
        ConfusionMatrix matrix(4);
        matrix.add(longs({0, 1}), longs({0, 1}));
        const SegmentationMetrics metrics = segmentationMetrics(matrix);
        QVERIFY(std::isnan(metrics.classIoU[2]));
        QVERIFY(std::isnan(metrics.classIoU[3]));
        QCOMPARE(metrics.meanIoU, 100.0);
        // openpoints averages over all classes, so absent ones count as 0 there.
        QCOMPARE(metrics.meanIoUAllClasses, 50.0);
    }

    void ignoredAndUnlabelledPointsAreSkipped()
    {
        ConfusionMatrix matrix(2);
        matrix.add(longs({0, 1, 1, 0}), longs({0, -1, 1, 5}), 5);
        QCOMPARE(matrix.total(), int64_t(2));
        QCOMPARE(segmentationMetrics(matrix).overallAccuracy, 100.0);
    }

    void outOfRangeLabelIsError()
    {
        ConfusionMatrix matrix(2);
        QVERIFY_THROWS_EXCEPTION(Error, matrix.add(longs({0}), longs({2})));
        QVERIFY_THROWS_EXCEPTION(Error, matrix.add(longs({3}), longs({1})));
        QVERIFY_THROWS_EXCEPTION(Error, matrix.add(longs({0, 1}), longs({1})));
    }

    void partMetricsAverageShapesThenCategories()
    {
        const auto& parts = shapeNetPartParts();
        QCOMPARE(parts.size(), size_t(16));
        QCOMPARE(parts[0], (std::vector<int64_t>{0, 1, 2, 3}));
        QCOMPARE(parts[15], (std::vector<int64_t>{47, 48, 49}));

        // Two airplanes (parts 0-3) and one bag (parts 4-5), four points each.
        const at::Tensor labels = longs({0, 0, 1, 1, 0, 0, 0, 0, 4, 4, 5, 5}).view({3, 4});
        const at::Tensor predictions = longs({0, 0, 1, 1, 0, 0, 1, 1, 4, 5, 5, 5}).view({3, 4});
        const at::Tensor categories = longs({0, 0, 1});
        const PartSegmentationMetrics metrics = partSegmentationMetrics(predictions, labels, categories, parts);
        // Airplane 1: parts 0 and 1 exact, 2 and 3 absent (IoU 1) -> 100.
        // Airplane 2: part 0 IoU 2/4, part 1 IoU 0/2, parts 2, 3 absent -> (0.5 + 0 + 1 + 1) / 4.
        // Bag: part 4 IoU 1/2, part 5 IoU 2/3.
        const double airplane2 = 100.0 * (0.5 + 0.0 + 1.0 + 1.0) / 4.0;
        const double bag = 100.0 * (0.5 + 2.0 / 3.0) / 2.0;
        QCOMPARE(metrics.shapes, int64_t(3));
        QCOMPARE(metrics.instanceMeanIoU, (100.0 + airplane2 + bag) / 3.0);
        QCOMPARE(metrics.classMeanIoU, ((100.0 + airplane2) / 2.0 + bag) / 2.0);
        QVERIFY(std::isnan(metrics.categoryIoU[2]));
    }

    void agreementCountsEqualLabels()
    {
        QCOMPARE(pointAgreement(longs({1, 2, 3, 4}), longs({1, 2, 0, 4})), 0.75);
        QVERIFY_THROWS_EXCEPTION(Error, pointAgreement(longs({1}), longs({1, 2})));
    }
};

QTEST_GUILESS_MAIN(SegMetricsTest)
#include "test_seg_metrics.moc"
