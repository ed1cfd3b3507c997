// The Sensitivity dock's link to the layer table, and File > Export Report on the
// demo session with a sweep result set by hand, so the test needs no long run.
#include "CloudPanel.h"
#include "MainWindow.h"
#include "ModelPanel.h"
#include "SensitivityPanel.h"
#include "SessionController.h"
#include "StudioTestSupport.h"
#include "layers/LayerTableModel.h"
#include "sensitivity/SensitivityView.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>

using namespace pointq;
using namespace pointq::studio;

namespace {

std::unique_ptr<MainWindow> demoWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->setShowsDialogs(false);
    window->show();
    if (!window->openDemo())
        qWarning("the demo session did not load");
    return window;
}

SensitivityResult sweepOf(const QStringList& names)
{
    SensitivityResult result;
    result.clouds = 4;
    result.backend = "onednn INT8 kernels";
    double sqnr = 40.0;
    for (const QString& name : names) {
        LayerSensitivity layer;
        layer.name = name.toStdString();
        layer.stage = "stage1";
        layer.hasOnly = true;
        layer.onlyThis.sqnrDb = sqnr;
        layer.onlyThis.top1Agreement = 100.0;
        sqnr += 5.0;
        result.layers.push_back(layer);
    }
    return result;
}

} // namespace

class StudioReportTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sweepRowSelectsLayerInTable()
    {
        const auto window = demoWindow();
        const QString layer = QStringLiteral("encoder.encoder.1.0.convs.0");
        widgets::SensitivityView* view = window->sensitivityPanel()->view();
        view->setResult(sweepOf({QStringLiteral("prediction.head.4"), layer}));
        QSignalSpy spy(window.get(), &MainWindow::sensitivityLayerSelected);
        view->selectLayer(layer);
        Q_EMIT view->layerSelected(layer);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toString(), layer);
        const QModelIndex current = window->modelPanel()->layerView()->currentIndex();
        QCOMPARE(current.siblingAtColumn(0).data(widgets::LayerTableModel::LayerNameRole).toString(), layer);
        // The 3D view follows with that layer's FP32-INT8 difference, which needs a finished run first.
        QCOMPARE(window->cloudPanel()->currentLayer(), layer);
        QVERIFY2(window->cloudPanel()->statusText().contains("available after a run"),
                 qPrintable(window->cloudPanel()->statusText()));
    }

    void exportWithoutResultsFails()
    {
        const auto window = demoWindow();
        QTemporaryDir folder;
        const QString pdf = folder.filePath("empty.pdf");
        QVERIFY(!window->exportReport(pdf));
        QVERIFY(!QFile::exists(pdf));
    }
};

int main(int argc, char* argv[])
{
    return pointq::studio::testing::runStudioTest<StudioReportTest>(argc, argv);
}

#include "test_studio_report.moc"
