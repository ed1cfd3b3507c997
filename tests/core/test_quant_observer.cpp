// Activation observers: exact extremes for MinMax, outlier clipping for Percentile,
// and the histograms drawn from the kept sample.
#include "quant/Observer.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

#include <numeric>

using namespace pointq;

namespace {

int64_t total(const std::vector<int64_t>& counts)
{
    return std::accumulate(counts.begin(), counts.end(), int64_t(0));
}

// One million N(0, 1) values with 200 of them (0.02 %) replaced by 1000 or -1000.
at::Tensor normalWithOutliers()
{
    at::Tensor values = at::randn({1000000});
    const at::Tensor positions = at::randperm(values.numel()).slice(0, 0, 200);
    values.index_put_({positions.slice(0, 0, 100)}, 1000.0f);
    values.index_put_({positions.slice(0, 100, 200)}, -1000.0f);
    return values;
}

} // namespace

class QuantObserverTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
        at::manual_seed(3);
    }

    void minMaxKeepsExtremesOverCalls()
    {
        ActivationObserver observer(ObserverKind::MinMax);
        observer.observe(at::tensor({0.5f, 2.0f, 1.0f}));
        observer.observe(at::tensor({-3.0f, 0.25f}).view({1, 2}));
        observer.observe(at::tensor({1.5f, 7.5f, -1.0f}));
        observer.observe(at::empty({0}));
        QVERIFY(!observer.empty());
        QCOMPARE(observer.minimum(), -3.0f);
        QCOMPARE(observer.maximum(), 7.5f);
        QCOMPARE(observer.range(), std::make_pair(-3.0f, 7.5f));
    }

    void minMaxRangeIncludesZero()
    {
        ActivationObserver positive(ObserverKind::MinMax);
        positive.observe(at::tensor({2.0f, 5.0f}));
        QCOMPARE(positive.minimum(), 2.0f);
        QCOMPARE(positive.range(), std::make_pair(0.0f, 5.0f));

        ActivationObserver negative(ObserverKind::MinMax);
        negative.observe(at::tensor({-4.0f, -0.5f}));
        QCOMPARE(negative.range(), std::make_pair(-4.0f, 0.0f));
    }

    void minMaxKeepsOutliers()
    {
        ActivationObserver observer(ObserverKind::MinMax);
        observer.observe(normalWithOutliers());
        QCOMPARE(observer.range(), std::make_pair(-1000.0f, 1000.0f));
    }

    void percentileClipsOutliers()
    {
        ActivationObserver observer(ObserverKind::Percentile, 99.9);
        observer.observe(normalWithOutliers());
        QCOMPARE(observer.minimum(), -1000.0f);
        QCOMPARE(observer.maximum(), 1000.0f);
        const auto [low, high] = observer.range();
        // The 0.1 % and 99.9 % quantiles of N(0, 1) are -+3.09. The outliers are 0.02 %.
        QVERIFY2(high > 2.5f && high < 4.0f, qPrintable(QString("high %1").arg(high)));
        QVERIFY2(low < -2.5f && low > -4.0f, qPrintable(QString("low %1").arg(low)));
    }

    void percentileCountsLaterCalls()
    {
        // The first batch is small values only, later batches are wider. Each call
        // adds to the sample, so the clipped range follows the later data too.
        ActivationObserver observer(ObserverKind::Percentile, 99.0);
        observer.observe(at::rand({2000000}));
        for (int call = 0; call < 4; ++call)
            observer.observe(at::rand({500000}) * 10.0);
        const auto [low, high] = observer.range();
        QCOMPARE(low, 0.0f);
        QVERIFY2(high > 8.0f, qPrintable(QString("high %1").arg(high)));
    }

    void percentileRangeIncludesZero()
    {
        ActivationObserver observer(ObserverKind::Percentile, 99.0);
        observer.observe(at::rand({10000}) + 5.0);
        const auto [low, high] = observer.range();
        QCOMPARE(low, 0.0f);
        QVERIFY(high > 5.9f && high <= 6.0f);
    }

    void histogramCountsEverySampledValue()
    {
        // A tensor this small is kept whole, so the counts equal its size.
        ActivationObserver observer(ObserverKind::MinMax);
        const at::Tensor values = at::randn({5000});
        observer.observe(values);
        const std::vector<int64_t> counts = observer.histogram(32);
        QCOMPARE(counts.size(), size_t(32));
        QCOMPARE(total(counts), values.numel());
        QVERIFY(counts.front() > 0);
        QVERIFY(counts.back() > 0);
        // N(0, 1) peaks in the middle bins.
        QVERIFY(counts[15] + counts[16] > counts[0] + counts[31]);
    }

    void histogramOfLargeInputIsSampled()
    {
        ActivationObserver observer(ObserverKind::Percentile, 99.9);
        observer.observe(normalWithOutliers());
        const std::vector<int64_t> counts = observer.histogram(10);
        QVERIFY(total(counts) > 10000);
        QVERIFY(total(counts) <= 1000000);
    }

    void constantInputHistogramUsesFirstBin()
    {
        ActivationObserver observer(ObserverKind::MinMax);
        observer.observe(at::full({100}, 2.5f));
        const std::vector<int64_t> counts = observer.histogram(4);
        QCOMPARE(counts, (std::vector<int64_t>{100, 0, 0, 0}));
        QCOMPARE(observer.range(), std::make_pair(0.0f, 2.5f));
    }

    void emptyObserver()
    {
        for (const ObserverKind kind : {ObserverKind::MinMax, ObserverKind::Percentile}) {
            ActivationObserver observer(kind);
            QVERIFY(observer.empty());
            observer.observe(at::empty({0, 3}));
            QVERIFY(observer.empty());
            QCOMPARE(observer.range(), std::make_pair(0.0f, 0.0f));
            const std::vector<int64_t> counts = observer.histogram(8);
            QCOMPARE(counts.size(), size_t(8));
            QCOMPARE(total(counts), int64_t(0));
        }
    }

    void observerKindNames()
    {
        QCOMPARE(std::string(observerKindName(ObserverKind::MinMax)), std::string("minmax"));
        QCOMPARE(std::string(observerKindName(ObserverKind::Percentile)), std::string("percentile"));
    }
};

QTEST_GUILESS_MAIN(QuantObserverTest)
#include "test_quant_observer.moc"
