// predictSceneLabels(): the per-point FP32 and INT8 labels that a viewer colours a scene by.
#include "CloudTestSupport.h"

#include "config/Config.h"
#include "config/ModelConfig.h"
#include "data/SceneData.h"
#include "eval/SegmentationJob.h"
#include "quant/QuantizedModel.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

using namespace cloudtest;
using namespace pointq;

namespace {

const std::string sourceDir = POINTQ_SOURCE_DIR;

// The 100-point S3DIS sample needs strides of 2 to keep a point in the coarsest stage.
Config smallS3disConfig()
{
    return Config::load(sourceDir + "/cfgs/s3dis/pointnext-s.yaml",
                        {"model.encoder_args.strides=[1,2,2,2,2]", "dataset.common.voxel_size=0.01"});
}

PointCloud s3disScene()
{
    SceneReadOptions options;
    options.cloud.lidarFormat = LidarFormat::XyzRgb;
    return readScene(scanPath("s3dis_area1_office2_points.bin"), options);
}

} // namespace

class SegPredictTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sceneLabelsCoverEveryPoint()
    {
        const Config config = smallS3disConfig();
        const auto model = buildModel(parseModelArgs(config));
        const DatasetArgs dataset = parseDatasetArgs(config);
        const PointCloud scene = s3disScene();
        torch::manual_seed(3);
        torch::NoGradGuard noGrad;

        const ScenePlan plan = planScene(scene, scenePipelineOptions(dataset, model->args().encoder, 0));
        Calibrator calibrator;
        model->forward(plan.chunks.front().input, &calibrator);
        std::unique_ptr<QuantizedModel> quantized = QuantizedModel::convert(*model, calibrator, {}, config.dump());

        const SegmentationComparison result = predictSceneLabels(*model, *quantized, scene, dataset, 0, {});
        QCOMPARE(result.fp32Labels.size(0), int64_t(100));
        QCOMPARE(result.int8Labels.size(0), int64_t(100));
        QCOMPARE(result.positions.size(0), int64_t(100));
        QVERIFY(result.fp32Labels.min().item<int64_t>() >= 0);
        QVERIFY(result.fp32Labels.max().item<int64_t>() < 13);
        QVERIFY(result.labelled);
        QCOMPARE(result.groundTruth.size(0), int64_t(100));
        const double agreement = result.fp32Labels.eq(result.int8Labels).to(at::kDouble).mean().item<double>();
        QCOMPARE(result.pointAgreement, agreement);
        QCOMPARE(result.int8AgainstFp32.points, int64_t(100));
        // Same plan, same model: the FP32 labels repeat exactly.
        const SegmentationComparison again = predictSceneLabels(*model, *quantized, scene, dataset, 0, {});
        QVERIFY(at::equal(again.fp32Labels, result.fp32Labels));
    }

    void classifierIsRejected()
    {
        const Config config = Config::load(sourceDir + "/cfgs/modelnet40ply2048/pointnext-s.yaml");
        const auto model = buildModel(parseModelArgs(config));
        Calibrator calibrator;
        torch::NoGradGuard noGrad;
        const at::Tensor positions = at::rand({1, 1024, 3});
        model->forward(ModelInput{positions, positions.transpose(1, 2).contiguous()}, &calibrator);
        std::unique_ptr<QuantizedModel> quantized = QuantizedModel::convert(*model, calibrator, {}, config.dump());
        QVERIFY_THROWS_EXCEPTION(ConfigError, predictSceneLabels(*model, *quantized, s3disScene(),
                                                                  parseDatasetArgs(config), 0, {}));
    }
};

QTEST_GUILESS_MAIN(SegPredictTest)
#include "test_seg_predict.moc"
