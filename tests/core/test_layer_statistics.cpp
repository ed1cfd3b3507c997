// Per-layer histograms, per-layer SQNR and the skip file that the workbench and
// `pointq quantize --skip-file` share.
#include "common/Errors.h"
#include "eval/LayerStatistics.h"
#include "quant/Calibrator.h"
#include "analysis/SkipFile.h"

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <numeric>

using namespace pointq;

namespace {

std::shared_ptr<ConvBlock> namedBlock(const std::string& name, int64_t in, int64_t out)
{
    auto block = std::make_shared<ConvBlock>(LayerKind::Conv1d, in, out, true, true);
    block->setLayerName(name);
    block->eval();
    return block;
}

void writeFile(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

int64_t total(const ValueHistogram& histogram)
{
    return std::accumulate(histogram.counts.begin(), histogram.counts.end(), int64_t(0));
}

} // namespace

class LayerStatisticsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(7); }

    void histogramCoversEveryValue()
    {
        const at::Tensor values = torch::tensor({-1.0f, 0.0f, 0.5f, 1.0f, 3.0f});
        const ValueHistogram histogram = histogramOf(values, 4);
        QCOMPARE(histogram.minimum, -1.0f);
        QCOMPARE(histogram.maximum, 3.0f);
        QCOMPARE(histogram.counts, (std::vector<int64_t>{1, 2, 1, 1}));
    }

    void weightHistogramOfOneChannel()
    {
        const auto block = namedBlock("layer", 8, 4);
        QCOMPARE(total(weightHistogram(*block, -1, 16)), int64_t(32));
        QCOMPARE(total(weightHistogram(*block, 3, 16)), int64_t(8));
    }

    void weightHistogramRejectsMissingChannel()
    {
        const auto block = namedBlock("encoder.x", 8, 4);
        try {
            weightHistogram(*block, 4, 16);
            QFAIL("channel 4 of a 4-channel layer was accepted");
        } catch (const QuantizationError& error) {
            QVERIFY2(QString(error.what()).contains("encoder.x has 4 output channels"), error.what());
        }
    }

    void statisticsFollowCalibration()
    {
        const auto block = namedBlock("layer", 3, 5);
        Calibrator calibrator;
        const at::Tensor input = torch::randn({2, 3, 50});
        block->forward(input, &calibrator);
        const auto statistics = collectLayerStatistics({block}, calibrator, 10);
        QCOMPARE(statistics.size(), size_t(1));
        const LayerStatistics& layer = statistics.front();
        QCOMPARE(layer.input.minimum, input.min().item<float>());
        QCOMPARE(layer.input.maximum, input.max().item<float>());
        QCOMPARE(total(layer.input), int64_t(300));
        QVERIFY(layer.outputClipMin <= 0.0f);
        QCOMPARE(layer.output.minimum, 0.0f); // the fused ReLU
        QCOMPARE(layer.channelWeightAbsMax.size(), size_t(5));
        QVERIFY(!layer.sqnrMeasured);
    }

    void sqnrMeterMeasuresNoise()
    {
        const auto block = namedBlock("layer", 3, 5);
        LayerSqnrMeter meter({block});
        const at::Tensor input = torch::randn({2, 3, 50});
        const at::Tensor exact = block->forwardFloat(input);
        meter.record("layer", true, input, exact + 0.01 * exact.abs().max());
        std::vector<LayerStatistics> statistics(1);
        statistics[0].name = "layer";
        meter.fill(statistics);
        QVERIFY(statistics[0].sqnrMeasured);
        const double signal = exact.pow(2).mean().item<double>();
        const double noise = std::pow(0.01 * exact.abs().max().item<double>(), 2);
        QVERIFY2(std::abs(statistics[0].sqnrDb - 10.0 * std::log10(signal / noise)) < 0.01,
                 qPrintable(QString::number(statistics[0].sqnrDb)));
    }

    void skipFileRoundTrip()
    {
        QTemporaryDir folder;
        const std::string path = folder.filePath("skip.yaml").toStdString();
        const std::vector<std::string> words{"stage1", "encoder.encoder.*.0.skipconv", "prediction.head.2"};
        writeSkipFile(path, words);
        QCOMPARE(readSkipFile(path), words);
        writeSkipFile(path, {});
        QVERIFY(readSkipFile(path).empty());
    }

};

QTEST_GUILESS_MAIN(LayerStatisticsTest)
#include "test_layer_statistics.moc"
