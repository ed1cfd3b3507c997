#pragma once

#include "common/Progress.h"
#include "eval/QuantizeJob.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <memory>

namespace pointq::studio {

/// Runs core's quantize job on a worker QThread. Progress reaches the GUI thread at
/// most ten times a second (and on every stage change), Cancel sets the job's token,
/// and exactly one of finished, failed or cancelled follows every start().
class QuantizeRunner : public QObject {
    Q_OBJECT

public:
    explicit QuantizeRunner(QObject* parent = nullptr);
    /// Cancels a running job and waits for its thread.
    ~QuantizeRunner() override;

    /// Starts a job; returns false when one is already running.
    bool start(const QuantizeJobSettings& settings);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }
    /// Milliseconds between cancel() and the job's end, or -1 before a cancelled run ends.
    qint64 lastCancelLatencyMs() const { return m_cancelLatencyMs; }
    /// The INT8 model of the last successful run, or null before one. It is handed
    /// over when finished() is emitted and is not touched by the runner afterwards.
    std::shared_ptr<QuantizedModel> lastQuantizedModel() const { return m_lastModel; }

Q_SIGNALS:
    void started();
    /// fraction 0 to 1; remainingMs is -1 until the fraction allows an estimate.
    void progressChanged(double fraction, const QString& stage, qint64 elapsedMs, qint64 remainingMs);
    void finished(const pointq::QuantizeReport& report);
    void failed(const QString& message);
    void cancelled();

private:
    struct Outcome;
    void onThreadFinished();
    void reportProgress(double fraction, const std::string& stage);

    QThread* m_thread = nullptr;
    std::shared_ptr<CancelToken> m_token;
    std::shared_ptr<Outcome> m_outcome;
    QElapsedTimer m_clock;
    QElapsedTimer m_cancelClock;
    qint64 m_cancelLatencyMs = -1;
    std::shared_ptr<QuantizedModel> m_lastModel;
};

} // namespace pointq::studio

Q_DECLARE_METATYPE(pointq::QuantizeReport)
