#include "geometry/PointOps.h"

#include <QtTest/QtTest>

#include <vector>

using namespace pointq;

namespace {

at::Tensor cloud(const std::vector<std::array<float, 3>>& points)
{
    at::Tensor tensor = at::empty({1, static_cast<int64_t>(points.size()), 3}, at::kFloat);
    for (size_t i = 0; i < points.size(); ++i)
        for (int c = 0; c < 3; ++c)
            tensor[0][static_cast<int64_t>(i)][c] = points[i][static_cast<size_t>(c)];
    return tensor;
}

std::vector<int32_t> toVector(const at::Tensor& tensor)
{
    const at::Tensor flat = tensor.contiguous().view(-1);
    return std::vector<int32_t>(flat.data_ptr<int32_t>(), flat.data_ptr<int32_t>() + flat.numel());
}

} // namespace

class GeometryTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void samplingThreadCountFollowsCuda_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("threads");
        QTest::newRow("1") << 1 << 1;
        QTest::newRow("5") << 5 << 4;
        QTest::newRow("1000") << 1000 << 512;
        QTest::newRow("1024") << 1024 << 1024;
        QTest::newRow("10000") << 10000 << 1024;
    }

    void samplingThreadCountFollowsCuda()
    {
        QFETCH(int, points);
        QFETCH(int, threads);
        QCOMPARE(furthestPointSamplingThreads(points), threads);
    }

    void samplingTieGoesToBitReversedThread()
    {
        // Four points, so four CUDA threads. Points 1 and 2 are both at distance 1 from
        // point 0; thread 2 wins the reduction, not the lower index 1.
        const at::Tensor points = cloud({{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0.5f, 0, 0}});
        QCOMPARE(toVector(furthestPointSample(points, 2)), (std::vector<int32_t>{0, 2}));
    }

    void samplingStartsAtZeroAndVisitsFarPoints()
    {
        const at::Tensor points = cloud({{0, 0, 0}, {0.1f, 0, 0}, {5, 0, 0}, {0, 3, 0}, {0.2f, 0.1f, 0}});
        const std::vector<int32_t> indices = toVector(furthestPointSample(points, 3));
        QCOMPARE(indices, (std::vector<int32_t>{0, 2, 3}));
    }

    void samplingRejectsTooManyPoints()
    {
        const at::Tensor points = cloud({{0, 0, 0}, {1, 0, 0}});
        QVERIFY_THROWS_EXCEPTION(std::exception, furthestPointSample(points, 3));
    }

    void samplingIsIndependentPerBatchElement()
    {
        const at::Tensor points = at::rand({3, 257, 3});
        const at::Tensor batched = furthestPointSample(points, 64);
        for (int64_t b = 0; b < 3; ++b)
            QCOMPARE(toVector(batched[b]), toVector(furthestPointSample(points.slice(0, b, b + 1), 64)));
    }

    void ballQueryPadsWithFirstNeighbour()
    {
        const at::Tensor support = cloud({{5, 5, 5}, {0.1f, 0, 0}, {0, 0, 0}, {9, 9, 9}, {0, 0.2f, 0}});
        const at::Tensor centre = cloud({{0, 0, 0}});
        QCOMPARE(toVector(ballQuery(support, centre, 0.5, 5)), (std::vector<int32_t>{1, 2, 4, 1, 1}));
    }

    void ballQueryStopsAtNsample()
    {
        const at::Tensor support = cloud({{0, 0, 0}, {0.1f, 0, 0}, {0.2f, 0, 0}, {0.3f, 0, 0}});
        const at::Tensor centre = cloud({{0, 0, 0}});
        QCOMPARE(toVector(ballQuery(support, centre, 1.0, 2)), (std::vector<int32_t>{0, 1}));
    }

    void ballQueryWithoutNeighbourIsZero()
    {
        const at::Tensor support = cloud({{5, 5, 5}, {6, 6, 6}});
        const at::Tensor centre = cloud({{0, 0, 0}});
        QCOMPARE(toVector(ballQuery(support, centre, 0.5, 3)), (std::vector<int32_t>{0, 0, 0}));
    }

    void ballQueryRadiusIsStrictInFloat32()
    {
        // The kernel squares float32(0.15) in float32: a point whose squared distance
        // equals that product exactly is outside, one just below is inside.
        const float radius = 0.15f;
        const float radius2 = radius * radius;
        const float onBoundary = std::sqrt(radius2);
        const at::Tensor support = cloud({{onBoundary, 0, 0}, {std::nextafter(onBoundary, 0.0f), 0, 0}});
        const at::Tensor centre = cloud({{0, 0, 0}});
        const bool boundaryInside = onBoundary * onBoundary < radius2;
        const std::vector<int32_t> indices = toVector(ballQuery(support, centre, 0.15, 2));
        QCOMPARE(indices[0], boundaryInside ? 0 : 1);
    }

    void groupingGathersFeatures()
    {
        const at::Tensor features = at::arange(12, at::kFloat).view({1, 2, 6});
        const at::Tensor indices = at::tensor({5, 0, 2, 2}, at::kInt).view({1, 2, 2});
        const at::Tensor grouped = groupPoints(features, indices);
        QCOMPARE(grouped.sizes().vec(), (std::vector<int64_t>{1, 2, 2, 2}));
        QCOMPARE(grouped[0][1][0][0].item<float>(), 11.0f);
        QCOMPARE(grouped[0][0][1][1].item<float>(), 2.0f);
    }
};

QTEST_GUILESS_MAIN(GeometryTest)
#include "test_geometry.moc"
