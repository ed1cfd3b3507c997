// three_nn and three_interpolate as openpoints' interpolate_gpu.cu computes them.
#include "common/Errors.h"
#include "geometry/Interpolation.h"

#include <QtTest/QtTest>

#include <cmath>
#include <limits>

using namespace pointq;

namespace {

at::Tensor cloud(std::vector<float> values)
{
    const auto count = static_cast<int64_t>(values.size() / 3);
    return at::tensor(values, at::kFloat).view({1, count, 3});
}

// Literal reading of the kernel: float32 squared distances, kept with strict-< insertion.
std::vector<std::pair<float, int>> bruteForceThree(const float* point, const float* known, int64_t count)
{
    std::vector<std::pair<float, int>> all;
    for (int64_t k = 0; k < count; ++k) {
        const float dx = point[0] - known[3 * k];
        const float dy = point[1] - known[3 * k + 1];
        const float dz = point[2] - known[3 * k + 2];
        all.emplace_back((dx * dx + dy * dy) + dz * dz, static_cast<int>(k));
    }
    std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    all.resize(3);
    return all;
}

} // namespace

class SegGeometryTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void threeNearestMatchesStableSort()
    {
        torch::manual_seed(4);
        // A coarse grid has many exactly tied distances.
        const at::Tensor unknown = at::round(at::rand({2, 200, 3}) * 4.0) / 2.0;
        const at::Tensor known = at::round(at::rand({2, 50, 3}) * 4.0) / 2.0;
        const ThreeNearest nearest = threeNearestNeighbours(unknown, known);
        QCOMPARE(nearest.indices.scalar_type(), at::kInt);
        for (int64_t b = 0; b < 2; ++b) {
            for (int64_t n = 0; n < 200; ++n) {
                const auto expected = bruteForceThree(unknown[b][n].data_ptr<float>(), known[b].contiguous().data_ptr<float>(), 50);
                for (int64_t i = 0; i < 3; ++i) {
                    QCOMPARE(nearest.indices[b][n][i].item<int>(), expected[static_cast<size_t>(i)].second);
                    QCOMPARE(nearest.distances[b][n][i].item<float>(), std::sqrt(expected[static_cast<size_t>(i)].first));
                }
            }
        }
    }

    void tiesKeepLowerIndex()
    {
        const at::Tensor known = cloud({1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0});
        const ThreeNearest nearest = threeNearestNeighbours(cloud({0, 0, 0}), known);
        QCOMPARE(nearest.indices[0][0][0].item<int>(), 0);
        QCOMPARE(nearest.indices[0][0][1].item<int>(), 1);
        QCOMPARE(nearest.indices[0][0][2].item<int>(), 2);
    }

    void fewerThanThreeKnownPointsPadWithInfinity()
    {
        const ThreeNearest nearest = threeNearestNeighbours(cloud({0, 0, 0}), cloud({0, 0, 2, 0, 0, 1}));
        QCOMPARE(nearest.indices[0][0][0].item<int>(), 1);
        QCOMPARE(nearest.indices[0][0][1].item<int>(), 0);
        QCOMPARE(nearest.indices[0][0][2].item<int>(), 0);
        QVERIFY(std::isinf(nearest.distances[0][0][2].item<float>()));
        const at::Tensor weights = inverseDistanceWeights(nearest.distances);
        QCOMPARE(weights[0][0][2].item<float>(), 0.0f);
    }

    void coincidentPointTakesAllWeight()
    {
        const at::Tensor distances = at::tensor({0.0f, 1.0f, 2.0f}).view({1, 1, 3});
        const at::Tensor weights = inverseDistanceWeights(distances);
        QVERIFY(weights[0][0][0].item<float>() > 0.9999999f);
        QVERIFY(weights[0][0][1].item<float>() < 1e-7f);
    }

    void weightsFollowFloat32Formula()
    {
        const at::Tensor distances = at::tensor({0.25f, 0.5f, 0.75f}).view({1, 1, 3});
        const at::Tensor weights = inverseDistanceWeights(distances);
        const float epsilon = static_cast<float>(1e-8);
        const float r0 = 1.0f / (0.25f + epsilon);
        const float r1 = 1.0f / (0.5f + epsilon);
        const float r2 = 1.0f / (0.75f + epsilon);
        const float norm = (r0 + r1) + r2;
        QCOMPARE(weights[0][0][0].item<float>(), r0 / norm);
        QCOMPARE(weights[0][0][1].item<float>(), r1 / norm);
        QCOMPARE(weights[0][0][2].item<float>(), r2 / norm);
    }

    void interpolationMatchesGatherFormula()
    {
        torch::manual_seed(8);
        const at::Tensor unknown = at::rand({2, 64, 3});
        const at::Tensor known = at::rand({2, 16, 3});
        const at::Tensor features = at::randn({2, 5, 16});
        const at::Tensor output = threeInterpolation(unknown, known, features);
        QCOMPARE(output.sizes().vec(), (std::vector<int64_t>{2, 5, 64}));
        const ThreeNearest nearest = threeNearestNeighbours(unknown, known);
        const at::Tensor weights = inverseDistanceWeights(nearest.distances);
        for (int64_t b = 0; b < 2; ++b) {
            for (int64_t c = 0; c < 5; ++c) {
                for (int64_t n = 0; n < 64; ++n) {
                    const at::Tensor idx = nearest.indices[b][n].to(at::kLong);
                    const float expected = ((weights[b][n][0].item<float>() * features[b][c][idx[0]].item<float>())
                                            + (weights[b][n][1].item<float>() * features[b][c][idx[1]].item<float>()))
                                           + (weights[b][n][2].item<float>() * features[b][c][idx[2]].item<float>());
                    QCOMPARE(output[b][c][n].item<float>(), expected);
                }
            }
        }
    }

    void misshapedInputsAreErrors()
    {
        QVERIFY_THROWS_EXCEPTION(Error, threeNearestNeighbours(at::rand({1, 4, 2}), at::rand({1, 4, 3})));
        QVERIFY_THROWS_EXCEPTION(Error, threeNearestNeighbours(at::rand({2, 4, 3}), at::rand({1, 4, 3})));
        QVERIFY_THROWS_EXCEPTION(Error, threeInterpolate(at::rand({1, 2, 4}), at::full({1, 3, 3}, 9, at::kInt),
                                                         at::rand({1, 3, 3})));
    }
};

QTEST_GUILESS_MAIN(SegGeometryTest)
#include "test_seg_geometry.moc"
