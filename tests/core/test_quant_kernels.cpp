// LibTorch's INT8 kernels against a float simulation of the same integer arithmetic,
// on random layers and on a layer of the trained PointNeXt-S, and engine selection.
#include "common/Errors.h"
#include "config/Config.h"
#include "config/ModelConfig.h"
#include "io/Checkpoint.h"
#include "io/Npy.h"
#include "model/Classifier.h"
#include "quant/Calibrator.h"
#include "quant/Folding.h"
#include "quant/Int8Kernels.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

using namespace pointq;

namespace {

const std::string dataDir = POINTQ_TEST_DATA_DIR;
const std::string sourceDir = POINTQ_SOURCE_DIR;

// A float layer and the INT8 parameters that QuantizedModel::convert would give it.
struct LayerCase {
    at::Tensor weight; ///< folded float32 (out, in)
    at::Tensor bias;   ///< float32 (out)
    bool relu = false;
    double inputScale = 1.0;
    int64_t inputZeroPoint = 0;
    double outputScale = 1.0;
    int64_t outputZeroPoint = 0;
};

// How far the kernel's output integers are from the simulated ones.
struct StepDifference {
    int64_t maximum = 0;
    double exactFraction = 0.0;
    int64_t elements = 0;
};

// Runs the 1x1 convolution in float64 on the dequantized input and weight, adds the
// float bias, applies ReLU and requantizes to the output scale and zero point. The
// INT8 kernel computes the same except for its internal rounding of bias and scales.
at::Tensor simulateInt8(const LayerCase& layer, const at::Tensor& quantizedWeight, const at::Tensor& quantizedInput)
{
    const at::Tensor input = quantizedInput.dequantize().to(at::kDouble);
    const at::Tensor weight = quantizedWeight.dequantize().to(at::kDouble);
    const at::Tensor flat = input.reshape({input.size(0), input.size(1), -1});
    at::Tensor output = at::matmul(weight, flat) + layer.bias.to(at::kDouble).view({1, -1, 1});
    if (layer.relu)
        output = at::relu(output);
    output = at::round(output / layer.outputScale) + static_cast<double>(layer.outputZeroPoint);
    std::vector<int64_t> shape = input.sizes().vec();
    shape[1] = weight.size(0);
    return at::clamp(output, 0, 255).to(at::kLong).view(shape);
}

StepDifference compareWithSimulation(const LayerCase& layer, const at::Tensor& input)
{
    const at::Tensor quantizedWeight = quantizeWeightPerChannel(layer.weight);
    const at::Tensor quantizedInput = at::quantize_per_tensor(input.contiguous(), layer.inputScale, layer.inputZeroPoint,
                                                              at::kQUInt8);
    const Int8Conv kernel(quantizedWeight, layer.bias, layer.relu, layer.outputScale, layer.outputZeroPoint);
    const at::Tensor output = kernel.run(quantizedInput);
    const at::Tensor expected = simulateInt8(layer, quantizedWeight, quantizedInput);

    if (output.scalar_type() != at::kQUInt8 || output.sizes() != expected.sizes())
        throw std::runtime_error("kernel output is " + std::string(c10::toString(output.scalar_type())) + " "
                                 + c10::str(output.sizes()) + ", expected QUInt8 " + c10::str(expected.sizes()));
    if (output.q_scale() != layer.outputScale || output.q_zero_point() != layer.outputZeroPoint)
        throw std::runtime_error("kernel output has other quantization parameters than requested");
    const at::Tensor steps = (output.int_repr().to(at::kLong) - expected).abs();
    StepDifference difference;
    difference.maximum = steps.max().item<int64_t>();
    difference.exactFraction = (steps == 0).to(at::kDouble).mean().item<double>();
    difference.elements = steps.numel();
    return difference;
}

// The activation range that QuantizedModel::convert uses for the current engine on this CPU.
int64_t engineQuantMax()
{
    return activationQuantMax(currentQuantizedEngine(), cpuHasVnni());
}

// Chooses input and output parameters from the observed float ranges, as calibration does.
LayerCase randomLayer(int64_t inChannels, int64_t outChannels, bool relu, const at::Tensor& input,
                      int64_t quantMax = engineQuantMax())
{
    LayerCase layer;
    layer.weight = at::randn({outChannels, inChannels}) / std::sqrt(static_cast<double>(inChannels));
    layer.bias = at::randn({outChannels}) * 0.2;
    layer.relu = relu;
    std::tie(layer.inputScale, layer.inputZeroPoint) =
        affineQuantParams(input.min().item<float>(), input.max().item<float>(), quantMax);
    at::Tensor output = pointwiseConv(input, layer.weight, layer.bias);
    if (relu)
        output = at::relu(output);
    std::tie(layer.outputScale, layer.outputZeroPoint) =
        affineQuantParams(output.min().item<float>(), output.max().item<float>(), quantMax);
    return layer;
}

QString describe(const StepDifference& difference)
{
    return QString("max %1 steps, %2 % exact of %3").arg(difference.maximum).arg(difference.exactFraction * 100.0).arg(difference.elements);
}

// Passes every block to a Calibrator and keeps the input of one named block.
class InputCapture : public LayerRunner {
public:
    explicit InputCapture(std::string layerName) : m_layerName(std::move(layerName)) {}

    at::Tensor run(ConvBlock& block, const at::Tensor& input) override
    {
        if (block.layerName() == m_layerName)
            captured = input.clone();
        return calibrator.run(block, input);
    }

    Calibrator calibrator;
    at::Tensor captured;

private:
    std::string m_layerName;
};

} // namespace

class QuantKernelsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
        at::manual_seed(5);
    }

    void init()
    {
        selectQuantizedEngine("onednn");
    }

    void cleanupTestCase()
    {
        selectQuantizedEngine("auto");
    }

    void autoPicksOnednnWithoutFallback()
    {
        bool fellBack = true;
        QCOMPARE(selectQuantizedEngine("auto", &fellBack), std::string("onednn"));
        QCOMPARE(fellBack, false);
        QCOMPARE(currentQuantizedEngine(), std::string("onednn"));
        const std::vector<std::string> engines = availableQuantizedEngines();
        QVERIFY(std::find(engines.begin(), engines.end(), "onednn") != engines.end());
        QVERIFY(std::find(engines.begin(), engines.end(), "qnnpack") != engines.end());
    }

    void qnnpackCanBeSelected()
    {
        bool fellBack = true;
        QCOMPARE(selectQuantizedEngine("qnnpack", &fellBack), std::string("qnnpack"));
        QCOMPARE(fellBack, false);
        QCOMPARE(currentQuantizedEngine(), std::string("qnnpack"));
    }

    void unknownEngineListsAvailableOnes()
    {
        for (const std::string requested : {"tensorrt", "", "ONEDNN"}) {
            try {
                selectQuantizedEngine(requested);
                QFAIL(qPrintable(QString("no error for engine '%1'").arg(requested.c_str())));
            } catch (const QuantizationError& error) {
                const std::string message = error.what();
                QVERIFY2(message.find("'" + requested + "'") != std::string::npos, message.c_str());
                for (const std::string& engine : availableQuantizedEngines())
                    QVERIFY2(message.find(engine) != std::string::npos, message.c_str());
            }
        }
        QCOMPARE(currentQuantizedEngine(), std::string("onednn"));
    }

    void randomLayersMatchSimulation_data()
    {
        QTest::addColumn<int>("inChannels");
        QTest::addColumn<int>("outChannels");
        QTest::addColumn<bool>("relu");
        QTest::addColumn<bool>("positiveInput");
        QTest::addColumn<QVector<qint64>>("shape"); // clouds, points, neighbours
        const QVector<qint64> grouped{2, 128, 4};
        QTest::newRow("stem-like 3 to 32, ReLU") << 3 << 32 << true << false << grouped;
        QTest::newRow("64 to 128, ReLU, input after ReLU") << 64 << 128 << true << true << grouped;
        QTest::newRow("35 to 17, no ReLU") << 35 << 17 << false << false << grouped;
        QTest::newRow("256 to 40, no ReLU, input after ReLU") << 256 << 40 << false << true << grouped;
        QTest::newRow("stem 4 to 32 on 1024 points, ReLU") << 4 << 32 << true << false << QVector<qint64>{4, 1024, 1};
    }

    void randomLayersMatchSimulation()
    {
        QFETCH(int, inChannels);
        QFETCH(int, outChannels);
        QFETCH(bool, relu);
        QFETCH(bool, positiveInput);
        QFETCH(QVector<qint64>, shape);
        at::Tensor input = at::randn({shape[0], inChannels, shape[1], shape[2]});
        if (positiveInput)
            input = at::relu(input);
        const LayerCase layer = randomLayer(inChannels, outChannels, relu, input);
        const StepDifference difference = compareWithSimulation(layer, input);
        qInfo("%s", qPrintable(describe(difference)));
        QVERIFY2(difference.maximum <= 1, qPrintable(describe(difference)));
        QVERIFY2(difference.exactFraction >= 0.99, qPrintable(describe(difference)));
    }

    void trainedLayerMatchesSimulation()
    {
        const Config config = Config::load(sourceDir + "/cfgs/modelnet40ply2048/pointnext-s.yaml");
        const auto model = buildModel(parseModelArgs(config));
        loadStateDict(*model, readCheckpoint(dataDir + "/parity/mn40_s_trained_weights_only.pth").stateDict);
        model->eval();
        const at::Tensor positions = readNpz(dataDir + "/parity/mn40_s_trained_io_small.npz").at("pos").slice(0, 0, 2);

        // The second convolution of stage 2 receives grouped neighbourhoods after a ReLU.
        const std::string layerName = "encoder.encoder.2.0.convs.1";
        InputCapture capture(layerName);
        {
            torch::NoGradGuard noGrad;
            model->forward(ModelInput{positions, positions.transpose(1, 2).contiguous()}, &capture);
        }
        QVERIFY(capture.captured.defined());
        QCOMPARE(capture.captured.dim(), int64_t(4));

        const auto block = std::find_if(model->layers().begin(), model->layers().end(),
                                        [&](const auto& layer) { return layer->layerName() == layerName; });
        QVERIFY(block != model->layers().end());
        const LayerObservation& observation = capture.calibrator.observations().at(layerName);
        const FoldedLayer folded = foldBatchNorm(**block);
        LayerCase layer{folded.weight, folded.bias, (*block)->hasRelu()};
        const auto [inputMin, inputMax] = observation.input.range();
        const auto [outputMin, outputMax] = observation.output.range();
        std::tie(layer.inputScale, layer.inputZeroPoint) = affineQuantParams(inputMin, inputMax, engineQuantMax());
        std::tie(layer.outputScale, layer.outputZeroPoint) = affineQuantParams(outputMin, outputMax, engineQuantMax());

        const StepDifference difference = compareWithSimulation(layer, capture.captured);
        qInfo("%s", qPrintable(describe(difference)));
        QVERIFY2(difference.maximum <= 1, qPrintable(describe(difference)));
        QVERIFY2(difference.exactFraction >= 0.99, qPrintable(describe(difference)));
    }

    void fullRangeSaturatesWithoutVnni()
    {
        // Documents why the range is reduced: with activations in 0..255, onednn without
        // VNNI misses the exact result by many steps on a stem-like layer.
        if (currentQuantizedEngine() != "onednn" || cpuHasVnni())
            QSKIP("this CPU has VNNI or the engine is not onednn, so the full range is exact here");
        at::manual_seed(3);
        const at::Tensor input = at::randn({2, 3, 128, 4});
        const LayerCase layer = randomLayer(3, 32, true, input, 255);
        const StepDifference difference = compareWithSimulation(layer, input);
        qInfo("full range: %s", qPrintable(describe(difference)));
        QVERIFY2(difference.maximum > 1, qPrintable(describe(difference)));
    }

    void quantMaxFollowsEngineAndCpu()
    {
        QCOMPARE(activationQuantMax("onednn", false), int64_t(127));
        QCOMPARE(activationQuantMax("onednn", true), int64_t(255));
        QCOMPARE(activationQuantMax("qnnpack", false), int64_t(255));
        QCOMPARE(activationQuantMax("qnnpack", true), int64_t(255));
    }

    void invalidWeightIsRejected()
    {
        const at::Tensor weight = at::randn({8, 4});
        const at::Tensor bias = at::zeros({8});
        QVERIFY_THROWS_EXCEPTION(QuantizationError, Int8Conv(weight, bias, false, 0.1, 0));
        const at::Tensor perTensor = at::quantize_per_tensor(weight, 0.05, 0, at::kQInt8);
        QVERIFY_THROWS_EXCEPTION(QuantizationError, Int8Conv(perTensor, bias, false, 0.1, 0));
        const at::Tensor fourDimensional = quantizeWeightPerChannel(weight).reshape({8, 4, 1, 1});
        QVERIFY_THROWS_EXCEPTION(QuantizationError, Int8Conv(fourDimensional, bias, false, 0.1, 0));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, Int8Conv(at::Tensor(), bias, false, 0.1, 0));
    }

    void invalidBiasIsRejected()
    {
        const at::Tensor weight = quantizeWeightPerChannel(at::randn({8, 4}));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, Int8Conv(weight, at::zeros({7}), false, 0.1, 0));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, Int8Conv(weight, at::zeros({8}, at::kDouble), false, 0.1, 0));
        const Int8Conv withoutBias(weight, at::Tensor(), false, 0.1, 128);
        const at::Tensor input = at::quantize_per_tensor(at::rand({1, 4, 5, 1}), 0.01, 0, at::kQUInt8);
        QCOMPARE(withoutBias.run(input).sizes().vec(), (std::vector<int64_t>{1, 8, 5, 1}));
    }

    void invalidInputIsRejected()
    {
        const Int8Conv kernel(quantizeWeightPerChannel(at::randn({8, 4})), at::zeros({8}), true, 0.1, 0);
        const at::Tensor floatInput = at::rand({1, 4, 5, 1});
        try {
            kernel.run(floatInput);
            QFAIL("expected a QuantizationError");
        } catch (const QuantizationError& error) {
            const std::string message = error.what();
            QVERIFY2(message.find("quint8 (batch, 4, height, width)") != std::string::npos, message.c_str());
            QVERIFY2(message.find("Float [1, 4, 5, 1]") != std::string::npos, message.c_str());
        }
        const at::Tensor wrongChannels = at::quantize_per_tensor(at::rand({1, 5, 5, 1}), 0.01, 0, at::kQUInt8);
        QVERIFY_THROWS_EXCEPTION(QuantizationError, kernel.run(wrongChannels));
        const at::Tensor threeDimensional = at::quantize_per_tensor(at::rand({1, 4, 5}), 0.01, 0, at::kQUInt8);
        QVERIFY_THROWS_EXCEPTION(QuantizationError, kernel.run(threeDimensional));
        const at::Tensor signedInput = at::quantize_per_tensor(floatInput, 0.01, 0, at::kQInt8);
        QVERIFY_THROWS_EXCEPTION(QuantizationError, kernel.run(signedInput));
    }

    void unpreparedKernelIsRejected()
    {
        const Int8Conv kernel;
        const at::Tensor input = at::quantize_per_tensor(at::rand({1, 4, 5, 1}), 0.01, 0, at::kQUInt8);
        QVERIFY_THROWS_EXCEPTION(QuantizationError, kernel.run(input));
    }

    void qnnpackConvMatchesSimulation()
    {
        selectQuantizedEngine("qnnpack");
        const at::Tensor input = at::relu(at::randn({1, 48, 256, 2}));
        const LayerCase layer = randomLayer(48, 64, true, input);
        const StepDifference difference = compareWithSimulation(layer, input);
        qInfo("%s", qPrintable(describe(difference)));
        QVERIFY2(difference.maximum <= 1, qPrintable(describe(difference)));
        QVERIFY2(difference.exactFraction >= 0.99, qPrintable(describe(difference)));
    }
};

QTEST_GUILESS_MAIN(QuantKernelsTest)
#include "test_quant_kernels.moc"
