// Quantize runs from the workbench on the bundled demo. A run on the worker thread adds
// a row without stalling the event loop, and Cancel stops early and writes nothing. A
// second run with stage 1 in FP32 shows its deltas, and the session with both runs
// saves and reopens with the same figures.
#include "StudioTestSupport.h"

#include "CloudPanel.h"
#include "HistogramPanel.h"
#include "MainWindow.h"
#include "ModelPanel.h"
#include "QuantizationPanel.h"
#include "QuantizeRunner.h"
#include "ResultsPanel.h"
#include "SessionController.h"
#include "charts/DeltaChartsView.h"
#include "cloud/PointCloudView.h"
#include "histogram/HistogramView.h"
#include "charts/RunComparisonModel.h"
#include "layers/LayerTableModel.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>

using namespace pointq;
using namespace pointq::studio;
using namespace pointq::studio::testing;

namespace {

constexpr int runTimeoutMs = 15 * 60 * 1000;

// Records the longest time between ticks of a 10 ms timer on the GUI thread.
class EventLoopProbe : public QObject {
public:
    EventLoopProbe()
    {
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            m_maximumGapMs = std::max(m_maximumGapMs, m_clock.restart());
            ++m_ticks;
        });
        m_clock.start();
        m_timer.start();
    }

    qint64 maximumGapMs() const { return m_maximumGapMs; }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_maximumGapMs = 0;
    int m_ticks = 0;
};

} // namespace

class StudioRunTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_folder;

    bool runToEnd(const QString& outputPath = {})
    {
        QSignalSpy ended(m_window.get(), &MainWindow::runEnded);
        m_window->startRun(outputPath);
        return ended.wait(runTimeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->setShowsDialogs(false);
        m_window->show();
        QVERIFY(m_window->openDemo());
        useQuickSettings(*m_window->controller());
        // The first paint of the window compiles the VTK views' shaders, which
        // takes about a second under Xvfb; the probe measures the run, not that.
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->cloudPanel()->isComputing(), 120000);
        QTest::qWait(1000);
    }

    void runAddsRowWithoutBlockingEventLoop()
    {
        const QString output = m_folder.filePath("run1.pq");
        EventLoopProbe probe;
        QElapsedTimer clock;
        clock.start();
        QVERIFY(runToEnd(output));
        const qint64 runMs = clock.elapsed();
        qInfo("run took %lld ms; longest event-loop gap %lld ms over %d probe ticks", runMs, probe.maximumGapMs(),
              probe.ticks());
        QVERIFY2(m_window->controller()->session().runs.size() == 1, "the run did not finish successfully");
        QCOMPARE(m_window->resultsPanel()->comparison()->rowCount(), 1);
        QVERIFY(QFile::exists(output));
        // The goal is 100 ms. The bound is 400 ms because on a shared two-core
        // machine the run's two LibTorch threads and other processes keep the
        // GUI thread off the CPU now and then. Under a load average of 4 the
        // longest gap measured 242 ms, and such gaps were spread over the whole
        // run, not at its start or end. The window's first paint, which compiles the VTK shaders, is one
        // gap of about 1.2 s, so initTestCase lets it pass before the probe starts.
        // The gap bound means something only when the probe sampled the event loop many
        // times during the run. A fast machine still gives well over 20 ticks.
        QVERIFY2(probe.ticks() >= 20, qPrintable(QString("%1 probe ticks in %2 ms").arg(probe.ticks()).arg(runMs)));
        QVERIFY2(probe.maximumGapMs() < 400, qPrintable(QString::number(probe.maximumGapMs())));
        const QuantizeReport& report = m_window->controller()->session().runs.front().report;
        QCOMPARE(report.layers.size(), size_t(18));
        QCOMPARE(report.layerStatistics.size(), size_t(18));
        QVERIFY(report.layerStatistics.front().sqnrMeasured);
        QVERIFY(report.layerStatistics.front().sqnrDb > 10.0);
    }

    void differenceColouringAfterRun()
    {
        CloudPanel* panel = m_window->cloudPanel();
        widgets::PointCloudView* view = panel->view();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isComputing(), 120000);
        QVERIFY2(view->availability(widgets::ColorMode::Scalar) == widgets::ColorModeAvailability::Available,
                 qPrintable(panel->statusText()));
        QVERIFY(view->setColorMode(widgets::ColorMode::Scalar));
        const QString layer = panel->currentLayer();
        QVERIFY2(panel->statusText().contains("FP32-INT8 difference at " + layer + " (run 1)"),
                 qPrintable(panel->statusText()));
        QVERIFY2(view->legendText().contains("FP32-INT8 difference"), qPrintable(view->legendText()));

        // Another layer is computed in the background, and the difference mode stays chosen.
        const QString deeper = "encoder.encoder.3.0.convs.0";
        m_window->modelPanel()->layerView()->setCurrentIndex(m_window->modelPanel()->layerModel()->indexOfLayer(deeper));
        QCOMPARE(panel->currentLayer(), deeper);
        QVERIFY(panel->isComputing());
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isComputing(), 120000);
        QVERIFY(view->colorMode() == widgets::ColorMode::Scalar);
        QVERIFY2(panel->statusText().contains("FP32-INT8 difference at " + deeper), qPrintable(panel->statusText()));
    }

    void layerTableShowsRunFigures()
    {
        widgets::LayerTableModel* model = m_window->modelPanel()->layerModel();
        const QModelIndex stem = model->indexOfLayer("encoder.encoder.0.0.convs.0");
        QVERIFY(stem.isValid());
        QVERIFY(!stem.siblingAtColumn(widgets::LayerTableModel::SqnrColumn).data().toString().isEmpty());
        QVERIFY(stem.siblingAtColumn(widgets::LayerTableModel::RangeColumn).data().toString().startsWith("["));
    }

    void selectingLayerShowsHistograms()
    {
        m_window->histogramPanel()->setLayer("encoder.encoder.1.0.convs.0");
        QCOMPARE(m_window->histogramPanel()->currentLayer(), QString("encoder.encoder.1.0.convs.0"));
        QVERIFY(m_window->histogramPanel()->activationBinCount() > 0);
        QVERIFY(m_window->histogramPanel()->weightBinCount() > 0);
        // An INT8 layer's activations show its clipping range and grid.
        widgets::HistogramView* activations = m_window->histogramPanel()->activationView();
        QVERIFY(activations->histogram().quantization.has_value());
        QVERIFY(activations->gridTickCount() > 0);
        QVERIFY2(m_window->histogramPanel()->detailsText().contains("Run 1: INT8 layer"),
                 qPrintable(m_window->histogramPanel()->detailsText()));
    }

    void cancelStopsRunAndLeavesNoFile()
    {
        const QString output = m_folder.filePath("cancelled.pq");
        QSignalSpy cancelled(m_window->runner(), &QuantizeRunner::cancelled);
        QSignalSpy progress(m_window->runner(), &QuantizeRunner::progressChanged);
        m_window->startRun(output);
        QVERIFY(m_window->runner()->isRunning());
        // Cancel once the FP32 evaluation is under way, the longest stretch of work.
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toDouble() > 0.12, 120000);
        m_window->cancelRun();
        QVERIFY(cancelled.wait(60000));
        qInfo("the run stopped %lld ms after Cancel", m_window->runner()->lastCancelLatencyMs());
        QVERIFY(!QFile::exists(output));
        QCOMPARE(m_window->controller()->session().runs.size(), size_t(1));
        QVERIFY(m_window->quantizationPanel()->runButton()->isEnabled());
        // The bar empties and reads "Cancelled" instead of keeping the value it had at Cancel.
        QCOMPARE(m_window->quantizationPanel()->progressBar()->value(), 0);
        QCOMPARE(m_window->quantizationPanel()->progressBar()->text(), QString("Cancelled"));
        QCOMPARE(m_window->quantizationPanel()->stageText(), QString("Run cancelled; nothing was written"));
        // The job checks the token before every layer, so it stops within one
        // layer's work (58 ms measured under a load average of 4).
        QVERIFY(m_window->runner()->lastCancelLatencyMs() < 1000);
    }

    void secondRunShowsDeltas()
    {
        QVERIFY(m_window->controller()->keepFloatByPattern("stage1", true));
        QVERIFY(runToEnd());
        QCOMPARE(m_window->quantizationPanel()->progressBar()->text(), QString("100%"));
        const auto& runs = m_window->controller()->session().runs;
        QCOMPARE(runs.size(), size_t(2));
        QCOMPARE(runs.back().keptFloat.size(), 3);
        QCOMPARE(m_window->resultsPanel()->comparison()->rowCount(), 2);
        const QString deltas = m_window->resultsPanel()->charts()->deltaText();
        QVERIFY2(deltas.contains("Run 2 against Run 1"), qPrintable(deltas));
        int floatLayers = 0;
        for (const LayerSummary& layer : runs.back().report.layers)
            floatLayers += layer.int8 ? 0 : 1;
        QCOMPARE(floatLayers, 3);

        // The histograms follow the latest run, which kept stage 1 in FP32.
        m_window->histogramPanel()->setLayer(runs.back().keptFloat.front());
        QVERIFY(!m_window->histogramPanel()->activationView()->histogram().quantization.has_value());
        QVERIFY2(m_window->histogramPanel()->detailsText().contains("Run 2: kept in FP32"),
                 qPrintable(m_window->histogramPanel()->detailsText()));
    }

    void sessionSavesAndReopensExactly()
    {
        const QString path = m_folder.filePath("two-runs.pqsession");
        QVERIFY(m_window->controller()->saveSessionFile(path));
        QVERIFY(!m_window->controller()->isModified());

        MainWindow reopened;
        reopened.setShowsDialogs(false);
        QVERIFY(reopened.openPath(path));
        const QByteArray original = QJsonDocument(sessionToJson(m_window->controller()->session())).toJson();
        QCOMPARE(QJsonDocument(sessionToJson(reopened.controller()->session())).toJson(), original);
        QCOMPARE(reopened.controller()->session().keptFloat, m_window->controller()->session().keptFloat);
        QCOMPARE(reopened.resultsPanel()->comparison()->rowCount(), 2);
        QCOMPARE(reopened.resultsPanel()->charts()->deltaText(), m_window->resultsPanel()->charts()->deltaText());
        QCOMPARE(reopened.controller()->filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(!reopened.controller()->isModified());
    }

    void cleanupTestCase()
    {
        m_window->close();
        m_window.reset();
    }
};

int main(int argc, char* argv[])
{
    return runStudioTest<StudioRunTest>(argc, argv);
}

#include "test_studio_run.moc"
