#pragma once

#include <QMainWindow>

#include <optional>

class QDockWidget;
class QLabel;
class QMenu;

namespace pointq::widgets {
class LogPanel;
}

namespace pointq::studio {

class Autosave;
class CloudPanel;
class DataPanel;
class HistogramPanel;
class ModelPanel;
class QuantizationPanel;
class QuantizeRunner;
class ResultsPanel;
class SegmentationPanel;
class SensitivityPanel;
class SessionController;

/// The workbench window: the 3D cloud view in the centre and the Model, Data,
/// Quantization, Histograms, Results, Segmentation and Log docks around it. The
/// Segmentation dock shows only in segmentation sessions.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    SessionController* controller() const { return m_controller; }
    QuantizeRunner* runner() const { return m_runner; }
    ModelPanel* modelPanel() const { return m_modelPanel; }
    DataPanel* dataPanel() const { return m_dataPanel; }
    QuantizationPanel* quantizationPanel() const { return m_quantizationPanel; }
    ResultsPanel* resultsPanel() const { return m_resultsPanel; }
    HistogramPanel* histogramPanel() const { return m_histogramPanel; }
    widgets::LogPanel* logPanel() const { return m_logPanel; }
    CloudPanel* cloudPanel() const { return m_cloudPanel; }
    SensitivityPanel* sensitivityPanel() const { return m_sensitivityPanel; }
    SegmentationPanel* segmentationPanel() const { return m_segmentationPanel; }
    Autosave* autosave() const { return m_autosave; }

    /// Off in tests: errors and questions then go only to the log and errorOccurred.
    void setShowsDialogs(bool shows) { m_showsDialogs = shows; }

    /// Opens a file by its suffix: .yaml or .yml as a config, .pth or .pt as a checkpoint,
    /// .pqsession as a session and anything else as data. Skip files load from the
    /// Model dock. Returns false after reporting an error.
    bool openPath(const QString& path);
    /// Loads the bundled config, checkpoint and ModelNet40 clouds.
    bool openDemo();
    /// Offers an autosaved session left by a crash; returns true when one was recovered.
    bool offerRecovery();

    /// Starts a run on the worker thread; outputPath, when given, receives the INT8 model.
    void startRun(const QString& outputPath = {});
    /// Writes the PDF report of the last run and the last sweep, with .json and .csv of
    /// the same name beside it. Returns false after reporting an error.
    bool exportReport(const QString& pdfPath);
    void onRunAndSave();
    void cancelRun();

Q_SIGNALS:
    /// A run ended, successfully or not.
    void runEnded();
    /// A layer chosen in the Sensitivity dock, now selected in the layer table. The 3D
    /// view then colours the cloud by that layer's per-point FP32-INT8 difference.
    void sensitivityLayerSelected(const QString& name);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // MainWindowActions.cpp
    void createActions();
    void createToolBar(const QList<QAction*>& actions);
    void onOpenConfig();
    void onOpenCheckpoint();
    void onOpenData();
    void onOpenSession();
    bool onSave();
    bool onSaveAs();
    void onLoadSkipFile();
    void onSaveSkipFile();
    void onPreferences();
    void onAbout();
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    QString startFolder() const;

    // MainWindowRun.cpp
    void onRunProgress(double fraction, const QString& stage, qint64 elapsedMs, qint64 remainingMs);
    void onRunFinished();
    void onRunFailed(const QString& message);
    void onRunCancelled();
    void updateEngineStatus();

    // MainWindowReport.cpp
    QDockWidget* createSensitivityDock();
    void selectLayerInTable(const QString& name);
    void onExportReport();

    // MainWindow.cpp
    QDockWidget* addDock(QWidget* widget, const QString& title, const QString& objectName, Qt::DockWidgetArea area);
    void createDocks();
    void createStatusBar();
    void restoreLayout();
    void saveLayout();
    void showError(const QString& action, const QString& message);
    void onLayerSelected(const QString& name);
    void onCloudChanged(int index);
    void updateSessionKind();
    void updateTitle();
    bool confirmDiscard();

    SessionController* m_controller;
    QuantizeRunner* m_runner;
    Autosave* m_autosave;
    CloudPanel* m_cloudPanel = nullptr;
    ModelPanel* m_modelPanel = nullptr;
    DataPanel* m_dataPanel = nullptr;
    QuantizationPanel* m_quantizationPanel = nullptr;
    ResultsPanel* m_resultsPanel = nullptr;
    HistogramPanel* m_histogramPanel = nullptr;
    widgets::LogPanel* m_logPanel = nullptr;
    SensitivityPanel* m_sensitivityPanel = nullptr;
    SegmentationPanel* m_segmentationPanel = nullptr;
    QDockWidget* m_segmentationDock = nullptr;
    std::optional<bool> m_segmentationSession; ///< kind of the session the docks were last set up for
    QMenu* m_viewMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_engineStatus = nullptr;
    QLabel* m_threadStatus = nullptr;
    QLabel* m_dataStatus = nullptr;
    bool m_showsDialogs = true;
};

} // namespace pointq::studio
