// Quantization parameters: per-channel symmetric INT8 weights and affine UINT8
// activation scales and zero points.
#include "quant/Folding.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cmath>
#include <limits>

using namespace pointq;

class QuantParamsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
        at::manual_seed(11);
    }

    void weightScalesAreMaxAbsOver127()
    {
        const at::Tensor weight = at::randn({9, 40}) * at::linspace(0.01, 3.0, 9).unsqueeze(1);
        const at::Tensor quantized = quantizeWeightPerChannel(weight);
        QVERIFY(quantized.scalar_type() == at::kQInt8);
        QVERIFY(quantized.qscheme() == at::kPerChannelAffine);
        QCOMPARE(quantized.q_per_channel_axis(), int64_t(0));
        QVERIFY(at::equal(quantized.q_per_channel_zero_points(), at::zeros({9}, at::kLong)));

        const at::Tensor scales = quantized.q_per_channel_scales();
        const at::Tensor absMax = std::get<0>(weight.abs().max(1));
        for (int64_t channel = 0; channel < 9; ++channel) {
            const float expected = absMax[channel].item<float>() / 127.0f;
            QCOMPARE(scales[channel].item<double>(), static_cast<double>(expected));
        }
    }

    void weightValuesStayWithin127()
    {
        const at::Tensor weight = at::randn({16, 33}) * 5.0;
        const at::Tensor values = quantizeWeightPerChannel(weight).int_repr();
        QCOMPARE(values.min().item<int8_t>() >= -127, true);
        QCOMPARE(values.max().item<int8_t>() <= 127, true);
        // The largest magnitude of each channel maps to exactly +-127.
        const at::Tensor extremes = std::get<0>(values.to(at::kInt).abs().max(1));
        QVERIFY(at::equal(extremes, at::full({16}, 127, at::kInt)));
    }

    void zeroWeightChannelGetsScaleOne()
    {
        at::Tensor weight = at::randn({4, 10});
        weight[2].zero_();
        const at::Tensor quantized = quantizeWeightPerChannel(weight);
        QCOMPARE(quantized.q_per_channel_scales()[2].item<double>(), 1.0);
        QVERIFY(at::equal(quantized.int_repr()[2], at::zeros({10}, at::kChar)));
        QVERIFY(at::equal(quantized.dequantize()[2], at::zeros({10})));
        QVERIFY(quantized.q_per_channel_scales()[1].item<double>() != 1.0);
    }

    void weightErrorIsAtMostHalfAStep()
    {
        const at::Tensor weight = at::randn({32, 64}) * at::rand({32, 1}) * 4.0;
        const at::Tensor quantized = quantizeWeightPerChannel(weight);
        const at::Tensor error = (quantized.dequantize().to(at::kDouble) - weight.to(at::kDouble)).abs();
        // Half a step plus the float32 rounding of the product value * scale.
        const at::Tensor bound = quantized.q_per_channel_scales().unsqueeze(1) * (0.5 + 1e-6);
        QVERIFY2((error <= bound).all().item<bool>(),
                 qPrintable(QString("worst error over scale: %1").arg((error / bound * (0.5 + 1e-6)).max().item<double>())));
    }

    void activationRangeAlwaysContainsZero()
    {
        const struct {
            float minimum;
            float maximum;
        } ranges[] = {{0.5f, 3.0f}, {-4.0f, -1.0f}, {-2.0f, 6.0f}, {0.0f, 1.0f}, {-1.0f, 0.0f}};
        for (const auto& range : ranges) {
            const auto [scale, zeroPoint] = affineQuantParams(range.minimum, range.maximum);
            const QString label = QString("[%1, %2]").arg(range.minimum).arg(range.maximum);
            QVERIFY2(scale > 0, qPrintable(label));
            QVERIFY2(zeroPoint >= 0 && zeroPoint <= 255, qPrintable(label));
            const double low = (0 - zeroPoint) * scale;
            const double high = (255 - zeroPoint) * scale;
            QVERIFY2(low <= 0.0 && high >= 0.0, qPrintable(label));
            // The representable range covers the observed one, to half a step at either end.
            QVERIFY2(low <= std::min(range.minimum, 0.0f) + scale / 2, qPrintable(label));
            QVERIFY2(high >= std::max(range.maximum, 0.0f) - scale / 2, qPrintable(label));
        }
    }

    void zeroIsExactlyRepresentable()
    {
        for (const auto& [minimum, maximum] : {std::pair{-0.37f, 5.1f}, std::pair{-3.3f, 0.7f}, std::pair{0.2f, 9.0f}}) {
            const auto [scale, zeroPoint] = affineQuantParams(minimum, maximum);
            const at::Tensor zero = at::zeros({3});
            const at::Tensor quantized = at::quantize_per_tensor(zero, scale, zeroPoint, at::kQUInt8);
            QCOMPARE(quantized.int_repr()[0].item<uint8_t>(), static_cast<uint8_t>(zeroPoint));
            QVERIFY(at::equal(quantized.dequantize(), zero));
        }
    }

    void scaleIsRoundedToFloat32()
    {
        const auto [scale, zeroPoint] = affineQuantParams(-0.123456789f, 7.654321f);
        QCOMPARE(static_cast<double>(static_cast<float>(scale)), scale);
        QVERIFY(zeroPoint > 0);
        QVERIFY(std::abs(scale - (7.654321 + 0.123456789) / 255.0) < 1e-7);
    }

    void degenerateRangeGivesUsableScale()
    {
        const auto [scale, zeroPoint] = affineQuantParams(0.0f, 0.0f);
        QVERIFY(std::isfinite(scale) && scale > 0);
        QVERIFY(zeroPoint >= 0 && zeroPoint <= 255);
        const at::Tensor zero = at::zeros({4});
        QVERIFY(at::equal(at::quantize_per_tensor(zero, scale, zeroPoint, at::kQUInt8).dequantize(), zero));
    }

    void tinyRangeGivesUsableScale()
    {
        // A range so narrow that (max - min) / 255 underflows float32 must not give a
        // zero scale, which would divide by zero when quantizing.
        const float tiny = std::numeric_limits<float>::denorm_min() * 8;
        for (const auto& [minimum, maximum] : {std::pair{0.0f, tiny}, std::pair{-tiny, 0.0f}, std::pair{-tiny, tiny}}) {
            const auto [scale, zeroPoint] = affineQuantParams(minimum, maximum);
            QVERIFY2(std::isfinite(scale) && scale > 0, qPrintable(QString("scale %1").arg(scale)));
            QVERIFY2(std::isfinite(1.0f / static_cast<float>(scale)), qPrintable(QString("scale %1").arg(scale)));
            QVERIFY(zeroPoint >= 0 && zeroPoint <= 255);
            const at::Tensor values = at::tensor({minimum, 0.0f, maximum});
            const at::Tensor restored = at::quantize_per_tensor(values, scale, zeroPoint, at::kQUInt8).dequantize();
            QCOMPARE(restored[1].item<float>(), 0.0f);
            QVERIFY(at::isfinite(restored).all().item<bool>());
        }
    }

    void reducedRangeUses127Levels()
    {
        const auto [scale, zeroPoint] = affineQuantParams(-1.0f, 3.0f, 127);
        QCOMPARE(scale, static_cast<double>(static_cast<float>(4.0 / 127.0)));
        QCOMPARE(zeroPoint, int64_t(32));
        const auto [positiveScale, positiveZeroPoint] = affineQuantParams(0.0f, 5.0f, 127);
        QCOMPARE(positiveZeroPoint, int64_t(0));
        QCOMPARE(positiveScale, static_cast<double>(static_cast<float>(5.0 / 127.0)));
        const auto [negativeScale, negativeZeroPoint] = affineQuantParams(-2.0f, 0.0f, 127);
        QCOMPARE(negativeZeroPoint, int64_t(127));
        QVERIFY(negativeScale > 0.0);
    }
};

QTEST_GUILESS_MAIN(QuantParamsTest)
#include "test_quant_params.moc"
