// Menus, toolbar, file dialogs, recent files and drag and drop of the main window.
#include "MainWindow.h"

#include "DataPanel.h"
#include "FirstLaunchGuide.h"
#include "ModelPanel.h"
#include "PreferencesDialog.h"
#include "SessionController.h"
#include "StudioSetup.h"

#include "common/Errors.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStyle>
#include <QToolBar>

namespace pointq::studio {

namespace {

constexpr int maximumRecentFiles = 10;
const char* recentFilesKey = "recentFiles";

QAction* makeAction(const QString& text, const QString& tip, QObject* parent)
{
    auto* action = new QAction(text, parent);
    action->setToolTip(tip);
    action->setStatusTip(tip);
    return action;
}

} // namespace

void MainWindow::createActions()
{
    QStyle* style = this->style();
    QAction* openSession = makeAction(tr("&Open Session…"), tr("Open a saved .pqsession file"), this);
    openSession->setShortcut(QKeySequence::Open);
    openSession->setIcon(style->standardIcon(QStyle::SP_DialogOpenButton));
    QAction* save = makeAction(tr("&Save Session"), tr("Save the session: inputs, skip set, settings and runs"), this);
    save->setShortcut(QKeySequence::Save);
    save->setIcon(style->standardIcon(QStyle::SP_DialogSaveButton));
    QAction* saveAs = makeAction(tr("Save Session &As…"), tr("Save the session to a new file"), this);
    saveAs->setShortcut(QKeySequence::SaveAs);
    QAction* openConfig = makeAction(tr("Open &Config…"), tr("Open an openpoints config (.yaml)"), this);
    openConfig->setIcon(style->standardIcon(QStyle::SP_FileIcon));
    QAction* openCheckpoint = makeAction(tr("Open C&heckpoint…"), tr("Open a trained checkpoint (.pth)"), this);
    openCheckpoint->setIcon(style->standardIcon(QStyle::SP_DriveHDIcon));
    QAction* openData = makeAction(tr("Open &Data…"), tr("Open evaluation clouds: a data set folder, or a scene file for a segmentation model"), this);
    openData->setIcon(style->standardIcon(QStyle::SP_DirOpenIcon));
    QAction* openDemo = makeAction(tr("Open De&mo"), tr("Load the bundled PointNeXt-S and ModelNet40 shapes"), this);
    QAction* preferences = makeAction(tr("&Preferences…"), tr("Language and colour theme"), this);
    preferences->setShortcut(QKeySequence::Preferences);
    QAction* quit = makeAction(tr("&Quit"), tr("Close PointQ Studio"), this);
    quit->setShortcut(QKeySequence::Quit);
    QAction* run = makeAction(tr("&Run"), tr("Quantize, evaluate and time the model (F5)"), this);
    run->setIcon(style->standardIcon(QStyle::SP_MediaPlay));
    QAction* cancel = makeAction(tr("&Cancel Run"), tr("Stop the running job (Esc)"), this);
    cancel->setShortcut(QKeySequence::Cancel);
    cancel->setIcon(style->standardIcon(QStyle::SP_MediaStop));
    QAction* runAndSave = makeAction(tr("Run and &Save INT8 Model…"), tr("Run, then write the INT8 model to a .pq file"), this);
    QAction* about = makeAction(tr("&About PointQ Studio"), tr("Version and libraries"), this);
    QAction* exportReport = makeAction(tr("&Export Report…"), tr("Write a PDF report of the last run and sweep, with JSON and CSV"), this);

    m_recentMenu = new QMenu(tr("Open &Recent"), this);
    m_recentMenu->setToolTipsVisible(true);
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({openSession, openConfig, openCheckpoint, openData, openDemo});
    file->addMenu(m_recentMenu);
    file->addSeparator();
    file->addActions({save, saveAs});
    file->addAction(exportReport);
    file->addSeparator();
    file->addAction(preferences);
    file->addSeparator();
    file->addAction(quit);
    QMenu* runMenu = menuBar()->addMenu(tr("&Run"));
    runMenu->addActions({run, runAndSave, cancel});
    menuBar()->addMenu(m_viewMenu);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Getting Started"), this, [this] { FirstLaunchGuide::showFor(this); });
    help->addAction(about);
    createToolBar({openSession, save, openConfig, openCheckpoint, openData, run, cancel});
    rebuildRecentMenu();

    connect(openSession, &QAction::triggered, this, &MainWindow::onOpenSession);
    connect(save, &QAction::triggered, this, &MainWindow::onSave);
    connect(saveAs, &QAction::triggered, this, &MainWindow::onSaveAs);
    connect(exportReport, &QAction::triggered, this, &MainWindow::onExportReport);
    connect(openConfig, &QAction::triggered, this, &MainWindow::onOpenConfig);
    connect(openCheckpoint, &QAction::triggered, this, &MainWindow::onOpenCheckpoint);
    connect(openData, &QAction::triggered, this, &MainWindow::onOpenData);
    connect(openDemo, &QAction::triggered, this, &MainWindow::openDemo);
    connect(preferences, &QAction::triggered, this, &MainWindow::onPreferences);
    connect(quit, &QAction::triggered, this, &MainWindow::close);
    connect(run, &QAction::triggered, this, [this] { startRun(); });
    connect(runAndSave, &QAction::triggered, this, &MainWindow::onRunAndSave);
    connect(cancel, &QAction::triggered, this, &MainWindow::cancelRun);
    connect(about, &QAction::triggered, this, &MainWindow::onAbout);
    connect(m_dataPanel, &DataPanel::openDataRequested, this, &MainWindow::onOpenData);
    connect(m_modelPanel, &ModelPanel::openConfigRequested, this, &MainWindow::onOpenConfig);
    connect(m_modelPanel, &ModelPanel::openCheckpointRequested, this, &MainWindow::onOpenCheckpoint);
    connect(m_modelPanel, &ModelPanel::loadSkipFileRequested, this, &MainWindow::onLoadSkipFile);
    connect(m_modelPanel, &ModelPanel::saveSkipFileRequested, this, &MainWindow::onSaveSkipFile);
}

void MainWindow::createToolBar(const QList<QAction*>& actions)
{
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("MainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (QAction* action : actions)
        bar->addAction(action);
}

QString MainWindow::startFolder() const
{
    const QString recent = QSettings().value(QStringLiteral("lastFolder")).toString();
    return recent.isEmpty() ? QDir::currentPath() : recent;
}

bool MainWindow::openPath(const QString& path)
{
    const QFileInfo info(path);
    const QString suffix = info.suffix().toLower();
    bool opened = false;
    if (suffix == QLatin1String(sessionSuffix()))
        opened = confirmDiscard() && m_controller->openSessionFile(path);
    else if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml"))
        opened = m_controller->openConfig(path);
    else if (suffix == QLatin1String("pth") || suffix == QLatin1String("pt"))
        opened = m_controller->openCheckpoint(path);
    else
        opened = m_controller->openData(path);
    if (opened) {
        addRecentFile(info.absoluteFilePath());
        QSettings().setValue(QStringLiteral("lastFolder"), info.absolutePath());
    }
    return opened;
}

bool MainWindow::openDemo()
{
    DemoInputs demo;
    try {
        demo = demoInputs();
    } catch (const Error& error) {
        showError(tr("Demo session"), QString::fromStdString(error.what()));
        return false;
    }
    return m_controller->openInputs(demo.configPath, demo.checkpointPath, demo.dataPath, {});
}

void MainWindow::onOpenConfig()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Config"), startFolder(), tr("openpoints configs (*.yaml *.yml)"));
    if (!path.isEmpty())
        openPath(path);
}

void MainWindow::onOpenCheckpoint()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Checkpoint"), startFolder(), tr("Checkpoints (*.pth *.pt)"));
    if (!path.isEmpty())
        openPath(path);
}

void MainWindow::onOpenData()
{
    // A segmentation model reads one scene file; a classifier reads a data set folder.
    const QString path =
        m_controller->segmentsScenes()
            ? QFileDialog::getOpenFileName(this, tr("Open Scene"), startFolder(),
                                           tr("Scenes (*.bin *.ply *.pcd *.npy *.npz *.txt *.xyz *.csv);;All files (*)"))
            : QFileDialog::getExistingDirectory(this, tr("Open Data Folder"), startFolder());
    if (!path.isEmpty())
        openPath(path);
}

void MainWindow::onOpenSession()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Session"), startFolder(),
                                                      tr("PointQ sessions (*.%1)").arg(QLatin1String(sessionSuffix())));
    if (!path.isEmpty())
        openPath(path);
}

bool MainWindow::onSave()
{
    if (m_controller->filePath().isEmpty())
        return onSaveAs();
    return m_controller->saveSessionFile(m_controller->filePath());
}

bool MainWindow::onSaveAs()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save Session"), startFolder(),
                                                tr("PointQ sessions (*.%1)").arg(QLatin1String(sessionSuffix())));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + QLatin1String(sessionSuffix());
    if (!m_controller->saveSessionFile(path))
        return false;
    addRecentFile(QFileInfo(path).absoluteFilePath());
    return true;
}

void MainWindow::onLoadSkipFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load Skip Set"), startFolder(), tr("Skip files (*.yaml *.yml)"));
    if (!path.isEmpty())
        m_controller->loadSkipFile(path);
}

void MainWindow::onSaveSkipFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Skip Set"), startFolder(), tr("Skip files (*.yaml *.yml)"));
    if (!path.isEmpty())
        m_controller->saveSkipFile(path);
}

void MainWindow::onPreferences()
{
    PreferencesDialog dialog(this);
    dialog.exec();
}

void MainWindow::onAbout()
{
    QMessageBox::about(this, tr("About PointQ Studio"),
                       tr("<p><b>PointQ Studio</b> %1</p><p>Post-training INT8 quantization of PointNeXt "
                          "point-cloud networks, with LibTorch, Qt %2 and VTK.</p>")
                           .arg(QStringLiteral(POINTQ_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList files = settings.value(QLatin1String(recentFilesKey)).toStringList();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > maximumRecentFiles)
        files.removeLast();
    settings.setValue(QLatin1String(recentFilesKey), files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = QSettings().value(QLatin1String(recentFilesKey)).toStringList();
    for (const QString& path : files) {
        QAction* action = m_recentMenu->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        connect(action, &QAction::triggered, this, [this, path] { openPath(path); });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            openPath(url.toLocalFile());
    event->acceptProposedAction();
}

} // namespace pointq::studio
