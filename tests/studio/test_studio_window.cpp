// The workbench window on the bundled demo: loading, failing actions that must leave
// the session unchanged, layer selection, skip files, autosave recovery, the command
// line and the Simplified Chinese translation.
#include "StudioTestSupport.h"

#include "Autosave.h"
#include "CloudPanel.h"
#include "DataPanel.h"
#include "HistogramPanel.h"
#include "MainWindow.h"
#include "ModelPanel.h"
#include "QuantizationPanel.h"
#include "SceneLayoutText.h"
#include "StageNames.h"
#include "SessionController.h"
#include "StudioSetup.h"
#include "cloud/PointCloudView.h"
#include "histogram/HistogramView.h"
#include "layers/LayerTableModel.h"
#include "sensitivity/SensitivityTableModel.h"
#include "sensitivity/SensitivityView.h"

#include "analysis/SkipFile.h"
#include "io/LidarFormatInference.h"

#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTranslator>
#include <QTreeView>
#include <QXmlStreamReader>

using namespace pointq;
using namespace pointq::studio;
using namespace pointq::studio::testing;

namespace {

QByteArray sessionBytes(const SessionController& controller)
{
    return QJsonDocument(sessionToJson(controller.session())).toJson();
}

std::unique_ptr<MainWindow> demoWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->setShowsDialogs(false);
    window->show();
    if (!window->openDemo())
        qWarning("the demo session did not load");
    return window;
}

// Waits until the 3D view's background diagnostics of the shown cloud have arrived.
bool waitForDiagnostics(const CloudPanel& panel)
{
    QElapsedTimer clock;
    clock.start();
    while (panel.isComputing() && clock.elapsed() < 120000)
        QTest::qWait(20);
    return !panel.isComputing();
}

void selectLayerRow(MainWindow& window, const QString& name)
{
    const QModelIndex index = window.modelPanel()->layerModel()->indexOfLayer(name);
    if (!index.isValid())
        qWarning("the layer table has no row %s", qPrintable(name));
    window.modelPanel()->layerView()->setCurrentIndex(index);
}

int layerRowCount(const widgets::LayerTableModel& model, const QModelIndex& parent = {})
{
    int layers = 0;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        layers += model.data(index, widgets::LayerTableModel::LayerNameRole).toString().isEmpty() ? 0 : 1;
        layers += layerRowCount(model, index);
    }
    return layers;
}

} // namespace

class StudioWindowTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QSettings().clear(); }

    void demoSessionLoadsModelAndData()
    {
        const auto window = demoWindow();
        SessionController* controller = window->controller();
        QVERIFY(controller->model());
        QVERIFY(controller->data());
        QCOMPARE(controller->data()->inputs.pos.size(0), int64_t(21)); // the held-out shapes of resources/demo/data
        QCOMPARE(layerRowCount(*window->modelPanel()->layerModel()), 18);
        // Stage 0 (stem), stages 1-4, stage 5 (GroupAll) and the head.
        QCOMPARE(window->modelPanel()->layerModel()->rowCount(), 7);
        QVERIFY(window->windowTitle().contains("PointQ Studio"));
        QCOMPARE(window->dataPanel()->currentCloud(), 0);
    }

    void cloudViewTracesSamplingInBackground()
    {
        const auto window = demoWindow();
        CloudPanel* panel = window->cloudPanel();
        widgets::PointCloudView* view = panel->view();
        QCOMPARE(panel->currentCloud(), 0);
        QCOMPARE(view->cloud().size(), int64_t(1024));
        QVERIFY(waitForDiagnostics(*panel));
        QVERIFY(view->availability(widgets::ColorMode::LayerSampling) == widgets::ColorModeAvailability::Available);
        QVERIFY2(panel->statusText().contains("Layer sampling: cloud 0 traced through 6 encoder stages"),
                 qPrintable(panel->statusText()));

        // Stage 1 is the default layer; a layer of stage 3 moves the highlighted centres to stage 3.
        QVERIFY(panel->currentLayer().startsWith("encoder.encoder.1."));
        QVERIFY(view->setColorMode(widgets::ColorMode::LayerSampling));
        QCOMPARE(view->samplingStage(), 1);
        selectLayerRow(*window, "encoder.encoder.3.0.convs.0");
        QCOMPARE(panel->currentLayer(), QString("encoder.encoder.3.0.convs.0"));
        QCOMPARE(view->samplingStage(), 3);
        QVERIFY2(view->legendText().contains("centres of stage 3"), qPrintable(view->legendText()));

        // Another cloud is traced again, and the chosen mode comes back with it.
        window->dataPanel()->setCurrentCloud(7);
        QCOMPARE(panel->currentCloud(), 7);
        QVERIFY(waitForDiagnostics(*panel));
        QVERIFY(view->colorMode() == widgets::ColorMode::LayerSampling);
        QCOMPARE(view->samplingStage(), 3);
        QVERIFY2(panel->statusText().contains("cloud 7"), qPrintable(panel->statusText()));
    }

    void differenceModeExplainsMissingRun()
    {
        const auto window = demoWindow();
        CloudPanel* panel = window->cloudPanel();
        QVERIFY(waitForDiagnostics(*panel));
        widgets::PointCloudView* view = panel->view();
        QVERIFY(view->availability(widgets::ColorMode::Scalar) == widgets::ColorModeAvailability::NoScalars);
        QVERIFY(!view->setColorMode(widgets::ColorMode::Scalar));
        QVERIFY2(panel->statusText().contains("FP32-INT8 difference: available after a run in this window finishes"),
                 qPrintable(panel->statusText()));
        const auto* modeBox = view->findChild<QComboBox*>("colorModeBox");
        QVERIFY(modeBox);
        QCOMPARE(modeBox->itemText(static_cast<int>(widgets::ColorMode::Scalar)), QString("FP32-INT8 difference"));
    }

    void headLayerKeepsCloudLayer()
    {
        const auto window = demoWindow();
        CloudPanel* panel = window->cloudPanel();
        const QString before = panel->currentLayer();
        selectLayerRow(*window, "prediction.head.0");
        QCOMPARE(window->histogramPanel()->currentLayer(), QString("prediction.head.0"));
        QCOMPARE(panel->currentLayer(), before);
        QVERIFY2(panel->statusText().contains("prediction.head.0 is not an encoder layer"),
                 qPrintable(panel->statusText()));
    }

    void histogramsShowWeightsBeforeRun()
    {
        const auto window = demoWindow();
        selectLayerRow(*window, "encoder.encoder.2.0.convs.0");
        HistogramPanel* histograms = window->histogramPanel();
        QCOMPARE(histograms->currentLayer(), QString("encoder.encoder.2.0.convs.0"));
        QCOMPARE(histograms->activationBinCount(), 0);
        QCOMPARE(histograms->weightBinCount(), 64);
        QVERIFY2(histograms->detailsText().contains("no run has measured this layer yet"),
                 qPrintable(histograms->detailsText()));

        // The whole weight has one INT8 step per channel, so only a single channel shows a grid.
        widgets::HistogramView* weights = histograms->weightView();
        QCOMPARE(weights->gridTickCount(), 0);
        QVERIFY(weights->histogram().channels.size() > 1);
        weights->setChannel(5);
        QVERIFY(weights->gridTickCount() > 100);
        QVERIFY2(weights->legendText().contains("step"), qPrintable(weights->legendText()));
        weights->setLogScale(true);
        QVERIFY(weights->logScale());
    }

    void badConfigLeavesSessionUnchanged()
    {
        const auto window = demoWindow();
        SessionController* controller = window->controller();
        const QByteArray before = sessionBytes(*controller);
        const LoadedModel* modelBefore = controller->model();
        QSignalSpy errors(controller, &SessionController::errorOccurred);
        const QString bad = sourceDir() + "/tests/data/cfgs-bad/blocks-strides.yaml";
        QVERIFY(!window->openPath(bad));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.first().at(1).toString().contains("blocks-strides.yaml"), qPrintable(errors.first().at(1).toString()));
        QCOMPARE(sessionBytes(*controller), before);
        QCOMPARE(controller->model(), modelBefore);
    }

    void badCheckpointLeavesSessionUnchanged()
    {
        const auto window = demoWindow();
        SessionController* controller = window->controller();
        const QByteArray before = sessionBytes(*controller);
        QSignalSpy errors(controller, &SessionController::errorOccurred);
        QVERIFY(!window->openPath(QStringLiteral(POINTQ_TEST_DATA_DIR) + "/io/no_data_pkl.pth"));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.first().at(1).toString().contains("no_data_pkl.pth"));
        QCOMPARE(sessionBytes(*controller), before);
    }

    void errorShowsMessageBoxWithCoreText()
    {
        const auto window = demoWindow();
        window->setShowsDialogs(true);
        QString shownText;
        // The message box is modal, so a timer reads and closes it from inside its loop.
        QTimer::singleShot(200, this, [&shownText] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                shownText = box->text();
                box->accept();
            }
        });
        QVERIFY(!window->openPath("/nonexistent/model.pth"));
        QVERIFY2(shownText.contains("/nonexistent/model.pth"), qPrintable(shownText));
    }

    void patternKeepsStageOneInFloat()
    {
        const auto window = demoWindow();
        SessionController* controller = window->controller();
        QVERIFY(controller->keepFloatByPattern("stage1", true));
        QCOMPARE(controller->session().keptFloat.size(), 3);
        for (const QString& name : controller->session().keptFloat)
            QVERIFY(name.startsWith("encoder.encoder.1."));
        QCOMPARE(window->modelPanel()->layerModel()->keptFloatLayers().size(), 3);
        QSignalSpy errors(controller, &SessionController::errorOccurred);
        QVERIFY(!controller->keepFloatByPattern("stage9", true));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(controller->session().keptFloat.size(), 3);
    }

    void checkBoxOfGroupKeepsItsLayers()
    {
        const auto window = demoWindow();
        widgets::LayerTableModel* model = window->modelPanel()->layerModel();
        const QModelIndex head = model->index(model->rowCount() - 1, widgets::LayerTableModel::KeepFloatColumn);
        QVERIFY(model->setData(head, Qt::Checked, Qt::CheckStateRole));
        const QStringList kept = window->controller()->session().keptFloat;
        QCOMPARE(kept.size(), 3);
        for (const QString& name : kept)
            QVERIFY2(name.startsWith("prediction.head."), qPrintable(name));
        QCOMPARE(model->data(head, Qt::CheckStateRole).toInt(), int(Qt::Checked));
    }

    void skipFileRoundTrip()
    {
        QTemporaryDir folder;
        const QString path = folder.filePath("skip.yaml");
        const auto window = demoWindow();
        SessionController* controller = window->controller();
        QVERIFY(controller->keepFloatByPattern("stage1 head", true));
        const QStringList kept = controller->session().keptFloat;
        QVERIFY(controller->saveSkipFile(path));
        QCOMPARE(readSkipFile(path.toStdString()).size(), size_t(6));

        const auto other = demoWindow();
        QVERIFY(other->controller()->loadSkipFile(path));
        QCOMPARE(other->controller()->session().keptFloat, kept);
    }

    void invalidSkipFileKeepsSkipSet()
    {
        QTemporaryDir folder;
        const QString path = folder.filePath("skip.yaml");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("skip:\n  - stage7\n");
        file.close();
        const auto window = demoWindow();
        SessionController* controller = window->controller();
        QVERIFY(controller->keepFloatByPattern("head", true));
        QSignalSpy errors(controller, &SessionController::errorOccurred);
        QVERIFY(!controller->loadSkipFile(path));
        QVERIFY(errors.first().at(1).toString().contains("'stage7' matches no layer"));
        QCOMPARE(controller->session().keptFloat.size(), 3);
    }

    void autosaveIsRecoveredAfterCrash()
    {
        QByteArray before;
        {
            const auto window = demoWindow();
            QVERIFY(window->controller()->keepFloatByPattern("stage2", true));
            window->autosave()->writeNow();
            before = sessionBytes(*window->controller());
            // Destroyed without closeEvent, as in a crash, so the autosave stays.
        }
        QVERIFY(QFile::exists(Autosave::filePath()));
        MainWindow window;
        window.setShowsDialogs(false);
        QVERIFY(window.offerRecovery());
        QCOMPARE(sessionBytes(*window.controller()), before);
        QVERIFY(window.controller()->isModified());
        window.close();
        QVERIFY(!QFile::exists(Autosave::filePath()));
    }

    void settingsPanelChangesSession()
    {
        const auto window = demoWindow();
        QuantizationOptions options = window->quantizationPanel()->options();
        options.observer = "percentile";
        options.calibrationClouds = 12;
        window->quantizationPanel()->setOptions(options);
        // setOptions() does not emit; a user edit does.
        Q_EMIT window->quantizationPanel()->optionsChanged(window->quantizationPanel()->options());
        QCOMPARE(window->controller()->session().quantization.observer, QString("percentile"));
        QCOMPARE(window->controller()->session().quantization.calibrationClouds, 12);
    }

    void commandLineNamesInputs()
    {
        const StartupRequest request = parseCommandLine(
            {"pointq-studio", "--cfg", "a.yaml", "--pretrained", "b.pth", "--data", "d", "model.encoder_args.width=32"});
        QVERIFY2(request.error.isEmpty(), qPrintable(request.error));
        QCOMPARE(request.configPath, QString("a.yaml"));
        QCOMPARE(request.checkpointPath, QString("b.pth"));
        QCOMPARE(request.dataPath, QString("d"));
        QCOMPARE(request.overrides, QStringList{"model.encoder_args.width=32"});
        QVERIFY(!parseCommandLine({"pointq-studio", "--bogus"}).error.isEmpty());
        QVERIFY(!parseCommandLine({"pointq-studio", "x=1"}).error.isEmpty());
        QCOMPARE(parseCommandLine({"pointq-studio", "s.pqsession"}).sessionPath, QString("s.pqsession"));
    }

    void classifierSessionHidesSegmentationControls()
    {
        const auto window = demoWindow();
        QVERIFY(!window->controller()->segmentsScenes());
        auto* dock = window->findChild<QDockWidget*>(QStringLiteral("SegmentationDock"));
        QVERIFY(dock != nullptr);
        QVERIFY(!dock->isVisible());
        QVERIFY(!dock->toggleViewAction()->isEnabled());
        QVERIFY2(dock->toggleViewAction()->toolTip().contains("classifier sessions hide this dock"),
                 qPrintable(dock->toggleViewAction()->toolTip()));
        QSpinBox* votes = window->quantizationPanel()->votesBox();
        QVERIFY(!votes->isEnabled());
        QVERIFY2(votes->toolTip().contains("classifier sessions ignore this setting"), qPrintable(votes->toolTip()));
        // The end of a run enables the other settings again, but not the voting passes.
        window->quantizationPanel()->setRunning(true);
        window->quantizationPanel()->setRunning(false);
        QVERIFY(window->quantizationPanel()->runButton()->isEnabled());
        QVERIFY(!votes->isEnabled());
    }

    void englishPluralForms()
    {
        const auto translate = [](const char* context, const char* text, int n) {
            return QCoreApplication::translate(context, text, nullptr, n);
        };
        QCOMPARE(translate("pointq::widgets::SensitivityView", "%n cloud(s)", 1), QString("1 cloud"));
        QCOMPARE(translate("pointq::widgets::SensitivityView", "%n cloud(s)", 8), QString("8 clouds"));
        QCOMPARE(translate("pointq::studio::MainWindow", "%n real cloud(s)", 1), QString("1 real cloud"));
        QCOMPARE(translate("pointq::studio::SegmentationPanel", "%Ln voting pass(es)", 1), QString("1 voting pass"));
        QCOMPARE(translate("pointq::studio::SegmentationPanel", "%Ln voting pass(es)", 3), QString("3 voting passes"));

        const auto window = demoWindow();
        bool found = false;
        for (const QLabel* label : window->statusBar()->findChildren<QLabel*>())
            found = found || label->text() == QString("%1 real clouds").arg(21);
        QVERIFY(found);
    }

    void layoutTextNamesFailedCheck()
    {
        // 275,808 bytes fit KITTI and x,y,z,r,g,b; the colour check fails, and nuScenes does not fit.
        const LidarFormatGuess guess =
            inferLidarFormat(QStringLiteral(POINTQ_TEST_DATA_DIR "/scans/kitti_000008.bin").toStdString());
        const QString text = SceneLayoutText::describe(guess);
        const QLocale locale;
        QVERIFY2(text.startsWith("Column layout: KITTI, inferred"), qPrintable(text));
        const QString fits = locale.createSeparatedList({QString("KITTI (%1 points)").arg(locale.toString(17238)),
                                                         QString("x,y,z,r,g,b (%1 points)").arg(locale.toString(11492))});
        QVERIFY2(text.contains(QString("%1 bytes fit %2.").arg(locale.toString(275808), fits)), qPrintable(text));
        QVERIFY2(text.endsWith("The colour columns are not all integers from 0 to 255, so the file is not x,y,z,r,g,b "
                               "and is read as KITTI."),
                 qPrintable(text));
        QVERIFY2(!text.contains("nuScenes"), qPrintable(text));
    }

    // Every message of both translation files is translated, and every English plural
    // message has a singular and a plural form that differ.
    void translationFilesComplete()
    {
        for (const QString name : {"pointq_zh_CN.ts", "pointq_en.ts"}) {
            QFile file(sourceDir() + "/resources/translations/" + name);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
            QXmlStreamReader xml(&file);
            QString source;
            QStringList forms;
            int messages = 0;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isStartElement() && xml.name() == QLatin1String("message")) {
                    ++messages;
                    forms.clear();
                } else if (xml.isStartElement() && xml.name() == QLatin1String("source")) {
                    source = xml.readElementText();
                } else if (xml.isStartElement() && xml.name() == QLatin1String("translation")) {
                    QVERIFY2(xml.attributes().value("type").isEmpty(), qPrintable(name + ": " + source));
                } else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
                    forms.append(xml.readElementText());
                } else if (xml.isEndElement() && xml.name() == QLatin1String("message") && name == "pointq_en.ts") {
                    QCOMPARE(forms.size(), 2);
                    QVERIFY2(forms[0] != forms[1], qPrintable(source));
                    QVERIFY2(!forms.join(' ').contains("(s)") && !forms.join(' ').contains("(es)"), qPrintable(source));
                }
            }
            QVERIFY2(!xml.hasError(), qPrintable(name + ": " + xml.errorString()));
            QVERIFY(messages > 10);
        }
    }

    void chineseTranslationTranslatesRun()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::Chinese, QLocale::China), "pointq", "_", ":/i18n"));
        QCOMPARE(translator.translate("pointq::studio::QuantizationPanel", "Run"), QString("运行"));
        QCoreApplication::installTranslator(&translator);
        QuantizationPanel panel;
        QCOMPARE(panel.runButton()->text(), QString("运行"));
        panel.showCancelled(QString());
        QCOMPARE(panel.progressBar()->text(), QString("已取消"));
        QCoreApplication::removeTranslator(&translator);
    }

    void chineseTranslationNamesSweepStages()
    {
        SensitivityResult kernels;
        kernels.engine = "onednn";
        SensitivityResult simulated;
        simulated.settings.bits = 4;
        QCOMPARE(translatedStageName("swept clouds 8 of 24"), QString("Swept clouds 8 of 24"));
        QCOMPARE(widgets::SensitivityView::backendText(kernels), QString("onednn INT8 kernels"));
        QCOMPARE(widgets::SensitivityTableModel::stageTitle("stage3"), QString("Stage 3"));
        QCOMPARE(widgets::SensitivityTableModel::stageTitle("other"), QString("other"));

        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::Chinese, QLocale::China), "pointq", "_", ":/i18n"));
        QCoreApplication::installTranslator(&translator);
        QCOMPARE(translatedStageName("swept clouds 8 of 24"), QString("已扫描 8 / 24 个点云"));
        QCOMPARE(translatedStageName("sweep done"), QString("扫描完成"));
        QCOMPARE(translatedStageName("searching the skip set"), QString("正在搜索跳过集"));
        // A stage the panel does not know stays as core wrote it.
        QCOMPARE(translatedStageName("swept clouds"), QString("swept clouds"));
        QCOMPARE(widgets::SensitivityView::backendText(kernels), QString("onednn INT8 内核"));
        QCOMPARE(widgets::SensitivityView::backendText(simulated), QString("模拟 4 位"));
        QCOMPARE(widgets::SensitivityTableModel::stageTitle("stage3"), QString("阶段 3"));
        QCOMPARE(widgets::SensitivityTableModel::stageTitle("head"), QString("分类头"));
        QCoreApplication::removeTranslator(&translator);
    }
};

int main(int argc, char* argv[])
{
    return runStudioTest<StudioWindowTest>(argc, argv);
}

#include "test_studio_window.moc"
