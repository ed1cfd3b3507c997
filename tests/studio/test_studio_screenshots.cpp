// Screenshots of the workbench for the documentation, taken when POINTQ_SCREENSHOT_DIR
// names a folder: the ModelNet40 parity session, a layer's histograms after a run, the
// cloud coloured by a layer's FP32-INT8 difference, and the charts after two runs, the
// second with stage 1 kept in FP32. Without the variable it skips.
#include "StudioTestSupport.h"

#include "CloudPanel.h"
#include "HistogramPanel.h"
#include "MainWindow.h"
#include "DataPanel.h"
#include "ModelPanel.h"
#include "ResultsPanel.h"
#include "SessionController.h"
#include "cloud/PointCloudView.h"
#include "histogram/HistogramView.h"
#include "layers/LayerTableModel.h"

#include <QDockWidget>
#include <QSignalSpy>
#include <QTreeView>

using namespace pointq;
using namespace pointq::studio;

class StudioScreenshotTest : public QObject {
    Q_OBJECT

private:
    QString m_folder;
    std::unique_ptr<MainWindow> m_window;

    void save(QWidget* widget, const QString& name)
    {
        QTest::qWait(500);
        const QString path = m_folder + QLatin1Char('/') + name;
        QVERIFY2(widget->grab().save(path), qPrintable(path));
        qInfo("wrote %s", qPrintable(path));
    }

    bool runToEnd()
    {
        QSignalSpy ended(m_window.get(), &MainWindow::runEnded);
        const size_t before = m_window->controller()->session().runs.size();
        m_window->startRun();
        return ended.wait(15 * 60 * 1000) && m_window->controller()->session().runs.size() == before + 1;
    }

    QDockWidget* dock(const QString& objectName) const { return m_window->findChild<QDockWidget*>(objectName); }

private Q_SLOTS:
    void initTestCase()
    {
        m_folder = qEnvironmentVariable("POINTQ_SCREENSHOT_DIR");
        if (m_folder.isEmpty())
            QSKIP("set POINTQ_SCREENSHOT_DIR to a folder to take screenshots");
        m_window = std::make_unique<MainWindow>();
        m_window->setShowsDialogs(false);
        m_window->resize(1600, 1000);
        m_window->show();
        // The trained PointNeXt-S of the parity tests and the bundled real ModelNet40 shapes.
        QVERIFY(m_window->controller()->openInputs(testing::demoConfig(), testing::demoCheckpoint(),
                                                   testing::demoData(), {}));
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->cloudPanel()->isComputing(), 120000);
        QuantizationOptions options = m_window->controller()->session().quantization;
        options.calibrationClouds = 32;
        options.warmupRuns = 2;
        options.timedRuns = 10;
        m_window->controller()->setQuantization(options);
    }

    void demoSession()
    {
        m_window->dataPanel()->setCurrentCloud(3);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->cloudPanel()->isComputing(), 120000);
        const QString layer = QStringLiteral("encoder.encoder.2.0.convs.0");
        m_window->modelPanel()->layerView()->setCurrentIndex(m_window->modelPanel()->layerModel()->indexOfLayer(layer));
        QCOMPARE(m_window->cloudPanel()->currentLayer(), layer);
        QVERIFY(m_window->cloudPanel()->view()->setColorMode(widgets::ColorMode::LayerSampling));
        m_window->cloudPanel()->view()->setSamplingSelection(2, 40);
        m_window->cloudPanel()->view()->setPointSize(4.0);
        save(m_window.get(), QStringLiteral("studio-demo-session.png"));
    }

    void histogramAfterRun()
    {
        QVERIFY(runToEnd());
        const QString layer = QStringLiteral("encoder.encoder.1.0.convs.0");
        const QModelIndex index = m_window->modelPanel()->layerModel()->indexOfLayer(layer);
        QVERIFY(index.isValid());
        m_window->modelPanel()->layerView()->setCurrentIndex(index);
        QCOMPARE(m_window->histogramPanel()->currentLayer(), layer);
        QDockWidget* histograms = dock(QStringLiteral("HistogramDock"));
        histograms->raise();
        m_window->histogramPanel()->weightView()->setChannel(3);
        QVERIFY(m_window->histogramPanel()->activationView()->gridTickCount() > 0);
        save(histograms, QStringLiteral("studio-layer-histogram.png"));
    }

    void cloudDifferenceAfterRun()
    {
        CloudPanel* panel = m_window->cloudPanel();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isComputing(), 120000);
        QVERIFY2(panel->view()->setColorMode(widgets::ColorMode::Scalar), qPrintable(panel->statusText()));
        save(panel, QStringLiteral("studio-cloud-difference.png"));
    }

    void chartsAfterTwoRuns()
    {
        QVERIFY(m_window->controller()->keepFloatByPattern(QStringLiteral("stage1"), true));
        QVERIFY(runToEnd());
        dock(QStringLiteral("ResultsDock"))->raise();
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->cloudPanel()->isComputing(), 120000);
        save(m_window.get(), QStringLiteral("studio-two-runs.png"));
        save(dock(QStringLiteral("ResultsDock")), QStringLiteral("studio-delta-charts.png"));
    }

    void cleanupTestCase()
    {
        if (m_window)
            m_window->close();
        m_window.reset();
    }
};

int main(int argc, char* argv[])
{
    return pointq::studio::testing::runStudioTest<StudioScreenshotTest>(argc, argv);
}

#include "test_studio_screenshots.moc"
