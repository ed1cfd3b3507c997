#pragma once

#include "analysis/SensitivityJob.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace pointq::widgets {
class SensitivityView;
}

namespace pointq::studio {

class SensitivityRunner;
class SessionController;

/// The Sensitivity dock: runs a sweep of the session's model and clouds on a worker
/// thread and shows it as a sortable table and a bar chart. Selecting a layer emits
/// layerSelected, so the window can select it in the layer table.
class SensitivityPanel : public QWidget {
    Q_OBJECT

public:
    SensitivityPanel(SessionController* controller, QWidget* parent = nullptr);

    widgets::SensitivityView* view() const { return m_view; }
    SensitivityRunner* runner() const { return m_runner; }
    QComboBox* modeBox() const { return m_mode; }
    QSpinBox* cloudsBox() const { return m_clouds; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QString statusText() const;
    bool hasReport() const { return m_hasReport; }
    /// The last finished sweep of this session.
    const SensitivityReport& report() const { return m_report; }

    /// Starts a sweep with the session's settings and the panel's mode and cloud count.
    void startSweep();
    void cancelSweep();

Q_SIGNALS:
    void layerSelected(const QString& name);
    /// A sweep ended, successfully or not.
    void sweepEnded();

private:
    void setRunning(bool running);
    void onFinished(const SensitivityReport& report);
    void onSessionReplaced();

    SessionController* m_controller;
    SensitivityRunner* m_runner;
    widgets::SensitivityView* m_view;
    QComboBox* m_mode;
    QSpinBox* m_clouds;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    SensitivityReport m_report;
    bool m_hasReport = false;
};

} // namespace pointq::studio
