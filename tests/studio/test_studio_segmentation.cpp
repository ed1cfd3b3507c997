// A segmentation session in the workbench: the S3DIS PointNeXt-S config with random
// weights on the bundled ScanNet scene. The whole scene is shown, the label modes
// give the reason they are disabled before a run, and after a run the flip mode highlights
// exactly the points whose FP32 and INT8 classes differ. A labelled S3DIS scene shows
// its ground truth, and a truncated scene file fails with a dialog that names the
// file while the session stays as it was. With POINTQ_SCREENSHOT_DIR set, the flip
// view is saved as studio-segmentation-flips.png.
#include "StudioTestSupport.h"

#include "CloudPanel.h"
#include "DataPanel.h"
#include "MainWindow.h"
#include "QuantizationPanel.h"
#include "QuantizeRunner.h"
#include "ResultsPanel.h"
#include "SceneLayoutText.h"
#include "SegmentationPanel.h"
#include "SessionController.h"
#include "charts/RunComparisonModel.h"
#include "cloud/PointCloudView.h"

#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QTranslator>

#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkUnsignedCharArray.h>

using namespace pointq;
using namespace pointq::studio;
using namespace pointq::studio::testing;
using widgets::ColorMode;
using widgets::ColorModeAvailability;

namespace {

constexpr int runTimeoutMs = 10 * 60 * 1000;

QString segmentationConfig()
{
    return sourceDir() + QStringLiteral("/cfgs/s3dis/pointnext-s.yaml");
}

QString scanNetScene()
{
    return QStringLiteral(POINTQ_TEST_DATA_DIR) + QStringLiteral("/scans/scannet_scene0000_00.bin");
}

QString labelledScene()
{
    return QStringLiteral(POINTQ_TEST_DATA_DIR) + QStringLiteral("/scans/s3dis_area1_office2_points.bin");
}

// The RGB colour the view gives a point in the current mode.
std::array<uint8_t, 3> shownColor(widgets::PointCloudView* view, int64_t row)
{
    auto* colors = vtkUnsignedCharArray::SafeDownCast(view->cloudData()->GetPointData()->GetScalars());
    if (!colors || colors->GetNumberOfComponents() != 3)
        return {0, 0, 0};
    return {colors->GetValue(3 * row), colors->GetValue(3 * row + 1), colors->GetValue(3 * row + 2)};
}

QString colorText(const std::array<uint8_t, 3>& rgb)
{
    return QStringLiteral("(%1, %2, %3)").arg(rgb[0]).arg(rgb[1]).arg(rgb[2]);
}

} // namespace

class StudioSegmentationTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_folder;

    widgets::PointCloudView* view() const { return m_window->cloudPanel()->view(); }

    const SegmentationComparison& lastScene() const
    {
        return m_window->controller()->session().runs.back().report.scene;
    }

    bool runToEnd()
    {
        QSignalSpy ended(m_window.get(), &MainWindow::runEnded);
        const size_t before = m_window->controller()->session().runs.size();
        m_window->startRun();
        return ended.wait(runTimeoutMs) && m_window->controller()->session().runs.size() == before + 1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_folder.isValid());
        m_window = std::make_unique<MainWindow>();
        m_window->setShowsDialogs(false);
        m_window->resize(1600, 1000);
        m_window->show();
        // Random weights: no checkpoint, as `pointq quantize` allows. The seed fixes them,
        // and so the run. With seed 2 the classes vary over the scene and INT8 changes
        // 13-15% of the points. Seeds 1 and 4 give one class everywhere, with margins that
        // INT8 never crosses (measured with this config and scene).
        at::manual_seed(2);
        QVERIFY(m_window->controller()->openInputs(segmentationConfig(), {}, scanNetScene(), {}));
        QuantizationOptions options = m_window->controller()->session().quantization;
        options.calibrationClouds = 2;
        options.warmupRuns = 1;
        options.timedRuns = 2;
        // Two voting passes instead of the full coverage keep the run short.
        options.votes = 2;
        // Clipping at the 99th percentile coarsens the activations enough that INT8
        // changes the class of some points even where random weights give wide margins.
        options.observer = QStringLiteral("percentile");
        options.percentile = 99.0;
        m_window->controller()->setQuantization(options);
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void sceneShownWhole()
    {
        QVERIFY(m_window->controller()->segmentsScenes());
        QCOMPARE(m_window->quantizationPanel()->options().votes, 2);
        QVERIFY(m_window->controller()->scene() != nullptr);
        QVERIFY(m_window->controller()->data() == nullptr);
        // x, y, z, r, g, b float32 rows: 24 bytes a point.
        const int64_t points = QFileInfo(scanNetScene()).size() / 24;
        QCOMPARE(view()->cloud().size(), points);
        QCOMPARE(view()->drawnPointCount(), points);
        QVERIFY(view()->availability(ColorMode::Rgb) == ColorModeAvailability::Available);
        const QString status = m_window->cloudPanel()->statusText();
        QVERIFY2(status.contains("Random weights"), qPrintable(status));
        QVERIFY2(status.contains("read as x,y,z,r,g,b"), qPrintable(status));
        QVERIFY2(status.contains("Layer sampling: not available for segmentation models"), qPrintable(status));
        // The scene's line states the layout rule in the workbench's words, not core's.
        const SegmentationScene* scene = m_window->controller()->scene();
        QVERIFY(scene->inferredFormat.has_value());
        const QString layout = SceneLayoutText::describe(*scene->inferredFormat);
        QVERIFY2(status.contains(layout), qPrintable(status));
        QVERIFY2(m_window->dataPanel()->descriptionText().contains(layout), qPrintable(m_window->dataPanel()->descriptionText()));
        // 976,416 bytes: 61,026 KITTI records of 16 bytes or 40,684 x,y,z,r,g,b records of 24.
        const QLocale locale;
        const QString fits = locale.createSeparatedList({QString("KITTI (%1 points)").arg(locale.toString(61026)),
                                                         QString("x,y,z,r,g,b (%1 points)").arg(locale.toString(40684))});
        QVERIFY2(layout.contains(QString("%1 bytes fit %2.").arg(locale.toString(976416), fits)), qPrintable(layout));
        QVERIFY2(layout.contains("Every colour column holds integers from 0 to 255"), qPrintable(layout));
        QVERIFY2(!status.contains("--lidar-format"), qPrintable(status));
    }

    void segmentationControlsShown()
    {
        auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("SegmentationDock"));
        QVERIFY(dock->isVisibleTo(m_window.get()));
        QVERIFY(dock->toggleViewAction()->isEnabled());
        QSpinBox* votes = m_window->quantizationPanel()->votesBox();
        QVERIFY(votes->isEnabled());
        QVERIFY2(votes->toolTip().contains("voting passes over the voxels"), qPrintable(votes->toolTip()));
    }

    void sceneLineTranslatedToChinese()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::Chinese, QLocale::China), "pointq", "_", ":/i18n"));
        QCoreApplication::installTranslator(&translator);
        // A new panel words the open scene with the translator installed.
        const QString text = DataPanel(m_window->controller()).descriptionText();
        QCoreApplication::removeTranslator(&translator);

        QVERIFY2(text.contains("x,y,z,r,g,b"), qPrintable(text));
        QVERIFY2(text.contains(QLocale().toString(976416)), qPrintable(text));
        // Left after the layout names, the file suffix and the metric and precision names that
        // the Chinese text keeps, a Latin word would be untranslated English.
        QString rest = text;
        for (const char* name : {"x,y,z,r,g,b", "KITTI", "nuScenes", ".bin", "mIoU", "INT8", "FP32"})
            rest.remove(QLatin1String(name));
        const QRegularExpressionMatch english = QRegularExpression("[A-Za-z]{2,}").match(rest);
        QVERIFY2(!english.hasMatch(), qPrintable(english.captured() + " in: " + text));
    }

    void labelModesDisabledBeforeRun()
    {
        QVERIFY(view()->labelModesVisible());
        for (ColorMode mode : {ColorMode::Fp32Label, ColorMode::Int8Label, ColorMode::LabelFlips}) {
            QVERIFY(view()->availability(mode) == ColorModeAvailability::NoPredictions);
            QVERIFY2(view()->colorModeToolTip(mode).contains("available after a run in this window finishes"),
                     qPrintable(view()->colorModeToolTip(mode)));
            QVERIFY(!view()->setColorMode(mode));
        }
        // The ScanNet export has no label file beside it.
        QVERIFY(view()->availability(ColorMode::GroundTruth) == ColorModeAvailability::NoGroundTruth);
        QVERIFY2(view()->colorModeToolTip(ColorMode::GroundTruth).contains("no labels"),
                 qPrintable(view()->colorModeToolTip(ColorMode::GroundTruth)));
        QVERIFY2(m_window->cloudPanel()->statusText().contains("available after a run in this window finishes"),
                 qPrintable(m_window->cloudPanel()->statusText()));
    }

    void dataDockAsksForSceneFile()
    {
        auto* button = m_window->dataPanel()->findChild<QToolButton*>();
        QVERIFY(button != nullptr);
        QString title;
        QTimer::singleShot(500, this, [&title] {
            if (auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
                title = dialog->windowTitle();
                dialog->reject();
            }
        });
        button->click();
        // A segmentation session opens a scene file, not a data set folder.
        QCOMPARE(title, QString("Open Scene"));
        QCOMPARE(m_window->controller()->session().dataPath, QFileInfo(scanNetScene()).absoluteFilePath());
    }

    void runShowsSegmentationFigures()
    {
        QElapsedTimer clock;
        clock.start();
        QVERIFY(runToEnd());
        qInfo("the scene run took %lld ms; point agreement %.4f", clock.elapsed(),
              m_window->controller()->session().runs.back().report.scene.pointAgreement);
        const QuantizeReport& report = m_window->controller()->session().runs.back().report;
        QVERIFY(report.segmentation);
        QVERIFY(!report.scene.labelled);
        QCOMPARE(report.scene.passes, int64_t(2));
        QCOMPARE(report.scene.fp32Labels.size(0), view()->cloud().size());

        widgets::RunComparisonModel* comparison = m_window->resultsPanel()->comparison();
        QCOMPARE(comparison->rowCount(), 1);
        const QString agreement =
            comparison->index(0, widgets::RunComparisonModel::AgreementColumn).data().toString();
        QCOMPARE(agreement, QLocale().toString(100.0 * report.scene.pointAgreement, 'f', 2));
        QCOMPARE(comparison->index(0, widgets::RunComparisonModel::Int8MeanIoUColumn).data().toString(),
                 QString("no labels"));

        SegmentationPanel* panel = m_window->segmentationPanel();
        QCOMPARE(panel->classTable()->rowCount(), 13);
        QCOMPARE(panel->classTable()->item(0, SegmentationPanel::ClassColumn)->text(), QString("ceiling"));
        QVERIFY2(panel->summaryText().contains("Point agreement"), qPrintable(panel->summaryText()));
        // Counts take English plural forms, e.g. "2 voting passes of the 9 that cover every point".
        QVERIFY2(panel->summaryText().contains(QString("2 voting passes of the %1 that cover every point")
                                                   .arg(QLocale().toString(report.scene.passesForFullCoverage))),
                 qPrintable(panel->summaryText()));
        QVERIFY2(!panel->summaryText().contains("(s)") && !panel->summaryText().contains("(es)"),
                 qPrintable(panel->summaryText()));
        QVERIFY2(panel->summaryText().contains("Random weights"), qPrintable(panel->summaryText()));
    }

    void flipModeHighlightsDifferingPoints()
    {
        const SegmentationComparison& scene = lastScene();
        const int64_t differing = scene.fp32Labels.ne(scene.int8Labels).sum().item<int64_t>();
        // Random weights give nearly equal logits, so INT8 flips some points.
        QVERIFY2(differing > 0, "INT8 changed no point, so the flip mode has nothing to show");
        QVERIFY(view()->setColorMode(ColorMode::LabelFlips));
        QCOMPARE(view()->flippedPointCount(), differing);
        QCOMPARE(view()->highlightedPointCount(), differing);

        const widgets::FlipPalette palette;
        const std::array<uint8_t, 3> flippedColor{palette.flipped[0], palette.flipped[1], palette.flipped[2]};
        int64_t shownFlipped = 0;
        for (int64_t row = 0; row < view()->cloud().size(); ++row)
            shownFlipped += shownColor(view(), row) == flippedColor ? 1 : 0;
        QCOMPARE(shownFlipped, differing);

        const QString count = QLocale().toString(static_cast<qint64>(differing));
        QVERIFY2(view()->legendText().contains(QString::number(differing)), qPrintable(view()->legendText()));
        QVERIFY2(m_window->cloudPanel()->statusText().contains(count + " of "),
                 qPrintable(m_window->cloudPanel()->statusText()));
    }

    void labelModesColourByClass()
    {
        const SegmentationComparison& scene = lastScene();
        const int64_t last = view()->cloud().size() - 1;
        const std::pair<ColorMode, at::Tensor> modes[] = {{ColorMode::Fp32Label, scene.fp32Labels},
                                                           {ColorMode::Int8Label, scene.int8Labels}};
        for (const auto& [mode, labels] : modes) {
            QVERIFY(view()->setColorMode(mode));
            for (int64_t row : {int64_t(0), last / 3, last / 2, last}) {
                const int64_t label = labels[row].item<int64_t>();
                QVERIFY(label >= 0 && label < 13);
                const std::array<uint8_t, 3> shown = shownColor(view(), row);
                QVERIFY2(shown == widgets::classColor(label),
                         qPrintable(QString("row %1 of class %2 is %3").arg(row).arg(label).arg(colorText(shown))));
            }
        }
        QVERIFY2(view()->legendText().contains("points per class"), qPrintable(view()->legendText()));
    }

    void reportOfSceneRunExports()
    {
        const QString pdf = m_folder.filePath("scene-report.pdf");
        QVERIFY(m_window->exportReport(pdf));
        QVERIFY(QFileInfo(pdf).size() > 0);
        QFile json(m_folder.filePath("scene-report.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray text = json.readAll();
        QVERIFY2(text.contains("scannet_scene0000_00.bin"), text.left(400).constData());
        // The JSON beside the PDF carries the scene figures of the run.
        QVERIFY2(text.contains("\"segmentation\""), text.left(400).constData());
        QVERIFY2(text.contains("\"point_agreement\""), text.left(400).constData());
        // The PDF states why it has no error snapshots.
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        QVERIFY(pdftotext.waitForFinished(60000));
        QString pdfText = QString::fromUtf8(pdftotext.readAllStandardOutput());
        pdfText.replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" "));
        QVERIFY2(pdfText.contains("No error snapshots. Error snapshots are drawn for classification models only."),
                 qPrintable(pdfText));
    }

    void screenshotOfFlips()
    {
        const QString folder = qEnvironmentVariable("POINTQ_SCREENSHOT_DIR");
        if (folder.isEmpty())
            QSKIP("set POINTQ_SCREENSHOT_DIR to a folder to take the screenshot");
        QVERIFY(view()->setColorMode(ColorMode::LabelFlips));
        view()->setPointSize(3.0);
        m_window->findChild<QDockWidget*>(QStringLiteral("SegmentationDock"))->raise();
        QTest::qWait(800);
        const QString path = folder + QStringLiteral("/studio-segmentation-flips.png");
        QVERIFY2(m_window->grab().save(path), qPrintable(path));
        qInfo("wrote %s", qPrintable(path));
    }

    void cancelStopsSceneRun()
    {
        QSignalSpy cancelled(m_window->runner(), &QuantizeRunner::cancelled);
        QSignalSpy progress(m_window->runner(), &QuantizeRunner::progressChanged);
        const size_t before = m_window->controller()->session().runs.size();
        m_window->startRun();
        QVERIFY(m_window->runner()->isRunning());
        // Cancel while the scene is evaluated, after calibration and conversion.
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toDouble() > 0.25, 120000);
        m_window->cancelRun();
        QVERIFY(cancelled.wait(60000));
        qInfo("the scene run stopped %lld ms after Cancel", m_window->runner()->lastCancelLatencyMs());
        QCOMPARE(m_window->controller()->session().runs.size(), before);
        QVERIFY(m_window->quantizationPanel()->runButton()->isEnabled());
        // Both models check the token before every layer, but grouping a whole scene
        // chunk runs between two checks: 1.3 s measured on 2 shared cores.
        QVERIFY(m_window->runner()->lastCancelLatencyMs() < 5000);
        // The predictions of the finished run stay on screen.
        QVERIFY(view()->availability(ColorMode::LabelFlips) == ColorModeAvailability::Available);
    }

    void sessionKeepsSegmentationFigures()
    {
        const QString path = m_folder.filePath("scene.pqsession");
        QVERIFY(m_window->controller()->saveSessionFile(path));
        MainWindow reopened;
        reopened.setShowsDialogs(false);
        QVERIFY(reopened.openPath(path));
        const auto& runs = reopened.controller()->session().runs;
        QCOMPARE(runs.size(), size_t(1));
        QVERIFY(runs.front().report.segmentation);
        QCOMPARE(runs.front().report.scene.pointAgreement, lastScene().pointAgreement);
        QCOMPARE(runs.front().report.scene.int8AgainstFp32.classIoU.size(), size_t(13));
        QCOMPARE(reopened.segmentationPanel()->classTable()->rowCount(), 13);
        QCOMPARE(reopened.controller()->session().quantization.votes, 2);
        // The per-point labels are not saved, so the reopened view waits for a run.
        QVERIFY(reopened.cloudPanel()->view()->availability(ColorMode::LabelFlips)
                == ColorModeAvailability::NoPredictions);
    }

    void labelledSceneShowsGroundTruth()
    {
        QVERIFY(m_window->openPath(labelledScene()));
        const SegmentationScene* scene = m_window->controller()->scene();
        QVERIFY(scene != nullptr);
        QVERIFY(QString::fromStdString(scene->labelsSource).endsWith("s3dis_area1_office2_semantic.bin"));
        QCOMPARE(view()->cloud().size(), scene->cloud.size());
        QVERIFY(view()->setColorMode(ColorMode::GroundTruth));
        for (int64_t row : {int64_t(0), int64_t(37), scene->cloud.size() - 1}) {
            const int64_t label = scene->cloud.labels[row].item<int64_t>();
            const std::array<uint8_t, 3> shown = shownColor(view(), row);
            QVERIFY2(shown == widgets::classColor(label),
                     qPrintable(QString("row %1 of class %2 is %3").arg(row).arg(label).arg(colorText(shown))));
        }
        // The predictions of run 1 belong to the ScanNet scene.
        QVERIFY(view()->availability(ColorMode::Fp32Label) == ColorModeAvailability::NoPredictions);
        QVERIFY2(view()->colorModeToolTip(ColorMode::Fp32Label).contains("run 1 predicted another scene"),
                 qPrintable(view()->colorModeToolTip(ColorMode::Fp32Label)));
    }

    void runOnTooSmallSceneFails()
    {
        // The labelled S3DIS excerpt has 100 points, fewer than the 256 the encoder's strides need.
        QSignalSpy failed(m_window->runner(), &QuantizeRunner::failed);
        const size_t before = m_window->controller()->session().runs.size();
        QVERIFY(!runToEnd());
        QCOMPARE(failed.size(), 1);
        const QString message = failed.front().at(0).toString();
        QVERIFY2(message.contains(labelledScene()), qPrintable(message));
        QVERIFY2(message.contains("at least 256"), qPrintable(message));
        QCOMPARE(m_window->controller()->session().runs.size(), before);
        QCOMPARE(m_window->quantizationPanel()->stageText(), QString("Run failed"));
        QVERIFY(m_window->controller()->scene() != nullptr);
    }

    void truncatedSceneKeepsSession()
    {
        // 1003 bytes: no whole number of 16-, 20- or 24-byte records.
        QFile source(scanNetScene());
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QString broken = m_folder.filePath("scene_cut.bin");
        QFile target(broken);
        QVERIFY(target.open(QIODevice::WriteOnly));
        target.write(source.read(1003));
        target.close();

        const Session before = m_window->controller()->session();
        const int64_t shownPoints = view()->cloud().size();
        QSignalSpy errors(m_window->controller(), &SessionController::errorOccurred);
        QString dialogText;
        m_window->setShowsDialogs(true);
        QTimer::singleShot(500, this, [&dialogText] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                dialogText = box->text();
                box->accept();
            }
        });
        QVERIFY(!m_window->openPath(broken));
        m_window->setShowsDialogs(false);

        QCOMPARE(errors.size(), 1);
        const QString message = errors.front().at(1).toString();
        QVERIFY2(message.contains(broken), qPrintable(message));
        QVERIFY2(message.contains("fits no LiDAR format"), qPrintable(message));
        QCOMPARE(dialogText, message);
        QVERIFY2(m_window->statusBar()->currentMessage().contains("failed"),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(m_window->controller()->session().dataPath, before.dataPath);
        QCOMPARE(m_window->controller()->session().runs.size(), before.runs.size());
        QVERIFY(m_window->controller()->scene() != nullptr);
        QCOMPARE(view()->cloud().size(), shownPoints);
    }

    void wrongFormatSceneNamesFile()
    {
        const QString broken = m_folder.filePath("notes.ply");
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a PLY file\n");
        file.close();
        QSignalSpy errors(m_window->controller(), &SessionController::errorOccurred);
        QVERIFY(!m_window->openPath(broken));
        QCOMPARE(errors.size(), 1);
        const QString message = errors.front().at(1).toString();
        QVERIFY2(message.contains(broken), qPrintable(message));
        QVERIFY(m_window->controller()->scene() != nullptr);
    }

    void classifierConfigClosesScene()
    {
        QSignalSpy notices(m_window->controller(), &SessionController::noticeIssued);
        QVERIFY(m_window->openPath(demoConfig()));
        QCOMPARE(notices.size(), 1);
        QVERIFY2(notices.front().at(0).toString().contains("s3dis_area1_office2_points.bin"),
                 qPrintable(notices.front().at(0).toString()));
        QVERIFY(m_window->controller()->session().dataPath.isEmpty());
        QVERIFY(m_window->controller()->scene() == nullptr);
        QVERIFY(!view()->labelModesVisible());
        QVERIFY(view()->availability(ColorMode::Fp32Label) != ColorModeAvailability::Available);
        // A classifier session hides the scene figures and disables the voting passes.
        auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("SegmentationDock"));
        QVERIFY(!dock->isVisibleTo(m_window.get()));
        QVERIFY(!dock->toggleViewAction()->isEnabled());
        QVERIFY(!m_window->quantizationPanel()->votesBox()->isEnabled());
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
    return runStudioTest<StudioSegmentationTest>(argc, argv);
}

#include "test_studio_segmentation.moc"
