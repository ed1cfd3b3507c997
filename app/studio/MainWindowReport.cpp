// The Sensitivity dock and File > Export Report in the main window.
#include "MainWindow.h"

#include "CloudPanel.h"
#include "ModelPanel.h"
#include "SensitivityPanel.h"
#include "SessionController.h"
#include "common/Errors.h"
#include "common/Files.h"
#include "common/SystemInfo.h"
#include "layers/LayerTableModel.h"
#include "report/ReportExport.h"
#include "report/ReportWriter.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>
#include <QTreeView>

namespace pointq::studio {

QDockWidget* MainWindow::createSensitivityDock()
{
    m_sensitivityPanel = new SensitivityPanel(m_controller, this);
    QDockWidget* dock = addDock(m_sensitivityPanel, tr("Sensitivity"), QStringLiteral("SensitivityDock"), Qt::RightDockWidgetArea);
    // Selecting a layer in the sweep selects it in the layer table, which shows its histograms,
    // and colours the cloud by that layer's per-point FP32-INT8 difference.
    connect(m_sensitivityPanel, &SensitivityPanel::layerSelected, this, &MainWindow::selectLayerInTable);
    connect(this, &MainWindow::sensitivityLayerSelected, m_cloudPanel, &CloudPanel::showLayerDifference);
    return dock;
}

void MainWindow::selectLayerInTable(const QString& name)
{
    const QModelIndex index = m_modelPanel->layerModel()->indexOfLayer(name);
    if (!index.isValid())
        return;
    m_modelPanel->layerView()->setCurrentIndex(index);
    m_modelPanel->layerView()->scrollTo(index);
    Q_EMIT sensitivityLayerSelected(name);
}

namespace {

// Clouds drawn coloured by the FP32-INT8 error, as many as `pointq report` draws by default.
constexpr int exportedSnapshots = 4;

} // namespace

bool MainWindow::exportReport(const QString& pdfPath)
{
    const Session& session = m_controller->session();
    report::ReportContent content;
    content.generatedAt = collectSystemInfo().date;
    if (!session.runs.empty()) {
        const SessionRun& run = session.runs.back();
        content.hasQuantize = true;
        content.quantize = run.report;
        content.statistics = run.report.layerStatistics;
        content.quantizeSource = QStringLiteral("run %1 of the workbench session").arg(run.number).toStdString();
    }
    if (m_sensitivityPanel->hasReport()) {
        content.hasSensitivity = true;
        content.sensitivity = m_sensitivityPanel->report();
        content.sensitivitySource = "the workbench's Sensitivity dock";
    } else {
        content.sensitivityAbsentReason = "Run one in the Sensitivity dock before exporting to include it.";
    }
    if (!content.hasQuantize && !content.hasSensitivity) {
        showError(tr("Export report"), tr("Nothing to report yet: run a quantization or a sensitivity sweep first."));
        return false;
    }

    const QFileInfo pdf(pdfPath);
    const QString base = pdf.path() + QLatin1Char('/') + pdf.completeBaseName();
    try {
        if (content.hasQuantize)
            m_cloudPanel->addErrorSnapshots(content, session.runs.back().number, exportedSnapshots);
        else
            content.snapshotAbsentReason = "No quantize run in this session yet, so there is no INT8 model to compare.";
        const int pages = report::ReportWriter(content).writePdf(pdfPath.toStdString());
        writeTextFile((base + QStringLiteral(".json")).toStdString(), report::reportJson(content));
        writeTextFile((base + QStringLiteral(".csv")).toStdString(), report::reportCsv(content));
        statusBar()->showMessage(tr("Report of %n page(s) written to %1", nullptr, pages).arg(pdfPath), 10000);
    } catch (const std::exception& error) {
        showError(tr("Export report"), QString::fromStdString(error.what()));
        return false;
    }
    return true;
}

void MainWindow::onExportReport()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Report"), startFolder(), tr("PDF reports (*.pdf)"));
    if (!path.isEmpty())
        exportReport(path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? path : path + QStringLiteral(".pdf"));
}

} // namespace pointq::studio
