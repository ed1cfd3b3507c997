#pragma once

#include "analysis/SensitivityJob.h"
#include "common/Progress.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>

#include <memory>

namespace pointq::studio {

/// Runs core's sensitivity job on a worker QThread, as QuantizeRunner runs the quantize
/// job: progress reaches the GUI thread at most ten times a second (and on every stage
/// change), cancel() sets the job's token, and exactly one of finished, failed or
/// cancelled follows every start().
class SensitivityRunner : public QObject {
    Q_OBJECT

public:
    explicit SensitivityRunner(QObject* parent = nullptr);
    /// Cancels a running sweep and waits for its thread.
    ~SensitivityRunner() override;

    /// Starts a sweep; returns false when one is already running.
    bool start(const SensitivityJobSettings& settings);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

Q_SIGNALS:
    void started();
    void progressChanged(double fraction, const QString& stage);
    void finished(const pointq::SensitivityReport& report);
    void failed(const QString& message);
    void cancelled();

private:
    struct Outcome;
    void onThreadFinished();

    QThread* m_thread = nullptr;
    std::shared_ptr<CancelToken> m_token;
    std::shared_ptr<Outcome> m_outcome;
    QElapsedTimer m_clock;
};

} // namespace pointq::studio

Q_DECLARE_METATYPE(pointq::SensitivityReport)
