#include "ImageBaseline.h"
#include "histogram/HistogramChart.h"
#include "histogram/HistogramView.h"
#include "render/VtkFonts.h"
#include "render/VtkRenderWidget.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLocale>
#include <QComboBox>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkTextProperty.h>

#include <cmath>
#include <memory>

using namespace pointq::widgets;

namespace {

// A bell-shaped histogram of 200 bins over [-4, 4] with a long right tail,
// like a layer's pre-activation values.
HistogramData bellHistogram()
{
    HistogramData data;
    data.title = QStringLiteral("encoder.encoder.1.0.convs.0 input");
    data.axisLabel = QStringLiteral("activation value");
    data.minimum = -4.0;
    data.maximum = 4.0;
    for (int bin = 0; bin < 200; ++bin) {
        const double centre = -4.0 + (bin + 0.5) * 0.04;
        data.counts.push_back(std::round(10000.0 * std::exp(-centre * centre / 0.5) + (centre > 2.0 ? 30.0 : 0.0)));
    }
    data.quantization = QuantizationOverlay{-2.0, 2.0, 4.0 / 255.0};
    return data;
}

} // namespace

class TestHistogramView : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<HistogramView> m_view;

    void showView()
    {
        m_view->resize(560, 360);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

private Q_SLOTS:
    void init() { m_view = std::make_unique<HistogramView>(); }
    void cleanup() { m_view.reset(); }

    void chineseLocaleUsesCjkFont()
    {
        // The default English view keeps VTK's built-in Latin font.
        QVERIFY(m_view->chart()->GetTitleProperties()->GetFontFamily() != VTK_FONT_FILE);

        QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
        const QString font = cjkFontFile();
        const auto chinese = std::make_unique<HistogramView>();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        // installer/deps.sh installs fonts-noto-cjk, so a CJK font must be found.
        QVERIFY2(!font.isEmpty(), "no CJK font found; install fonts-noto-cjk");
        vtkTextProperty* title = chinese->chart()->GetTitleProperties();
        QCOMPARE(title->GetFontFamily(), VTK_FONT_FILE);
        QCOMPARE(QString::fromLocal8Bit(title->GetFontFile()), font);
        QCOMPARE(chinese->chart()->GetAxis(vtkAxis::BOTTOM)->GetTitleProperties()->GetFontFamily(), VTK_FONT_FILE);
        QCOMPARE(chinese->chart()->GetLegend()->GetLabelProperties()->GetFontFamily(), VTK_FONT_FILE);
    }

    void emptyViewDisablesControls()
    {
        QVERIFY(!m_view->findChild<QCheckBox*>(QStringLiteral("logScaleBox"))->isEnabled());
        QVERIFY(!m_view->findChild<QComboBox*>(QStringLiteral("channelBox"))->isEnabled());
        QCOMPARE(m_view->chart()->GetNumberOfPlots(), vtkIdType(0));
        QCOMPARE(m_view->legendText(), QStringLiteral("No histogram is set."));
    }

    void rendersHistogramLikeBaseline()
    {
        showView();
        m_view->setHistogram(bellHistogram());
        const QImage image = m_view->renderWidget()->grabRenderedImage();
        QVERIFY(!image.isNull());
        int bars = 0;
        int clipLines = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QRgb p = image.pixel(x, y);
                if (qBlue(p) > 150 && qRed(p) < 100 && qGreen(p) < 140)
                    ++bars;
                if (qRed(p) > 180 && qGreen(p) < 80 && qBlue(p) < 80)
                    ++clipLines;
            }
        QVERIFY2(bars > 1000, qPrintable(QString::number(bars)));
        QVERIFY2(clipLines > 100, qPrintable(QString::number(clipLines)));
        const QString mismatch = pointq::test::matchBaseline(image, QStringLiteral("histogram_view_bell"));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

    void overlayDrawsLinesAndTicks()
    {
        m_view->setHistogram(bellHistogram());
        QCOMPARE(m_view->chart()->GetNumberOfPlots(), vtkIdType(3));
        QCOMPARE(m_view->gridTickCount(), 256);
        const QString legend = m_view->legendText();
        QVERIFY2(legend.contains(QStringLiteral("[-2, 2]")), qPrintable(legend));
        QVERIFY2(legend.contains(QStringLiteral("256 grid values")), qPrintable(legend));
        // The tail above 2 is clipped, the left side has no counts beyond -2.
        QVERIFY2(legend.contains(QStringLiteral("0.00% below")), qPrintable(legend));
        QVERIFY2(!legend.contains(QStringLiteral("0.00% above")), qPrintable(legend));

        HistogramData plain = bellHistogram();
        plain.quantization.reset();
        m_view->setHistogram(plain);
        QCOMPARE(m_view->chart()->GetNumberOfPlots(), vtkIdType(1));
        QCOMPARE(m_view->gridTickCount(), 0);
        QVERIFY(m_view->legendText().contains(QStringLiteral("no quantization range")));
    }

    void denseGridLeavesTicksOut()
    {
        HistogramData data = bellHistogram();
        data.quantization = QuantizationOverlay{-2.0, 2.0, 1e-5};
        m_view->setHistogram(data);
        QCOMPARE(m_view->gridTickCount(), 0);
        QCOMPARE(m_view->chart()->GetNumberOfPlots(), vtkIdType(2));
        QVERIFY(m_view->legendText().contains(QStringLiteral("ticks are not drawn")));
    }

    void invalidDataThrows_data()
    {
        QTest::addColumn<int>("defect");
        QTest::newRow("no bins") << 0;
        QTest::newRow("empty range") << 1;
        QTest::newRow("negative count") << 2;
        QTest::newRow("channel bin count") << 3;
        QTest::newRow("zero grid step") << 4;
        QTest::newRow("inverted clipping range") << 5;
        QTest::newRow("non-finite count") << 6;
    }

    void invalidDataThrows()
    {
        QFETCH(int, defect);
        HistogramData data = bellHistogram();
        switch (defect) {
        case 0: data.counts.clear(); break;
        case 1: data.maximum = data.minimum; break;
        case 2: data.counts[7] = -1.0; break;
        case 3: data.channels.push_back(ChannelHistogram{{1.0, 2.0}, std::nullopt}); break;
        case 4: data.quantization->gridStep = 0.0; break;
        case 5: data.quantization = QuantizationOverlay{1.0, -1.0, 0.01}; break;
        case 6: data.counts[3] = std::nan(""); break;
        }
        QVERIFY(!histogramDataProblem(data).isEmpty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_view->setHistogram(data));
        QVERIFY(histogramDataProblem(bellHistogram()).isEmpty());
    }

    void logScaleShowsLogCounts()
    {
        m_view->setHistogram(bellHistogram());
        vtkAxis* left = m_view->chart()->GetAxis(vtkAxis::LEFT);
        QVERIFY(left->GetMaximum() > 9000.0);
        QCOMPARE(QString::fromStdString(left->GetTitle()), QStringLiteral("count"));
        m_view->findChild<QCheckBox*>(QStringLiteral("logScaleBox"))->setChecked(true);
        QVERIFY(m_view->logScale());
        QCOMPARE(QString::fromStdString(left->GetTitle()), QStringLiteral("log10(count + 1)"));
        QVERIFY(left->GetMaximum() > 4.0);
        QVERIFY(left->GetMaximum() < 5.0);
    }

    void channelSelectorSwitchesCounts()
    {
        HistogramData data = bellHistogram();
        std::vector<double> flat(200, 5.0);
        std::vector<double> spike(200, 0.0);
        spike[100] = 50.0;
        data.channels.push_back(ChannelHistogram{flat, QuantizationOverlay{-3.0, 3.0, 6.0 / 255.0}});
        data.channels.push_back(ChannelHistogram{spike, std::nullopt});
        m_view->setHistogram(data);
        auto* box = m_view->findChild<QComboBox*>(QStringLiteral("channelBox"));
        QVERIFY(box->isEnabled());
        QCOMPARE(box->count(), 3);
        QCOMPARE(m_view->channel(), -1);

        QSignalSpy changed(m_view.get(), &HistogramView::channelChanged);
        m_view->setChannel(0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toInt(), 0);
        vtkAxis* left = m_view->chart()->GetAxis(vtkAxis::LEFT);
        QVERIFY(left->GetMaximum() < 6.0);
        QVERIFY2(m_view->legendText().contains(QStringLiteral("[-3, 3]")), qPrintable(m_view->legendText()));

        // Channel 1 has no overlay of its own and shows the whole tensor's.
        m_view->setChannel(1);
        QVERIFY(left->GetMaximum() > 50.0 && left->GetMaximum() < 60.0);
        QVERIFY(m_view->legendText().contains(QStringLiteral("[-2, 2]")));

        QVERIFY_THROWS_EXCEPTION(std::out_of_range, m_view->setChannel(2));
        m_view->setChannel(-1);
        QVERIFY(left->GetMaximum() > 9000.0);
    }

    void wheelZoomsAndResetRestores()
    {
        showView();
        m_view->setHistogram(bellHistogram());
        QVERIFY(!m_view->renderWidget()->grabRenderedImage().isNull());
        vtkAxis* bottom = m_view->chart()->GetAxis(vtkAxis::BOTTOM);
        vtkAxis* left = m_view->chart()->GetAxis(vtkAxis::LEFT);
        const double spanBefore = bottom->GetMaximum() - bottom->GetMinimum();
        const double countTop = left->GetMaximum();

        VtkRenderWidget* widget = m_view->renderWidget();
        const QPointF centre(widget->width() / 2.0, widget->height() / 2.0);
        for (int step = 0; step < 5; ++step) {
            QWheelEvent wheel(centre, widget->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                              Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(widget, &wheel);
        }
        const double spanZoomed = bottom->GetMaximum() - bottom->GetMinimum();
        QVERIFY2(spanZoomed < 0.5 * spanBefore, qPrintable(QString("%1 -> %2").arg(spanBefore).arg(spanZoomed)));
        // The wheel zooms values only, so the zero line with the grid ticks stays in view.
        QCOMPARE(left->GetMinimum(), 0.0);
        QCOMPARE(left->GetMaximum(), countTop);
        const QImage zoomed = widget->grabRenderedImage();
        QDir().mkpath(QStringLiteral(POINTQ_TEST_OUTPUT_DIR));
        zoomed.save(QStringLiteral(POINTQ_TEST_OUTPUT_DIR "/histogram_view_zoomed.png"));

        m_view->resetZoom();
        QCOMPARE(bottom->GetMaximum() - bottom->GetMinimum(), spanBefore);
    }
};

int main(int argc, char** argv)
{
    VtkRenderWidget::setDefaultSurfaceFormat();
    QApplication application(argc, argv);
    TestHistogramView test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_histogram_view.moc"
