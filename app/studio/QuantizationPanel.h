#pragma once

#include "Session.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace pointq::studio {

/// The Quantization dock: observer, percentile, engine, calibration clouds, threads
/// timed runs and a segmentation scene's voting passes; Run and Cancel; progress with stage, elapsed and remaining time.
/// The voting passes are disabled, with a tooltip saying why, outside segmentation sessions.
class QuantizationPanel : public QWidget {
    Q_OBJECT

public:
    explicit QuantizationPanel(QWidget* parent = nullptr);

    QuantizationOptions options() const;
    void setOptions(const QuantizationOptions& options);

    /// Switches between the idle and the running look.
    void setRunning(bool running);
    /// Enables the voting passes only for a segmentation (BaseSeg) model, the one kind of
    /// session that uses them.
    void setSegmentationSession(bool segments);
    void showProgress(double fraction, const QString& stage, qint64 elapsedMs, qint64 remainingMs);
    /// Shows how the last run ended in the stage label.
    void showOutcome(const QString& text);
    /// Fills the progress bar and shows the outcome, keeping the elapsed time.
    void showFinished(const QString& text);
    /// Empties the progress bar, labels it "Cancelled", clears the time estimate and shows the outcome.
    void showCancelled(const QString& text);

    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QSpinBox* votesBox() const { return m_votes; }
    QString stageText() const;

Q_SIGNALS:
    void optionsChanged(const pointq::studio::QuantizationOptions& options);
    void runRequested();
    void cancelRequested();

private:
    void onAnyOptionChanged();

    QComboBox* m_observer;
    QDoubleSpinBox* m_percentile;
    QComboBox* m_engine;
    QSpinBox* m_calibration;
    QSpinBox* m_threads;
    QSpinBox* m_timedRuns;
    QSpinBox* m_votes;
    QLabel* m_votesLabel;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_stage;
    QLabel* m_time;
    bool m_updating = false;
    bool m_running = false;
    bool m_segments = false;
};

} // namespace pointq::studio
