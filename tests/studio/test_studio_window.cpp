// The workbench window on the bundled demo: loading, failing actions that must leave
// the session unchanged, layer selection, skip files, autosave recovery, the command
// line and the Simplified Chinese translation.
#include "StudioTestSupport.h"

#include "Autosave.h"
#include "DataPanel.h"
#include "MainWindow.h"
#include "ModelPanel.h"
#include "QuantizationPanel.h"
#include "SessionController.h"
#include "StudioSetup.h"
#include "layers/LayerTableModel.h"

#include "analysis/SkipFile.h"

#include <QFile>
#include <QJsonDocument>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTranslator>
#include <QTreeView>

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

    void chineseTranslationTranslatesRun()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::Chinese, QLocale::China), "pointq", "_", ":/i18n"));
        QCOMPARE(translator.translate("pointq::studio::QuantizationPanel", "Run"), QString("运行"));
        QCoreApplication::installTranslator(&translator);
        QuantizationPanel panel;
        QCOMPARE(panel.runButton()->text(), QString("运行"));
        QCoreApplication::removeTranslator(&translator);
    }
};

int main(int argc, char* argv[])
{
    return runStudioTest<StudioWindowTest>(argc, argv);
}

#include "test_studio_window.moc"
