// The Sensitivity dock's link to the layer table, and File > Export Report on the
// demo session: without results, and after a real run, whose report shows the
// session's clouds coloured by the FP32-INT8 error. The PDF is read back with
// pdftotext and rendered with pdftoppm (poppler-utils).
#include "CloudPanel.h"
#include "MainWindow.h"
#include "PdfTestSupport.h"
#include "QuantizeRunner.h"
#include "ModelPanel.h"
#include "SensitivityPanel.h"
#include "SessionController.h"
#include "StudioTestSupport.h"
#include "layers/LayerTableModel.h"
#include "sensitivity/SensitivityView.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>

using namespace pointq;
using namespace pointq::studio;
using namespace pointq::studio::testing;
using pointq::testing::pdfPageCount;
using pointq::testing::pdfText;

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

// The first page after the contents whose text contains heading, or 0.
int pageWithHeading(const QString& pdf, const QString& heading)
{
    const int pages = pdfPageCount(pdf);
    for (int page = 3; page <= pages; ++page)
        if (pdfText(pdf, page, page).contains(heading))
            return page;
    return 0;
}

// Renders one page at 72 dpi (one pixel per PDF point) with pdftoppm.
QImage renderPage(const QString& pdf, int page, const QString& stem)
{
    QProcess process;
    process.start(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("72"), QStringLiteral("-f"),
                                                QString::number(page), QStringLiteral("-l"), QString::number(page),
                                                QStringLiteral("-png"), QStringLiteral("-singlefile"), pdf, stem});
    process.waitForFinished(60000);
    return QImage(stem + QStringLiteral(".png"));
}

// Counts the pixels of a saturated colour (the error scale) lower than margin rows below
// the first such row, so the colour bar above the snapshots is not counted. Text and
// frames are grey or black.
int colouredPixelsBelowColourBar(const QImage& image, int margin)
{
    int firstRow = -1;
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor colour = image.pixelColor(x, y);
            const int spread = std::max({colour.red(), colour.green(), colour.blue()})
                               - std::min({colour.red(), colour.green(), colour.blue()});
            if (spread < 60)
                continue;
            if (firstRow < 0)
                firstRow = y;
            if (y > firstRow + margin)
                ++count;
        }
    }
    return count;
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

    void exportAfterRunDrawsErrorSnapshots()
    {
        const auto window = demoWindow();
        useQuickSettings(*window->controller());
        QTRY_VERIFY_WITH_TIMEOUT(!window->cloudPanel()->isComputing(), 120000);
        QSignalSpy ended(window.get(), &MainWindow::runEnded);
        window->startRun();
        QVERIFY(ended.wait(15 * 60 * 1000));
        QCOMPARE(window->controller()->session().runs.size(), size_t(1));

        QTemporaryDir folder;
        const QString pdf = folder.filePath("run.pdf");
        QVERIFY(window->exportReport(pdf));
        QFile jsonFile(folder.filePath("run.json"));
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonArray snapshots = QJsonDocument::fromJson(jsonFile.readAll()).object()["snapshots"].toArray();
        QCOMPARE(snapshots.size(), 4);
        QVERIFY(snapshots.first().toObject()["max_error"].toDouble() > 0.0);

        const QString heading = QStringLiteral("5. Quantization error on the clouds");
        const int page = pageWithHeading(pdf, heading);
        QVERIFY2(page > 0, qPrintable(pdfText(pdf)));
        const QString text = pdfText(pdf, page, page);
        QVERIFY2(!text.contains("No error snapshots"), qPrintable(text));
        for (const QJsonValue& snapshot : snapshots) {
            const QString title = snapshot.toObject()["title"].toString();
            QVERIFY2(title.startsWith("cloud ") && title.contains(": "), qPrintable(title));
            QVERIFY2(text.contains(title), qPrintable(title + "\n" + text));
        }
        QString compact = text;
        compact.replace(QRegularExpression("\\s+"), " ");
        QVERIFY2(compact.contains("The clouds shown are the first 4 clouds open in the workbench"), qPrintable(compact));
        QVERIFY2(compact.contains("coloured by the INT8 model of run 1"), qPrintable(compact));
        // A long layer name may wrap at a dot.
        QString unspaced = text;
        unspaced.remove(QRegularExpression("\\s"));
        QVERIFY2(unspaced.contains(snapshots.first().toObject()["layer"].toString()), qPrintable(compact));

        // The clouds are vector drawings, so the rendered page shows them, not pdfimages.
        const QString stem = folder.filePath("snapshots");
        const QImage image = renderPage(pdf, page, stem);
        QVERIFY2(!image.isNull(), qPrintable(stem));
        const int coloured = colouredPixelsBelowColourBar(image, 30);
        QVERIFY2(coloured > 2000, qPrintable(QString::number(coloured)));
        const QString keep = qEnvironmentVariable("POINTQ_SCREENSHOT_DIR");
        if (!keep.isEmpty())
            image.save(keep + QStringLiteral("/studio-report-snapshots.png"));

        // Reopened from its file, the session has the run's figures but not its INT8 model.
        const QString sessionPath = folder.filePath("run.pqsession");
        QVERIFY(window->controller()->saveSessionFile(sessionPath));
        MainWindow reopened;
        reopened.setShowsDialogs(false);
        QVERIFY(reopened.openPath(sessionPath));
        const QString reopenedPdf = folder.filePath("reopened.pdf");
        QVERIFY(reopened.exportReport(reopenedPdf));
        QString reopenedText = pdfText(reopenedPdf);
        reopenedText.replace(QRegularExpression("\\s+"), " ");
        QVERIFY2(reopenedText.contains("No error snapshots. The INT8 model of run 1 is not in memory"), qPrintable(reopenedText));
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
