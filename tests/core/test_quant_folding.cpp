// Batch-norm folding: the real Linear + BatchNorm1d head block from bug-cases, whose
// channels include negative gamma, zero variance, zero gamma and tiny variance, and
// random Conv1d and Conv2d blocks compared with their unfolded FP32 forward.
#include "io/Checkpoint.h"
#include "io/Pickle.h"
#include "io/Zip.h"
#include "model/ConvBlock.h"
#include "quant/Folding.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

using namespace pointq;

namespace {

const std::string dataDir = POINTQ_TEST_DATA_DIR;
const std::string foldCasePath = dataDir + "/bug-cases/head_linear_bn1d_fold.pth";
const std::string foldCaseBlock = "prediction.head.0.";

// The fold case stores `input`, `expected_output` and `bn_eps` next to its state dict,
// and readCheckpoint keeps only the state dict, so the test unpickles the top level.
PickleValuePtr readTopLevel(const std::string& path)
{
    const ZipReader archive(path);
    const std::string root = archive.entryNames().front().substr(0, archive.entryNames().front().find('/'));
    const StorageReader readStorage = [&](const std::string& key) { return archive.readEntry(root + "/data/" + key); };
    return unpickle(archive.readEntry(root + "/data.pkl"), path, root + "/data.pkl", readStorage);
}

// Relative difference with an absolute floor of 1 for values near zero:
// |a - b| / max(1, |b|), so the 1e-6 bound is relative for large outputs and
// absolute for outputs below 1, where ReLU produces many exact zeros.
double maxRelativeDifference(const at::Tensor& actual, const at::Tensor& expected)
{
    const at::Tensor a = actual.to(at::kDouble);
    const at::Tensor b = expected.to(at::kDouble);
    return ((a - b).abs() / at::clamp_min(b.abs(), 1.0)).max().item<double>();
}

void randomizeNorm(ConvBlock& block)
{
    torch::NoGradGuard noGrad;
    const int64_t channels = block.outChannels();
    block.normWeight().copy_(at::randn({channels}));
    block.normBias().copy_(at::randn({channels}));
    block.normRunningMean().copy_(at::randn({channels}));
    block.normRunningVar().copy_(at::rand({channels}) * 2.0 + 0.01);
}

at::Tensor runFolded(const FoldedLayer& folded, const at::Tensor& input, bool relu)
{
    const at::Tensor output = pointwiseConv(input, folded.weight, folded.bias);
    return relu ? at::relu(output) : output;
}

} // namespace

class QuantFoldingTest : public QObject {
    Q_OBJECT

private:
    StateDict m_foldState;
    at::Tensor m_foldInput;
    at::Tensor m_foldExpected;
    double m_foldEps = 0.0;

    std::shared_ptr<ConvBlock> loadFoldCaseBlock()
    {
        auto block = std::make_shared<ConvBlock>(LayerKind::Linear, m_foldInput.size(1), m_foldExpected.size(1), true, true);
        loadStateDict(*block, m_foldState, true, foldCasePath);
        block->eval();
        return block;
    }

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
        at::manual_seed(7);

        const CheckpointContents checkpoint = readCheckpoint(foldCasePath);
        QCOMPARE(checkpoint.stateDictKey, std::string("state_dict"));
        for (const auto& [name, tensor] : checkpoint.stateDict) {
            QVERIFY2(name.rfind(foldCaseBlock, 0) == 0, name.c_str());
            m_foldState.insert(name.substr(foldCaseBlock.size()), tensor);
        }

        const PickleValuePtr top = readTopLevel(foldCasePath);
        const PickleValue* input = top->get("input");
        const PickleValue* expected = top->get("expected_output");
        const PickleValue* eps = top->get("bn_eps");
        QVERIFY(input != nullptr && input->kind == PickleValue::Kind::Tensor);
        QVERIFY(expected != nullptr && expected->kind == PickleValue::Kind::Tensor);
        QVERIFY(eps != nullptr && eps->isNumber());
        m_foldInput = input->tensor;
        m_foldExpected = expected->tensor;
        m_foldEps = eps->toDouble();
        QCOMPARE(m_foldInput.dim(), int64_t(2));
        QCOMPARE(m_foldExpected.size(0), m_foldInput.size(0));
    }

    void foldCaseHasTheHardChannels()
    {
        const at::Tensor gamma = m_foldState.at("1.weight");
        const at::Tensor variance = m_foldState.at("1.running_var");
        QVERIFY((gamma < 0).any().item<bool>());
        QVERIFY((gamma == 0).any().item<bool>());
        QVERIFY((variance == 0).any().item<bool>());
        QVERIFY(((variance > 0) & (variance < 1e-6)).any().item<bool>());
        QVERIFY(!m_foldState.contains("0.bias"));
    }

    void foldCaseUsesTheFileEpsilon()
    {
        const auto block = loadFoldCaseBlock();
        QCOMPARE(block->normEps(), m_foldEps);
    }

    void foldCaseMatchesExpectedOutput()
    {
        const auto block = loadFoldCaseBlock();
        QVERIFY(!block->bias().defined());

        const FoldedLayer folded = foldBatchNorm(*block);
        QVERIFY(folded.bias.defined());
        QVERIFY(folded.weight.scalar_type() == at::kFloat);
        QVERIFY(folded.bias.scalar_type() == at::kFloat);
        QCOMPARE(folded.weight.sizes().vec(), (std::vector<int64_t>{m_foldExpected.size(1), m_foldInput.size(1)}));
        QCOMPARE(folded.bias.sizes().vec(), (std::vector<int64_t>{m_foldExpected.size(1)}));

        // The product runs in float64 so that only the folding itself is measured.
        const at::Tensor input = m_foldInput.to(at::kDouble);
        const at::Tensor output = at::relu(at::linear(input, folded.weight.to(at::kDouble), folded.bias.to(at::kDouble)));
        const double difference = maxRelativeDifference(output, m_foldExpected);
        qInfo("folded output differs from expected_output by %g (relative)", difference);
        QVERIFY2(difference <= 1e-6, qPrintable(QString("folded output differs by %1 (relative)").arg(difference)));
    }

    void foldCaseUnfoldedForwardAgrees()
    {
        // The unfolded FP32 block must reproduce the file too. When only this test
        // fails, the fixture or the state-dict loader is at fault, not the folding.
        const auto block = loadFoldCaseBlock();
        torch::NoGradGuard noGrad;
        const at::Tensor output = block->forwardFloat(m_foldInput);
        const double difference = maxRelativeDifference(output, m_foldExpected);
        QVERIFY2(difference <= 1e-5, qPrintable(QString("unfolded output differs by %1 (relative)").arg(difference)));
    }

    void zeroGammaChannelFoldsToConstant()
    {
        const auto block = loadFoldCaseBlock();
        const FoldedLayer folded = foldBatchNorm(*block);
        const at::Tensor gamma = m_foldState.at("1.weight");
        const at::Tensor beta = m_foldState.at("1.bias");
        int zeroChannels = 0;
        for (int64_t channel = 0; channel < gamma.size(0); ++channel) {
            if (gamma[channel].item<float>() != 0.0f)
                continue;
            ++zeroChannels;
            QVERIFY(at::equal(folded.weight[channel], at::zeros_like(folded.weight[channel])));
            QCOMPARE(folded.bias[channel].item<float>(), beta[channel].item<float>());
        }
        QVERIFY(zeroChannels > 0);
    }

    void conv1dFoldedMatchesUnfolded()
    {
        ConvBlock block(LayerKind::Conv1d, 19, 24, true, true);
        randomizeNorm(block);
        block.eval();
        torch::NoGradGuard noGrad;
        const at::Tensor input = at::randn({3, 19, 50});
        const at::Tensor expected = block.forwardFloat(input);
        const at::Tensor actual = runFolded(foldBatchNorm(block), input, true);
        QCOMPARE(actual.sizes().vec(), expected.sizes().vec());
        const double difference = maxRelativeDifference(actual, expected);
        QVERIFY2(difference <= 1e-5, qPrintable(QString("Conv1d fold differs by %1").arg(difference)));
    }

    void conv2dFoldedMatchesUnfolded()
    {
        ConvBlock block(LayerKind::Conv2d, 35, 16, true, false);
        randomizeNorm(block);
        block.eval();
        torch::NoGradGuard noGrad;
        const at::Tensor input = at::randn({2, 35, 20, 8});
        const at::Tensor expected = block.forwardFloat(input);
        const at::Tensor actual = runFolded(foldBatchNorm(block), input, false);
        QCOMPARE(actual.sizes().vec(), expected.sizes().vec());
        QVERIFY((actual < 0).any().item<bool>());
        const double difference = maxRelativeDifference(actual, expected);
        QVERIFY2(difference <= 1e-5, qPrintable(QString("Conv2d fold differs by %1").arg(difference)));
    }

    void blockWithoutNormKeepsWeightAndBias()
    {
        for (const LayerKind kind : {LayerKind::Conv1d, LayerKind::Conv2d, LayerKind::Linear}) {
            const ConvBlock block(kind, 12, 7, false, false);
            QVERIFY(block.bias().defined());
            const FoldedLayer folded = foldBatchNorm(block);
            QVERIFY2(at::equal(folded.weight, block.weightMatrix()), layerKindName(kind));
            QVERIFY2(at::equal(folded.bias, block.bias()), layerKindName(kind));
        }
    }
};

QTEST_GUILESS_MAIN(QuantFoldingTest)
#include "test_quant_folding.moc"
