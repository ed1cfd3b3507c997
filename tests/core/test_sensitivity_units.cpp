// Fake quantization, skip files and budgets: the small pieces of the sensitivity
// analysis, checked against PointQ's INT8 path and hand-made files.
#include "analysis/FakeQuant.h"
#include "analysis/Sensitivity.h"
#include "analysis/SkipFile.h"
#include "analysis/SkipSearch.h"
#include "common/Errors.h"
#include "quant/Folding.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <fstream>

using namespace pointq;

namespace {

std::string writeFile(const QTemporaryDir& folder, const std::string& name, const std::string& text)
{
    const std::string path = folder.path().toStdString() + "/" + name;
    std::ofstream(path) << text;
    return path;
}

} // namespace

class SensitivityUnitsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eightBitParametersEqualInt8Parameters_data()
    {
        QTest::addColumn<float>("minimum");
        QTest::addColumn<float>("maximum");
        QTest::newRow("after ReLU") << 0.0f << 6.25f;
        QTest::newRow("signed") << -1.5f << 3.0f;
        QTest::newRow("negative only") << -2.0f << -0.5f;
        QTest::newRow("zero width") << 0.0f << 0.0f;
        QTest::newRow("tiny") << -1e-9f << 1e-9f;
    }

    void eightBitParametersEqualInt8Parameters()
    {
        QFETCH(float, minimum);
        QFETCH(float, maximum);
        const AffineQuantParams simulated = affineParamsForBits(minimum, maximum, 8);
        const auto [scale, zeroPoint] = affineQuantParams(minimum, maximum);
        QCOMPARE(simulated.scale, scale);
        QCOMPARE(simulated.zeroPoint, zeroPoint);
        QCOMPARE(simulated.maximum, int64_t(255));
    }

    void eightBitWeightsEqualInt8Weights()
    {
        at::manual_seed(3);
        at::Tensor weight = at::randn({64, 35});
        weight[5].zero_();
        weight[9] *= 1e-3;
        const at::Tensor simulated = fakeQuantizeWeightPerChannel(weight, 8);
        const at::Tensor kernel = quantizeWeightPerChannel(weight).dequantize();
        QVERIFY(at::equal(simulated, kernel));
    }

    void eightBitActivationsEqualQuantizePerTensor()
    {
        at::manual_seed(4);
        const at::Tensor values = at::randn({2, 16, 300}) * 3.0;
        const AffineQuantParams params = affineParamsForBits(-4.0f, 5.0f, 8);
        const at::Tensor simulated = fakeQuantizeActivation(values, params);
        const at::Tensor kernel = at::quantize_per_tensor(values, params.scale, params.zeroPoint, at::kQUInt8).dequantize();
        QVERIFY(at::equal(simulated, kernel));
    }

    void activationTiesAndOutliersMatchLibTorch()
    {
        // Products exactly halfway between two levels round to the even one, and values
        // far outside the range (beyond 2^22 steps) clamp to the ends, as in LibTorch.
        const AffineQuantParams params = affineParamsForBits(-2.0f, 6.0f, 8);
        const auto scale = static_cast<float>(params.scale);
        std::vector<float> samples;
        for (int level = -300; level <= 300; ++level)
            samples.push_back((static_cast<float>(level) + 0.5f) * scale);
        for (const float outlier : {1e9f, -1e9f, 5e6f * scale, -5e6f * scale, 0.0f, -0.0f})
            samples.push_back(outlier);
        const at::Tensor values = at::tensor(samples);
        const at::Tensor simulated = fakeQuantizeActivation(values, params);
        const at::Tensor kernel = at::quantize_per_tensor(values, params.scale, params.zeroPoint, at::kQUInt8).dequantize();
        QVERIFY(at::equal(simulated, kernel));
        // The tensor-operation form of the same steps, at 12 bits where no kernel exists.
        // It also covers products that overflow to infinity, which LibTorch's
        // quantize_per_tensor (1.13) turns into level 0 instead of the largest level.
        samples.push_back(3e38f);
        samples.push_back(-3e38f);
        const at::Tensor extremes = at::tensor(samples);
        const AffineQuantParams wide = affineParamsForBits(-2.0f, 6.0f, 12);
        const at::Tensor expected = at::clamp(at::round(extremes * static_cast<float>(1.0 / wide.scale))
                                                  + static_cast<float>(wide.zeroPoint),
                                              0.0, static_cast<double>(wide.maximum))
                                        .sub(static_cast<float>(wide.zeroPoint))
                                        .mul(static_cast<float>(wide.scale));
        QVERIFY(at::equal(fakeQuantizeActivation(extremes, wide), expected));
    }

    void fewerBitsGiveCoarserGrid()
    {
        const at::Tensor values = at::linspace(-1.0, 3.0, 4001);
        double previousError = 0.0;
        for (const int bits : {16, 12, 8, 6, 4, 2}) {
            const at::Tensor simulated = fakeQuantizeActivation(values, affineParamsForBits(-1.0f, 3.0f, bits));
            const at::Tensor levels = std::get<0>(at::_unique(simulated));
            QVERIFY(levels.size(0) <= (int64_t(1) << bits));
            const double error = (simulated - values).abs().max().item<double>();
            QVERIFY2(error > previousError, qPrintable(QString("%1 bits").arg(bits)));
            previousError = error;
        }
    }

    void twoBitWeightsUseThreeLevels()
    {
        const at::Tensor weight = at::tensor({-1.0f, -0.4f, 0.1f, 0.6f, 1.0f}).reshape({1, 5});
        const at::Tensor simulated = fakeQuantizeWeightPerChannel(weight, 2);
        const at::Tensor expected = at::tensor({-1.0f, 0.0f, 0.0f, 1.0f, 1.0f}).reshape({1, 5});
        QVERIFY(at::equal(simulated, expected));
    }

    void bitWidthOutsideRangeIsRejected_data()
    {
        QTest::addColumn<int>("bits");
        QTest::newRow("1") << 1;
        QTest::newRow("17") << 17;
        QTest::newRow("0") << 0;
    }

    void bitWidthOutsideRangeIsRejected()
    {
        QFETCH(int, bits);
        QVERIFY_THROWS_EXCEPTION(QuantizationError, affineParamsForBits(0.0f, 1.0f, bits));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, fakeQuantizeWeightPerChannel(at::ones({2, 2}), bits));
    }

    void sweepModeNamesRoundTrip()
    {
        for (const SweepMode mode : {SweepMode::Only, SweepMode::AllBut, SweepMode::Both})
            QCOMPARE(parseSweepMode(sweepModeName(mode)), mode);
        QVERIFY_THROWS_EXCEPTION(QuantizationError, parseSweepMode("every"));
    }

    void budgetChecksAccuracyDropAndAgreement()
    {
        OutputFigures figures;
        figures.top1Agreement = 99.0;
        figures.hasAccuracy = true;
        figures.accuracyDelta = -0.5;
        QVERIFY(meetsBudget(figures, {SkipBudget::Kind::AccuracyDrop, 0.5}));
        QVERIFY(!meetsBudget(figures, {SkipBudget::Kind::AccuracyDrop, 0.4}));
        QVERIFY(meetsBudget(figures, {SkipBudget::Kind::Agreement, 99.0}));
        QVERIFY(!meetsBudget(figures, {SkipBudget::Kind::Agreement, 99.5}));
        figures.hasAccuracy = false;
        QVERIFY(!meetsBudget(figures, {SkipBudget::Kind::AccuracyDrop, 10.0}));
    }

    void skipFileRoundTrips()
    {
        QTemporaryDir folder;
        const std::string path = folder.path().toStdString() + "/skip.yaml";
        const std::vector<std::string> names{"encoder.encoder.4.0.convs.1", "prediction.head.4", "stage1"};
        writeSkipFile(path, names, {"found for a test"});
        QCOMPARE(readSkipFile(path), names);
        writeSkipFile(path, {});
        QCOMPARE(readSkipFile(path), std::vector<std::string>());
    }

    void skipFileAcceptsBlockListAndOtherKeys()
    {
        QTemporaryDir folder;
        const std::string path =
            writeFile(folder, "skip.yaml", "budget: 0.5\nskip:\n  - prediction.head.4\n  - 'encoder.encoder.1.0.skipconv'\n");
        const std::vector<std::string> expected{"prediction.head.4", "encoder.encoder.1.0.skipconv"};
        QCOMPARE(readSkipFile(path), expected);
    }

    void badSkipFilesAreRejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("invalid YAML") << "skip: [a, b\n" << "invalid YAML";
        QTest::newRow("missing key") << "layers: [a]\n" << "'skip' is missing";
        QTest::newRow("not a list") << "skip: prediction.head.4\n" << "must be a list";
        QTest::newRow("nested entry") << "skip: [[a]]\n" << "every entry";
        QTest::newRow("empty entry") << "skip: ['']\n" << "every entry";
        QTest::newRow("top-level list") << "- a\n- b\n" << "expected a mapping";
        QTest::newRow("empty file") << "" << "expected a mapping";
    }

    void badSkipFilesAreRejected()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QTemporaryDir folder;
        const std::string path = writeFile(folder, "skip.yaml", text.toStdString());
        try {
            readSkipFile(path);
            QFAIL("no error");
        } catch (const ConfigError& error) {
            QCOMPARE(error.file(), path);
            QVERIFY2(QString::fromStdString(error.detail()).contains(expected), error.what());
        }
    }

    void missingSkipFileIsRejected()
    {
        QVERIFY_THROWS_EXCEPTION(ConfigError, readSkipFile("/nonexistent/skip.yaml"));
    }
};

QTEST_GUILESS_MAIN(SensitivityUnitsTest)
#include "test_sensitivity_units.moc"
