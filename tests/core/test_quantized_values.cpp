// Vectorized UINT8 quantization and dequantization against LibTorch's own
// at::quantize_per_tensor and Tensor::dequantize, value by value.
#include "model/QuantizedValues.h"

#include <QtTest/QtTest>

#include <limits>

#include <ATen/Parallel.h>

#include <vector>

using namespace pointq;

namespace {

struct AffineParams {
    double scale;
    int64_t zeroPoint;
};

// Scales as the quantizer makes them: float32 values held in a double.
const std::vector<AffineParams> paramsToCheck{
    {static_cast<double>(0.0123f), 100}, {static_cast<double>(0.5f), 0}, {static_cast<double>(1.0f / 255.0f), 255},
    {static_cast<double>(3.7e-5f), 17},  {static_cast<double>(2.0f), 128}};

// Normal values spread over and far beyond the UINT8 range of each scale, exact
// halfway points between two levels (where rounding half to even matters), zeros and
// tiny values. Levels stay within int64, because beyond it LibTorch's float-to-int64
// cast is undefined behaviour (x86 returns INT64_MIN, so huge values quantize to 0).
at::Tensor valuesFor(const AffineParams& params)
{
    const auto range = static_cast<float>(params.scale * 300.0);
    const at::Tensor spread = at::randn({4, 7, 33, 5}) * range;
    const at::Tensor halves = (at::arange(-300, 300, at::kFloat) + 0.5f) * static_cast<float>(params.scale);
    const at::Tensor extremes =
        at::tensor({0.0f, -0.0f, 1e-30f, -1e-30f, 1e12f, -1e12f}, at::kFloat) * static_cast<float>(params.scale);
    return at::cat({spread.flatten(), halves, extremes});
}

} // namespace

class QuantizedValuesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
        at::manual_seed(5);
    }

    void levelsEqualQuantizePerTensor()
    {
        for (const AffineParams& params : paramsToCheck) {
            const at::Tensor values = valuesFor(params);
            const at::Tensor expected = at::quantize_per_tensor(values, params.scale, params.zeroPoint, at::kQUInt8).int_repr();
            const at::Tensor levels = quantizeToUint8Levels(values, params.scale, params.zeroPoint);
            QCOMPARE(levels.scalar_type(), at::kByte);
            QVERIFY2(at::equal(levels, expected), qPrintable(QStringLiteral("scale %1 zero point %2: %3 levels differ")
                                                                 .arg(params.scale)
                                                                 .arg(params.zeroPoint)
                                                                 .arg(levels.ne(expected).sum().item<int64_t>())));
        }
    }

    void hugeValuesSaturate()
    {
        const at::Tensor levels = quantizeToUint8Levels(at::tensor({1e30f, -1e30f}, at::kFloat), 0.0123, 100);
        QCOMPARE(levels[0].item<int>(), 255);
        QCOMPARE(levels[1].item<int>(), 0);
    }

    void notANumberQuantizesToZero()
    {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const at::Tensor levels = quantizeToUint8Levels(at::tensor({nan, 1.0f}, at::kFloat), 0.5, 100);
        QCOMPARE(levels[0].item<int>(), 0);
        QCOMPARE(levels[1].item<int>(), 102);
    }

    void reducedRangeClampsAt127()
    {
        const at::Tensor values = at::tensor({-1.0f, 0.0f, 1.0f, 1.27f, 2.0f, 100.0f}, at::kFloat);
        const at::Tensor levels = quantizeToUint8Levels(values, 0.01, 0, 127);
        const std::vector<int> expected{0, 0, 100, 127, 127, 127};
        for (size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(levels[static_cast<int64_t>(i)].item<int>(), expected[i]);
        QCOMPARE(quantizePerTensorUint8(values, 0.01, 0, 127).int_repr().max().item<int>(), 127);
    }

    void clampLevelsKeepsParamsAndLayout()
    {
        const at::Tensor quantized = at::quantize_per_tensor(at::randn({2, 8, 5, 3}) * 4.0, 0.02, 130, at::kQUInt8)
                                         .contiguous(at::MemoryFormat::ChannelsLast);
        const at::Tensor clamped = clampLevels(quantized, 127);
        QCOMPARE(clamped.q_scale(), 0.02);
        QCOMPARE(clamped.q_zero_point(), int64_t(130));
        QVERIFY(at::equal(clamped.int_repr(), quantized.int_repr().clamp_max(127)));
        QVERIFY(clamped.is_contiguous(at::MemoryFormat::ChannelsLast));
    }

    void quantizedTensorKeepsParams()
    {
        const at::Tensor values = at::randn({2, 3, 4});
        const at::Tensor quantized = quantizePerTensorUint8(values, 0.25, 9);
        QCOMPARE(quantized.scalar_type(), at::kQUInt8);
        QVERIFY(quantized.qscheme() == at::kPerTensorAffine);
        QCOMPARE(quantized.q_scale(), 0.25);
        QCOMPARE(quantized.q_zero_point(), int64_t(9));
        QCOMPARE(quantized.sizes().vec(), values.sizes().vec());
    }

    void nonContiguousInputQuantizes()
    {
        const at::Tensor values = at::randn({3, 5, 8}).transpose(1, 2);
        QVERIFY(!values.is_contiguous());
        const at::Tensor expected = at::quantize_per_tensor(values.contiguous(), 0.02, 120, at::kQUInt8).int_repr();
        QVERIFY(at::equal(quantizeToUint8Levels(values, 0.02, 120), expected));
    }

    void dequantizeEqualsLibTorch()
    {
        for (const AffineParams& params : paramsToCheck) {
            const at::Tensor quantized = at::quantize_per_tensor(valuesFor(params), params.scale, params.zeroPoint, at::kQUInt8);
            QVERIFY(at::equal(dequantizeValues(quantized), quantized.dequantize()));
        }
    }

    void dequantizeChannelsLast()
    {
        // INT8 convolution outputs are channels-last.
        const at::Tensor quantized = at::quantize_per_tensor(at::randn({2, 16, 9, 4}), 0.05, 60, at::kQUInt8)
                                         .contiguous(at::MemoryFormat::ChannelsLast);
        QVERIFY(at::equal(dequantizeValues(quantized), quantized.dequantize()));
    }

    void dequantizeOtherTypesFallsBack()
    {
        const at::Tensor signedValues = at::quantize_per_tensor(at::randn({20}), 0.1, 0, at::kQInt8);
        QVERIFY(at::equal(dequantizeValues(signedValues), signedValues.dequantize()));
        const at::Tensor perChannel = at::quantize_per_channel(at::randn({3, 6}), at::tensor({0.1, 0.2, 0.3}, at::kDouble),
                                                               at::tensor({0, 0, 0}, at::kLong), 0, at::kQInt8);
        QVERIFY(at::equal(dequantizeValues(perChannel), perChannel.dequantize()));
    }
};

QTEST_GUILESS_MAIN(QuantizedValuesTest)
#include "test_quantized_values.moc"
