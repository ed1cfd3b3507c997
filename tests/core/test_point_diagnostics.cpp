// Per-stage sampling rows and per-point FP32-vs-INT8 layer differences of the
// trained PointNeXt-S on ModelNet40 shapes from tests/data/parity.
#include "common/Errors.h"
#include "config/Config.h"
#include "config/ModelConfig.h"
#include "eval/PointDiagnostics.h"
#include "io/Checkpoint.h"
#include "io/Npy.h"
#include "model/Classifier.h"
#include "quant/QuantizedModel.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

using namespace pointq;

namespace {

const std::string dataDir = POINTQ_TEST_DATA_DIR;
const std::string sourceDir = POINTQ_SOURCE_DIR;
constexpr int64_t calibrationShapes = 16;

PointCloud cloudOf(const at::Tensor& positions)
{
    PointCloud cloud;
    cloud.positions = positions.contiguous();
    cloud.sourceFile = "parity shape";
    return cloud;
}

PreprocessOptions firstPoints(int64_t count)
{
    PreprocessOptions options;
    options.numPoints = count;
    options.sampling = Sampling::First;
    options.normalization = Normalization::None;
    return options;
}

} // namespace

class PointDiagnosticsTest : public QObject {
    Q_OBJECT

private:
    std::shared_ptr<PointNextClassifier> m_model;
    NamedTensors m_reference;
    std::unique_ptr<QuantizedModel> m_quantized;
    std::unique_ptr<QuantizedModel> m_allFloat;

    std::string layerAt(int stage, const std::string& role) const
    {
        for (const auto& block : m_model->layers())
            if (block->place().stage == stage && block->place().role == role)
                return block->layerName();
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
        const Config config = Config::load(sourceDir + "/cfgs/modelnet40ply2048/pointnext-s.yaml");
        m_model = buildModel(parseModelArgs(config));
        loadStateDict(*m_model, readCheckpoint(dataDir + "/parity/mn40_s_trained_weights_only.pth").stateDict);
        m_model->eval();
        m_reference = readNpz(dataDir + "/parity/mn40_s_trained_io_small.npz");

        torch::NoGradGuard noGrad;
        Calibrator calibration;
        const at::Tensor positions = m_reference.at("pos").slice(0, 0, calibrationShapes);
        m_model->forward(ModelInput{positions, positions.transpose(1, 2).contiguous()}, &calibration);
        m_quantized = QuantizedModel::convert(*m_model, calibration, QuantSettings{}, "model: {}\n");
        QuantSettings keepAll;
        keepAll.skip = {"*"};
        m_allFloat = QuantizedModel::convert(*m_model, calibration, keepAll, "model: {}\n");
        QCOMPARE(m_allFloat->int8LayerCount(), int64_t(0));
    }

    void centreRowsHoldTracedPositions()
    {
        const PointCloud cloud = cloudOf(m_reference.at("pos")[20]);
        const CloudSampling sampling = traceCloudSampling(*m_model, cloud, firstPoints(1024));
        QVERIFY(at::equal(sampling.inputRows, at::arange(1024, at::kLong)));
        QCOMPARE(sampling.stages.size(), size_t(6));

        const at::Tensor positions = cloud.positions;
        std::vector<StageOutput> trace;
        m_model->forward(ModelInput{positions.unsqueeze(0), positions.t().unsqueeze(0).contiguous()}, nullptr, &trace);
        const int64_t expectedCounts[] = {1024, 512, 256, 128, 64};
        for (int stage = 0; stage < 5; ++stage) {
            const at::Tensor& rows = sampling.stages[stage].centreRows;
            QCOMPARE(rows.size(0), expectedCounts[stage]);
            QVERIFY2(at::equal(positions.index_select(0, rows), trace[stage].positions[0]),
                     qPrintable(QString("stage %1").arg(stage)));
        }
    }

    void neighbourRowsLieWithinRadius()
    {
        const PointCloud cloud = cloudOf(m_reference.at("pos")[21]);
        const CloudSampling sampling = traceCloudSampling(*m_model, cloud, firstPoints(1024));
        QVERIFY(!sampling.stages[0].neighbourRows.defined());
        for (int stage = 1; stage < 5; ++stage) {
            const StageSampling& stageSampling = sampling.stages[stage];
            QVERIFY(stageSampling.neighbourRows.defined());
            QCOMPARE(stageSampling.neighbourRows.size(0), stageSampling.centreRows.size(0));
            QCOMPARE(stageSampling.neighbourRows.size(1), int64_t(32));
            const double radius = m_model->args().encoder.radii[stage][0];
            const at::Tensor centres = cloud.positions.index_select(0, stageSampling.centreRows).unsqueeze(1);
            const at::Tensor neighbours = cloud.positions.index({stageSampling.neighbourRows});
            const double farthest = (neighbours - centres).norm(2, -1).max().item<double>();
            QVERIFY2(farthest <= radius * (1.0 + 1e-5), qPrintable(QString("stage %1: %2 > radius %3")
                                                                      .arg(stage).arg(farthest).arg(radius)));
            // Neighbours of a centre are points of the previous stage.
            const at::Tensor previous = sampling.stages[stage - 1].centreRows;
            QVERIFY(at::isin(stageSampling.neighbourRows.flatten(), previous).all().item<bool>());
        }
    }

    void groupAllStageKeepsPreviousRows()
    {
        const CloudSampling sampling = traceCloudSampling(*m_model, cloudOf(m_reference.at("pos")[22]), firstPoints(1024));
        const StageSampling& last = sampling.stages.back();
        QVERIFY(last.groupsAll);
        QVERIFY(!last.neighbourRows.defined());
        QVERIFY(at::equal(last.centreRows, sampling.stages[4].centreRows));
        for (int stage = 0; stage < 5; ++stage)
            QVERIFY(!sampling.stages[stage].groupsAll);
    }

    void inputRowsFollowFurthestPointSampling()
    {
        // Two shapes side by side; furthest point sampling picks rows from both.
        const at::Tensor left = m_reference.at("pos")[23];
        const at::Tensor right = m_reference.at("pos")[24] + at::tensor({3.0f, 0.0f, 0.0f});
        const PointCloud cloud = cloudOf(at::cat({left, right}));
        PreprocessOptions options = firstPoints(1024);
        options.sampling = Sampling::Fps;
        const CloudSampling sampling = traceCloudSampling(*m_model, cloud, options);
        QCOMPARE(sampling.inputRows.size(0), int64_t(1024));
        QVERIFY(sampling.inputRows.max().item<int64_t>() >= 1024);
        QVERIFY(sampling.inputRows.min().item<int64_t>() < 1024);
        QVERIFY(at::equal(sampling.stages[0].centreRows, sampling.inputRows));
        const at::Tensor stageOne = sampling.stages[1].centreRows;
        QVERIFY(at::isin(stageOne, sampling.inputRows).all().item<bool>());
    }

    void int8DifferenceIsPerPointAndNonZero()
    {
        const PointCloud cloud = cloudOf(m_reference.at("pos")[30]);
        const std::string layer = layerAt(1, "convs.1");
        QVERIFY(!layer.empty());
        const LayerPointDifference difference =
            computeLayerPointDifference(*m_model, *m_quantized, cloud, firstPoints(1024), layer);
        QCOMPARE(difference.stage, 1);
        QCOMPARE(difference.pointRows.size(0), int64_t(512));
        QCOMPARE(difference.pointDifference.size(0), int64_t(512));
        QCOMPARE(difference.pointReference.size(0), int64_t(512));
        QCOMPARE(difference.cloudDifference.size(0), cloud.size());
        const double relative = (difference.pointDifference.sum() / difference.pointReference.sum()).item<double>();
        QVERIFY2(relative > 1e-3, qPrintable(QString::number(relative)));
        QVERIFY2(relative < 0.5, qPrintable(QString::number(relative)));
        // A row that is a layer point takes its own value.
        const at::Tensor atRows = difference.cloudDifference.index_select(0, difference.pointRows);
        QVERIFY(at::equal(atRows, difference.pointDifference));
    }

    void floatLayersDifferOnlyByFolding()
    {
        const PointCloud cloud = cloudOf(m_reference.at("pos")[31]);
        for (const auto& [stage, role] : std::vector<std::pair<int, std::string>>{
                 {0, "convs.0"}, {2, "skipconv"}, {3, "convs.0"}, {5, "convs.1"}}) {
            const std::string layer = layerAt(stage, role);
            QVERIFY2(!layer.empty(), role.c_str());
            const LayerPointDifference difference =
                computeLayerPointDifference(*m_model, *m_allFloat, cloud, firstPoints(1024), layer);
            const double relative =
                (difference.pointDifference.sum() / difference.pointReference.sum()).item<double>();
            QVERIFY2(relative < 1e-4, qPrintable(QString("%1: %2").arg(layer.c_str()).arg(relative)));
            QCOMPARE(difference.cloudDifference.size(0), cloud.size());
        }
    }

    void groupAllLayerHasPreviousStagePoints()
    {
        const std::string layer = layerAt(5, "convs.0");
        const LayerPointDifference difference =
            computeLayerPointDifference(*m_model, *m_quantized, cloudOf(m_reference.at("pos")[32]), firstPoints(1024), layer);
        QCOMPARE(difference.stage, 5);
        QCOMPARE(difference.pointRows.size(0), int64_t(64));
        QVERIFY(difference.pointDifference.sum().item<double>() > 0.0);
    }

    void unknownLayerThrows()
    {
        const PointCloud cloud = cloudOf(m_reference.at("pos")[0]);
        QVERIFY_THROWS_EXCEPTION(QuantizationError,
                                 computeLayerPointDifference(*m_model, *m_quantized, cloud, firstPoints(1024),
                                                            "encoder.encoder.9.0.convs.0"));
    }

    void headLayerThrows()
    {
        std::string headLayer;
        for (const auto& block : m_model->layers())
            if (block->place().stage < 0)
                headLayer = block->layerName();
        QVERIFY(!headLayer.empty());
        const PointCloud cloud = cloudOf(m_reference.at("pos")[0]);
        try {
            computeLayerPointDifference(*m_model, *m_quantized, cloud, firstPoints(1024), headLayer);
            QFAIL("no exception for a head layer");
        } catch (const QuantizationError& error) {
            QVERIFY2(std::string(error.what()).find("classification head") != std::string::npos, error.what());
        }
    }

    void tooSmallCloudThrows()
    {
        const PointCloud cloud = cloudOf(m_reference.at("pos")[0].slice(0, 0, 100));
        QVERIFY_THROWS_EXCEPTION(DataError, traceCloudSampling(*m_model, cloud, firstPoints(1024)));
        QVERIFY_THROWS_EXCEPTION(DataError, computeLayerPointDifference(*m_model, *m_quantized, cloud,
                                                                        firstPoints(1024), layerAt(1, "convs.0")));
    }

    void nearestPointsBreakTiesLow()
    {
        const at::Tensor points = at::tensor({0.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f}).view({2, 3});
        const at::Tensor cloud = at::tensor({0.2f, 0.0f, 0.0f, 0.5f, 0.0f, 0.0f, 0.9f, 0.0f, 0.0f, 5.0f, 1.0f, 0.0f})
                                     .view({4, 3});
        const at::Tensor nearest = nearestPointIndices(cloud, points);
        QCOMPARE(nearest.size(0), int64_t(4));
        QCOMPARE(nearest[0].item<int64_t>(), int64_t(0));
        QCOMPARE(nearest[1].item<int64_t>(), int64_t(0));
        QCOMPARE(nearest[2].item<int64_t>(), int64_t(1));
        QCOMPARE(nearest[3].item<int64_t>(), int64_t(1));
    }

    void nearestPointsAmongNoneThrows()
    {
        QVERIFY_THROWS_EXCEPTION(DataError, nearestPointIndices(at::zeros({3, 3}), at::zeros({0, 3})));
    }

    void nearestPointsSpanChunks()
    {
        // More rows than one distance chunk, to cover the chunk boundary.
        const at::Tensor cloud = at::rand({20000, 3});
        const at::Tensor points = at::rand({50, 3});
        const at::Tensor nearest = nearestPointIndices(cloud, points);
        const at::Tensor expected = at::cdist(cloud, points, 2.0, 2).argmin(1);
        QVERIFY(at::equal(nearest, expected));
    }
};

QTEST_GUILESS_MAIN(PointDiagnosticsTest)
#include "test_point_diagnostics.moc"
