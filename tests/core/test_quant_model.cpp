// Post-training quantization of the trained PointNeXt-S end to end: calibration on
// 16 ModelNet40 shapes, conversion, and agreement with openpoints' FP32 predictions
// on all 113 shapes of tests/data/parity/mn40_s_trained_io_small.npz.
#include "common/Errors.h"
#include "config/Config.h"
#include "config/ModelConfig.h"
#include "geometry/PointOps.h"
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
constexpr int64_t batchSize = 16;

ModelInput inputsOf(const at::Tensor& positions)
{
    return ModelInput{positions, positions.transpose(1, 2).contiguous()};
}

// Calibrates every layer except those whose name starts with skippedPrefix, which run
// in FP32 without being observed, as if calibration never reached them.
class PartialCalibration : public LayerRunner {
public:
    explicit PartialCalibration(std::string skippedPrefix) : m_skippedPrefix(std::move(skippedPrefix)) {}

    at::Tensor run(ConvBlock& block, const at::Tensor& input) override
    {
        if (block.layerName().rfind(m_skippedPrefix, 0) == 0)
            return block.forwardFloat(input);
        return calibrator.run(block, input);
    }

    Calibrator calibrator;

private:
    std::string m_skippedPrefix;
};

// Mean absolute difference of the stage-1 features from openpoints' FP32 ones over
// the shapes the reference traces, relative to the mean magnitude of the reference.
double stageOneError(QuantizedModel& model, const NamedTensors& reference)
{
    const at::Tensor positions = reference.at("pos").slice(0, 0, 4);
    std::vector<StageOutput> trace;
    model.forward(inputsOf(positions), &trace);
    const at::Tensor features = toFloat(trace.at(1).features).to(at::kDouble);
    const at::Tensor expected = reference.at("stage1_feat").to(at::kDouble);
    return ((features - expected).abs().mean() / expected.abs().mean()).item<double>();
}

} // namespace

class QuantModelTest : public QObject {
    Q_OBJECT

private:
    std::shared_ptr<PointNextClassifier> m_model;
    NamedTensors m_reference;
    Calibrator m_calibration;
    std::unique_ptr<QuantizedModel> m_quantized;

    std::unique_ptr<QuantizedModel> convertWith(const std::vector<std::string>& skip, const Calibrator& calibration,
                                                const std::string& engine = "auto") const
    {
        QuantSettings settings;
        settings.skip = skip;
        settings.engine = engine;
        return QuantizedModel::convert(*m_model, calibration, settings, "model: {}\n");
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
        QCOMPARE(m_reference.at("pos").size(0), int64_t(113));

        torch::NoGradGuard noGrad;
        m_model->forward(inputsOf(m_reference.at("pos").slice(0, 0, calibrationShapes)), &m_calibration);
        QCOMPARE(m_calibration.observations().size(), m_model->layers().size());
        m_quantized = convertWith({}, m_calibration);
    }

    void cleanupTestCase()
    {
        selectQuantizedEngine("auto");
    }

    void everyLayerIsInt8WithoutSkip()
    {
        QCOMPARE(m_quantized->int8LayerCount(), int64_t(18));
        QCOMPARE(m_quantized->layers().size(), m_model->layers().size());
        for (const QuantizedLayer& layer : m_quantized->layers()) {
            QVERIFY2(!layer.keepFloat, layer.name.c_str());
            QVERIFY(layer.weight.scalar_type() == at::kQInt8);
            QVERIFY2(layer.inputScale > 0 && layer.outputScale > 0, layer.name.c_str());
        }
    }

    void engineIsReported()
    {
        QCOMPARE(m_quantized->engine(), std::string("onednn"));
        QCOMPARE(m_quantized->engineFellBack(), false);
        QCOMPARE(m_quantized->configYaml(), std::string("model: {}\n"));
    }

    void top1AgreesWithFloat()
    {
        const at::Tensor positions = m_reference.at("pos");
        const at::Tensor floatPredictions = m_reference.at("pred");
        int64_t agreeing = 0;
        for (int64_t start = 0; start < positions.size(0); start += batchSize) {
            const int64_t end = std::min(start + batchSize, positions.size(0));
            const at::Tensor logits = m_quantized->forward(inputsOf(positions.slice(0, start, end)));
            QVERIFY(logits.scalar_type() == at::kFloat);
            agreeing += (logits.argmax(1) == floatPredictions.slice(0, start, end)).sum().item<int64_t>();
        }
        const double agreement = static_cast<double>(agreeing) / static_cast<double>(positions.size(0));
        qInfo("top-1 agreement with FP32: %lld of 113", static_cast<long long>(agreeing));
        // Measured: 112 of 113 (0.991) with Debian's LibTorch 1.13 on onednn, the MinMax
        // observer and shapes 0-15 for calibration.
        QVERIFY2(agreement >= 0.97, qPrintable(QString("top-1 agreement %1 (%2 of 113)").arg(agreement).arg(agreeing)));
    }

    void skipStageOneKeepsItsLayersFloat()
    {
        const auto partial = convertWith({"stage1"}, m_calibration);
        QCOMPARE(partial->int8LayerCount(), int64_t(15));
        std::set<std::string> floatLayers;
        for (const QuantizedLayer& layer : partial->layers()) {
            if (!layer.keepFloat)
                continue;
            floatLayers.insert(layer.name);
            QVERIFY(layer.weight.scalar_type() == at::kFloat);
        }
        QCOMPARE(floatLayers, (std::set<std::string>{"encoder.encoder.1.0.skipconv", "encoder.encoder.1.0.convs.0",
                                                     "encoder.encoder.1.0.convs.1"}));
    }

    void skipStageOneBringsStageOneCloser()
    {
        const auto partial = convertWith({"stage1"}, m_calibration);
        const double int8Error = stageOneError(*m_quantized, m_reference);
        const double partialError = stageOneError(*partial, m_reference);
        qInfo("stage-1 relative error: %g with stage 1 in FP32, %g all INT8", partialError, int8Error);
        // Measured: 0.0103 against 0.0151. Stage 1 still receives the INT8 stem's output.
        QVERIFY2(partialError < 0.85 * int8Error, qPrintable(QString("stage-1 error with skip %1, without %2").arg(partialError).arg(int8Error)));
    }

    void uncalibratedLayerIsNamed()
    {
        PartialCalibration partialCalibration("prediction.");
        {
            torch::NoGradGuard noGrad;
            m_model->forward(inputsOf(m_reference.at("pos").slice(0, 0, 2)), &partialCalibration);
        }
        try {
            convertWith({}, partialCalibration.calibrator);
            QFAIL("expected a QuantizationError");
        } catch (const QuantizationError& error) {
            const std::string message = error.what();
            QVERIFY2(message.find("prediction.head.0") != std::string::npos, message.c_str());
            QVERIFY2(message.find("--skip") != std::string::npos, message.c_str());
        }
        // Keeping the uncalibrated layers in FP32 makes the same calibration usable.
        const auto converted = convertWith({"head"}, partialCalibration.calibrator);
        QCOMPARE(converted->int8LayerCount(), int64_t(15));
    }

    void emptyCalibrationNamesFirstLayer()
    {
        try {
            convertWith({}, Calibrator());
            QFAIL("expected a QuantizationError");
        } catch (const QuantizationError& error) {
            const std::string message = error.what();
            QVERIFY2(message.find(m_model->layers().front()->layerName()) != std::string::npos, message.c_str());
        }
    }

    void invalidSettingsAreRejected()
    {
        QVERIFY_THROWS_EXCEPTION(QuantizationError, convertWith({"stage7"}, m_calibration));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, convertWith({}, m_calibration, "tensorrt"));
    }

    void quantizingBeforeGroupingKeepsLogits()
    {
        // Quantizing features per point and then gathering them gives the same UINT8
        // values as gathering float features and quantizing each neighbour, so the
        // logits must be equal bit for bit at every batch size.
        const at::Tensor positions = m_reference.at("pos");
        for (const int64_t batch : {int64_t(16), int64_t(1)}) {
            const int64_t shapes = batch == 1 ? 8 : positions.size(0);
            for (int64_t start = 0; start < shapes; start += batch) {
                const ModelInput input = inputsOf(positions.slice(0, start, std::min(start + batch, shapes)));
                m_quantized->setQuantizeBeforeGrouping(false);
                const at::Tensor perNeighbour = m_quantized->forward(input);
                m_quantized->setQuantizeBeforeGrouping(true);
                const at::Tensor perPoint = m_quantized->forward(input);
                QVERIFY2(at::equal(perNeighbour, perPoint),
                         qPrintable(QString("batch %1 from shape %2: logits differ by up to %3")
                                        .arg(batch)
                                        .arg(start)
                                        .arg((perNeighbour - perPoint).abs().max().item<double>())));
            }
        }
    }

    void quantizingBeforeGroupingSkipsGroupedInputs()
    {
        const ModelInput input = inputsOf(m_reference.at("pos").slice(0, 0, 2));
        const auto floatInputsOf = [&](bool quantizeBeforeGrouping) {
            LayerTimings timings;
            m_quantized->setQuantizeBeforeGrouping(quantizeBeforeGrouping);
            m_quantized->setTimings(&timings);
            m_quantized->forward(input);
            m_quantized->setTimings(nullptr);
            m_quantized->setQuantizeBeforeGrouping(true);
            return timings.floatInputs;
        };
        // PointNeXt-S groups neighbours in its four sampling set abstractions; their first
        // convolutions get UINT8 input from the grouping, every other INT8 layer is unchanged.
        QCOMPARE(floatInputsOf(false) - floatInputsOf(true), int64_t(4));
    }

    void floatLayerOnGroupsMatchesGroupedInput()
    {
        at::manual_seed(5);
        QuantizedLayer layer;
        layer.name = "grouped";
        layer.keepFloat = true;
        layer.relu = true;
        layer.weight = at::randn({24, 3 + 16});
        layer.bias = at::randn({24});
        const at::Tensor features = at::randn({2, 16, 50});
        const at::Tensor relativePositions = at::randn({2, 3, 10, 8});
        const at::Tensor groupIndices = at::randint(0, 50, {2, 10, 8}, at::kInt);

        const at::Tensor grouped = at::cat({relativePositions, groupPoints(features, groupIndices)}, 1);
        const at::Tensor expected = runFloatLayer(layer, grouped);
        const at::Tensor onGroups = runFloatLayerOnGroups(layer, relativePositions, groupIndices, features);
        QCOMPARE(onGroups.sizes(), expected.sizes());
        const double difference = (onGroups - expected).abs().max().item<double>();
        QVERIFY2(difference < 1e-4, qPrintable(QString("max difference %1").arg(difference)));

        // Five feature channels where the weight expects 16.
        QVERIFY_THROWS_EXCEPTION(QuantizationError,
                                 runFloatLayerOnGroups(layer, relativePositions, groupIndices, features.narrow(1, 0, 5)));
    }

    void floatModelOnGroupsKeepsLogits()
    {
        // All layers in FP32: the first layer of every grouped block runs per point and
        // then gathers, which changes only the float rounding of the logits.
        std::vector<std::string> all;
        for (const QuantizedLayer& layer : m_quantized->layers())
            all.push_back(layer.name);
        const auto allFloat = convertWith(all, m_calibration);
        const ModelInput input = inputsOf(m_reference.at("pos").slice(0, 0, 16));
        allFloat->setQuantizeBeforeGrouping(false);
        const at::Tensor grouped = allFloat->forward(input);
        allFloat->setQuantizeBeforeGrouping(true);
        const at::Tensor perPoint = allFloat->forward(input);
        const double difference = (grouped - perPoint).abs().max().item<double>();
        const double scale = grouped.abs().max().item<double>();
        QVERIFY2(difference <= 1e-5 * scale, qPrintable(QString("logits differ by %1 of %2").arg(difference).arg(scale)));
        QVERIFY(at::equal(grouped.argmax(1), perPoint.argmax(1)));
    }

    void qnnpackModelRuns()
    {
        const auto onQnnpack = convertWith({}, m_calibration, "qnnpack");
        QCOMPARE(onQnnpack->engine(), std::string("qnnpack"));
        const int64_t shapes = 4;
        const at::Tensor positions = m_reference.at("pos").slice(0, 0, shapes);
        const at::Tensor logits = onQnnpack->forward(inputsOf(positions));
        selectQuantizedEngine("onednn");
        const at::Tensor onednnLogits = m_quantized->forward(inputsOf(positions));
        QCOMPARE(logits.sizes().vec(), onednnLogits.sizes().vec());
        const double difference = (logits - onednnLogits).abs().max().item<double>();
        qInfo("qnnpack and onednn logits differ by up to %g", difference);
        QVERIFY2(at::equal(logits.argmax(1), onednnLogits.argmax(1)), qPrintable(QString("logits differ by up to %1").arg(difference)));
    }
};

QTEST_GUILESS_MAIN(QuantModelTest)
#include "test_quant_model.moc"
