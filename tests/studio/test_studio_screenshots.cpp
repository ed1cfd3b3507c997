// Screenshots of the workbench for the documentation, taken when POINTQ_SCREENSHOT_DIR
// names a folder: the demo session, a layer's histograms after a run, and the charts
// after two runs, the second with stage 1 kept in FP32. Without the variable it skips.
#include "StudioTestSupport.h"

#include "HistogramPanel.h"
#include "MainWindow.h"
#include "ModelPanel.h"
#include "ResultsPanel.h"
#include "SessionController.h"
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
        QVERIFY(m_window->openDemo());
        QuantizationOptions options = m_window->controller()->session().quantization;
        options.calibrationClouds = 32;
        options.warmupRuns = 2;
        options.timedRuns = 10;
        m_window->controller()->setQuantization(options);
    }

    void demoSession() { save(m_window.get(), QStringLiteral("studio-demo-session.png")); }

    void histogramAfterRun()
    {
        QVERIFY(runToEnd());
        const QString layer = QStringLiteral("encoder.encoder.1.0.convs.0");
        const QModelIndex index = m_window->modelPanel()->layerModel()->indexOfLayer(layer);
        QVERIFY(index.isValid());
        m_window->modelPanel()->layerView()->setCurrentIndex(index);
        QCOMPARE(m_window->histogramPanel()->currentLayer(), layer);
        save(dock(QStringLiteral("HistogramDock")), QStringLiteral("studio-layer-histogram.png"));
    }

    void chartsAfterTwoRuns()
    {
        QVERIFY(m_window->controller()->keepFloatByPattern(QStringLiteral("stage1"), true));
        QVERIFY(runToEnd());
        dock(QStringLiteral("ResultsDock"))->raise();
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
