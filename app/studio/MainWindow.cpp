#include "MainWindow.h"

#include "Autosave.h"
#include "CloudPanel.h"
#include "DataPanel.h"
#include "HistogramPanel.h"
#include "ModelPanel.h"
#include "QuantizationPanel.h"
#include "QuantizeRunner.h"
#include "ResultsPanel.h"
#include "SegmentationPanel.h"
#include "SessionController.h"
#include "log/LogPanel.h"

#include <QAction>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace pointq::studio {

namespace {

Q_LOGGING_CATEGORY(windowLog, "pointq.studio")

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_controller(new SessionController(this))
    , m_runner(new QuantizeRunner(this))
    , m_autosave(new Autosave(m_controller, this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    m_cloudPanel = new CloudPanel(m_controller, this);
    setCentralWidget(m_cloudPanel);
    createDocks();
    createActions();
    createStatusBar();
    restoreLayout();

    connect(m_controller, &SessionController::errorOccurred, this, &MainWindow::showError);
    connect(m_controller, &SessionController::noticeIssued, this,
            [this](const QString& message) { statusBar()->showMessage(message, 15000); });
    connect(m_controller, &SessionController::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_controller, &SessionController::sessionReplaced, this, [this] {
        m_quantizationPanel->setOptions(m_controller->session().quantization);
        updateTitle();
    });
    // Settings changed through the controller (a script, a test) show in the dock too.
    connect(m_controller, &SessionController::quantizationChanged, this,
            [this] { m_quantizationPanel->setOptions(m_controller->session().quantization); });
    connect(m_controller, &SessionController::dataChanged, this, &MainWindow::updateEngineStatus);
    connect(m_controller, &SessionController::sessionReplaced, this, &MainWindow::updateEngineStatus);
    connect(m_quantizationPanel, &QuantizationPanel::optionsChanged, this, [this](const QuantizationOptions& options) {
        QuantizationOptions merged = m_controller->session().quantization;
        merged.observer = options.observer;
        merged.percentile = options.percentile;
        merged.engine = options.engine;
        merged.calibrationClouds = options.calibrationClouds;
        merged.threads = options.threads;
        merged.timedRuns = options.timedRuns;
        merged.votes = options.votes;
        m_controller->setQuantization(merged);
        updateEngineStatus();
    });
    connect(m_quantizationPanel, &QuantizationPanel::runRequested, this, [this] { startRun(); });
    connect(m_quantizationPanel, &QuantizationPanel::cancelRequested, this, &MainWindow::cancelRun);
    connect(m_runner, &QuantizeRunner::progressChanged, this, &MainWindow::onRunProgress);
    connect(m_runner, &QuantizeRunner::finished, this, [this](const QuantizeReport& report) {
        m_controller->addRun(report);
        const auto& runs = m_controller->session().runs;
        m_cloudPanel->setQuantizedModel(m_runner->lastQuantizedModel(), runs.empty() ? 0 : runs.back().number);
        if (!runs.empty())
            m_cloudPanel->setSegmentationRun(runs.back());
        onRunFinished();
    });
    connect(m_runner, &QuantizeRunner::failed, this, &MainWindow::onRunFailed);
    connect(m_runner, &QuantizeRunner::cancelled, this, &MainWindow::onRunCancelled);
    connect(m_modelPanel, &ModelPanel::layerSelected, this, &MainWindow::onLayerSelected);
    connect(m_dataPanel, &DataPanel::currentCloudChanged, this, &MainWindow::onCloudChanged);
    connect(m_controller, &SessionController::modelChanged, this, &MainWindow::updateSessionKind);
    connect(m_controller, &SessionController::sessionReplaced, this, &MainWindow::updateSessionKind);
    updateTitle();
    updateEngineStatus();
    updateSessionKind();
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(QWidget* widget, const QString& title, const QString& objectName, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createDocks()
{
    m_modelPanel = new ModelPanel(m_controller, this);
    m_dataPanel = new DataPanel(m_controller, this);
    m_quantizationPanel = new QuantizationPanel(this);
    m_resultsPanel = new ResultsPanel(m_controller, this);
    m_histogramPanel = new HistogramPanel(m_controller, this);
    m_segmentationPanel = new SegmentationPanel(m_controller, this);
    m_logPanel = new widgets::LogPanel(this);
    new widgets::LogBridge(m_logPanel);

    QDockWidget* model = addDock(m_modelPanel, tr("Model"), QStringLiteral("ModelDock"), Qt::LeftDockWidgetArea);
    QDockWidget* data = addDock(m_dataPanel, tr("Data"), QStringLiteral("DataDock"), Qt::LeftDockWidgetArea);
    QDockWidget* quantization =
        addDock(m_quantizationPanel, tr("Quantization"), QStringLiteral("QuantizationDock"), Qt::RightDockWidgetArea);
    QDockWidget* histograms = addDock(m_histogramPanel, tr("Histograms"), QStringLiteral("HistogramDock"), Qt::BottomDockWidgetArea);
    QDockWidget* results = addDock(m_resultsPanel, tr("Results"), QStringLiteral("ResultsDock"), Qt::BottomDockWidgetArea);
    QDockWidget* segmentation = addDock(m_segmentationPanel, tr("Segmentation"), QStringLiteral("SegmentationDock"),
                                        Qt::BottomDockWidgetArea);
    m_segmentationDock = segmentation;
    QDockWidget* log = addDock(m_logPanel, tr("Log"), QStringLiteral("LogDock"), Qt::BottomDockWidgetArea);
    QDockWidget* sensitivity = createSensitivityDock();
    tabifyDockWidget(model, data);
    model->raise();
    tabifyDockWidget(quantization, sensitivity);
    quantization->raise();
    // Histograms share the wide bottom area with the results, where their bins have room.
    tabifyDockWidget(results, segmentation);
    tabifyDockWidget(segmentation, histograms);
    tabifyDockWidget(histograms, log);
    results->raise();
    resizeDocks({model, quantization}, {600, 380}, Qt::Horizontal);
    resizeDocks({results}, {380}, Qt::Vertical);
    m_viewMenu = new QMenu(tr("&View"), this);
    // The Segmentation entry is disabled outside segmentation sessions, and its tooltip gives the reason.
    m_viewMenu->setToolTipsVisible(true);
    for (QDockWidget* dock : {model, data, quantization, sensitivity, histograms, results, segmentation, log})
        m_viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::createStatusBar()
{
    m_engineStatus = new QLabel(this);
    m_engineStatus->setToolTip(tr("Quantized engine that runs INT8 layers"));
    m_threadStatus = new QLabel(this);
    m_threadStatus->setToolTip(tr("LibTorch threads of the next run"));
    m_dataStatus = new QLabel(this);
    m_dataStatus->setToolTip(tr("Whether the evaluation clouds are real or synthetic"));
    statusBar()->addPermanentWidget(m_dataStatus);
    statusBar()->addPermanentWidget(m_engineStatus);
    statusBar()->addPermanentWidget(m_threadStatus);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    resize(1500, 920);
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::showError(const QString& action, const QString& message)
{
    statusBar()->showMessage(tr("%1 failed").arg(action), 10000);
    if (m_showsDialogs)
        QMessageBox::critical(this, tr("%1 failed").arg(action), message);
}

void MainWindow::onLayerSelected(const QString& name)
{
    m_histogramPanel->setLayer(name);
    m_cloudPanel->setLayer(name);
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("HistogramDock")))
        dock->raise();
}

void MainWindow::onCloudChanged(int index)
{
    m_cloudPanel->showCloud(index);
}

void MainWindow::updateSessionKind()
{
    const bool segments = m_controller->segmentsScenes();
    m_quantizationPanel->setSegmentationSession(segments);
    QAction* toggle = m_segmentationDock->toggleViewAction();
    toggle->setEnabled(segments);
    toggle->setToolTip(segments ? tr("Show or hide the scene figures of segmentation runs")
                                : tr("Only segmentation models have scene figures, so classifier sessions hide this "
                                     "dock. Open a segmentation (BaseSeg) config to use it."));
    // Only a change of session kind shows or hides the dock, so a user's choice within a kind stays.
    if (m_segmentationSession == segments)
        return;
    m_segmentationSession = segments;
    m_segmentationDock->setVisible(segments);
}

void MainWindow::updateTitle()
{
    const QString path = m_controller->filePath();
    const QString name = path.isEmpty() ? tr("Untitled session") : QFileInfo(path).fileName();
    setWindowTitle(tr("%1[*] — PointQ Studio").arg(name));
    setWindowModified(m_controller->isModified());
}

bool MainWindow::confirmDiscard()
{
    if (!m_controller->isModified() || !m_showsDialogs)
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved session"),
                                              tr("The session has unsaved changes. Save them first?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return onSave();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmDiscard()) {
        event->ignore();
        return;
    }
    if (m_runner->isRunning())
        m_runner->cancel();
    saveLayout();
    m_autosave->discard();
    qCInfo(windowLog) << "workbench closed";
    event->accept();
}

bool MainWindow::offerRecovery()
{
    const QString path = Autosave::filePath();
    if (!QFile::exists(path))
        return false;
    const QString when = QFileInfo(path).lastModified().toString(Qt::TextDate);
    if (m_showsDialogs
        && QMessageBox::question(this, tr("Recover session"),
                                 tr("PointQ Studio did not close normally. Recover the session autosaved at %1?").arg(when))
               != QMessageBox::Yes) {
        m_autosave->discard();
        return false;
    }
    return m_controller->recoverSession(path);
}

} // namespace pointq::studio
