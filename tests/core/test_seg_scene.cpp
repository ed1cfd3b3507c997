// Scene reading with labels, voxelization, voting passes, crops and the mapping of
// chunk logits back to every scene point.
#include "CloudTestSupport.h"

#include "data/SceneData.h"
#include "data/ScenePipeline.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <set>

using namespace cloudtest;
using namespace pointq;

namespace {

PointCloud gridScene()
{
    // 4 x 3 x 2 cells of 1 m with 1 to 3 points each, coloured 0..255. Offsets are
    // binary fractions, so shifting by the minimum is exact and no point sits on a cell edge.
    std::vector<float> positions;
    std::vector<float> colors;
    int cell = 0;
    for (int x = 0; x < 4; ++x) {
        for (int y = 0; y < 3; ++y) {
            for (int z = 0; z < 2; ++z, ++cell) {
                for (int k = 0; k <= cell % 3; ++k) {
                    positions.insert(positions.end(), {x + 0.125f + 0.25f * k, y + 0.5f, z + 0.5f});
                    colors.insert(colors.end(), {static_cast<float>(10 * cell % 256), 128.0f, 255.0f});
                }
            }
        }
    }
    PointCloud cloud;
    const auto count = static_cast<int64_t>(positions.size() / 3);
    cloud.positions = at::tensor(positions).view({count, 3});
    cloud.colors = at::tensor(colors).view({count, 3});
    cloud.sourceFile = "grid";
    return cloud;
}

ScenePipelineOptions gridOptions()
{
    ScenePipelineOptions options;
    options.voxelSize = 1.0;
    return options;
}

std::vector<int64_t> timesFed(const ScenePlan& plan)
{
    std::vector<int64_t> fed(static_cast<size_t>(plan.pointCount), 0);
    for (const SceneChunk& chunk : plan.chunks)
        for (int64_t i = 0; i < chunk.pointIndices.size(0); ++i)
            ++fed[static_cast<size_t>(chunk.pointIndices[i].item<int64_t>())];
    return fed;
}

} // namespace

class SegSceneTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void s3disPairReadsLabelsBesidePoints()
    {
        SceneReadOptions options;
        options.cloud.lidarFormat = LidarFormat::XyzRgb;
        const std::string path = scanPath("s3dis_area1_office2_points.bin");
        QCOMPARE(findLabelFile(path), scanPath("s3dis_area1_office2_semantic.bin"));
        const PointCloud scene = readScene(path, options);
        QCOMPARE(scene.labels.size(0), int64_t(100));
        QCOMPARE(scene.labels.max().item<int64_t>(), int64_t(12));
    }

    void scanNetSceneHasNoLabels()
    {
        SceneReadOptions options;
        options.cloud.inferLidarFormat = true;
        const PointCloud scene = readScene(scanPath("scannet_scene0000_00.bin"), options);
        QCOMPARE(scene.size(), int64_t(40684));
        QVERIFY(!scene.labels.defined());
        QVERIFY(findLabelFile(scanPath("scannet_scene0000_00.bin")).empty());
    }

    void labelFileErrorsNameTheFile()
    {
        QTemporaryDir dir;
        const std::string shortFile = dir.filePath("short.bin").toStdString();
        writeBytes(shortFile, std::string(12, '\0'));
        QVERIFY(expectDataError([&] { readLabelFile(shortFile, 1); }).detail().find("whole number of int64")
                != std::string::npos);
        const std::string fewer = dir.filePath("fewer.bin").toStdString();
        writeBytes(fewer, std::string(16, '\0'));
        const DataError count = expectDataError([&] { readLabelFile(fewer, 3); });
        QCOMPARE(count.file(), fewer);
        QVERIFY(count.detail().find("found 2 labels for 3 points") != std::string::npos);
        const std::string negative = dir.filePath("negative.bin").toStdString();
        writeBytes(negative, bytesOf<int64_t>(0) + bytesOf<int64_t>(-7));
        const DataError bad = expectDataError([&] { readLabelFile(negative, 2); });
        QCOMPARE(bad.position(), std::string("label 1"));
    }

    void sceneWithoutColoursIsError()
    {
        SceneReadOptions options;
        options.cloud.lidarFormat = LidarFormat::Kitti;
        QVERIFY(expectDataError([&] { readScene(scanPath("kitti_000008.bin"), options); }).detail().find("no colours")
                != std::string::npos);
    }

    void voxelizeGroupsPointsByCell()
    {
        const PointCloud scene = gridScene();
        const VoxelGrid grid = voxelize(scene.positions, 1.0);
        QCOMPARE(grid.counts.size(0), int64_t(24));
        QCOMPARE(grid.counts.max().item<int64_t>(), int64_t(3));
        QCOMPARE(grid.counts.sum().item<int64_t>(), scene.size());
        // Points of one cell share a voxel; the first point of cell 2 has 3 points.
        QCOMPARE(grid.voxelOfPoint[3].item<int64_t>(), grid.voxelOfPoint[5].item<int64_t>());
        QVERIFY(grid.voxelOfPoint[0].item<int64_t>() != grid.voxelOfPoint[1].item<int64_t>());
        QVERIFY_THROWS_EXCEPTION(Error, voxelize(scene.positions, 0.0));
    }

    void passesFeedEveryPoint()
    {
        const ScenePlan plan = planScene(gridScene(), gridOptions());
        QCOMPARE(plan.passes, int64_t(3));
        QCOMPARE(plan.chunks.size(), size_t(3));
        for (const SceneChunk& chunk : plan.chunks) {
            QCOMPARE(chunk.pointIndices.size(0), int64_t(24)); // one point per voxel
            QCOMPARE(chunk.input.features.sizes().vec(), (std::vector<int64_t>{1, 4, 24}));
        }
        for (const int64_t fed : timesFed(plan))
            QVERIFY(fed >= 1);
    }

    void chunkFeaturesFollowValTransforms()
    {
        const PointCloud scene = gridScene();
        const ScenePlan plan = planScene(scene, gridOptions());
        const SceneChunk& chunk = plan.chunks.front();
        const at::Tensor pos = chunk.input.positions[0];
        // PointCloudXYZAlign: x and y centred, z starting at 0.
        QVERIFY(pos.select(1, 0).mean().abs().item<float>() < 1e-6f);
        QVERIFY(pos.select(1, 1).mean().abs().item<float>() < 1e-6f);
        QCOMPARE(pos.select(1, 2).min().item<float>(), 0.0f);
        // heights: z shifted to a zero minimum, before the alignment.
        const at::Tensor original = scene.positions.index_select(0, chunk.pointIndices);
        const at::Tensor heights = chunk.input.features[0][3];
        QVERIFY(at::allclose(heights, original.select(1, 2) - original.select(1, 2).min()));
        // ChromaticNormalize: (rgb / 255 - mean) / std with openpoints' S3DIS constants.
        const float blue = chunk.input.features[0][2][0].item<float>();
        QCOMPARE(blue, (1.0f - 0.44921124f) / 0.19252081f);
    }

    void cropsCoverLargePasses()
    {
        ScenePipelineOptions options = gridOptions();
        options.voxelMax = 10;
        const ScenePlan plan = planScene(gridScene(), options);
        QVERIFY(plan.crops > 0);
        for (const SceneChunk& chunk : plan.chunks)
            QVERIFY(chunk.pointIndices.size(0) <= 10);
        for (const int64_t fed : timesFed(plan))
            QVERIFY(fed >= 1);
    }

    void featureKeysMustAddUpToInChannels()
    {
        ScenePipelineOptions options = gridOptions();
        options.featureKeys = "x";
        QVERIFY_THROWS_EXCEPTION(ConfigError, planScene(gridScene(), options));
        options.featureKeys = "pos,x,heights";
        options.inChannels = 7;
        QCOMPARE(planScene(gridScene(), options).chunks.front().input.features.size(1), int64_t(7));
        options.transforms = {"PointCloudRotation"};
        QVERIFY_THROWS_EXCEPTION(ConfigError, planScene(gridScene(), options));
    }

    void logitsAverageOverChunksPerPoint()
    {
        const ScenePlan plan = planScene(gridScene(), gridOptions());
        int chunkNumber = 0;
        // Chunk c votes c for class 1 and nothing for class 0 at every point it feeds.
        const ScenePrediction prediction = predictScene(
            [&](const ModelInput& input) {
                at::Tensor logits = at::zeros({1, 2, input.positions.size(1)});
                logits[0][1].fill_(static_cast<float>(chunkNumber++));
                return logits;
            },
            plan, {}, "test");
        std::vector<double> sums(static_cast<size_t>(plan.pointCount), 0.0);
        const std::vector<int64_t> fed = timesFed(plan);
        for (size_t c = 0; c < plan.chunks.size(); ++c)
            for (int64_t i = 0; i < plan.chunks[c].pointIndices.size(0); ++i)
                sums[static_cast<size_t>(plan.chunks[c].pointIndices[i].item<int64_t>())] += static_cast<double>(c);
        for (int64_t p = 0; p < plan.pointCount; ++p)
            QCOMPARE(prediction.logits[p][1].item<double>(), sums[static_cast<size_t>(p)] / static_cast<double>(fed[static_cast<size_t>(p)]));
        QCOMPARE(prediction.uncoveredPoints, int64_t(0));
    }

    void unfedPointsTakeTheirVoxelMean()
    {
        ScenePipelineOptions options = gridOptions();
        options.maxPasses = 1;
        const ScenePlan plan = planScene(gridScene(), options);
        QCOMPARE(plan.passesForFullCoverage, int64_t(3));
        const ScenePrediction prediction = predictScene(
            [](const ModelInput& input) { return input.features.slice(1, 0, 2).clone(); }, plan, {}, "test");
        QVERIFY(prediction.uncoveredPoints > 0);
        // Every point of a voxel gets the logits of the one point fed from it.
        for (int64_t p = 0; p < plan.pointCount; ++p) {
            const int64_t voxel = plan.grid.voxelOfPoint[p].item<int64_t>();
            const int64_t fedPoint = plan.grid.order[plan.grid.starts[voxel]].item<int64_t>();
            QVERIFY(at::equal(prediction.logits[p], prediction.logits[fedPoint]));
        }
    }
};

QTEST_GUILESS_MAIN(SegSceneTest)
#include "test_seg_scene.moc"
