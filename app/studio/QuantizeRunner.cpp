#include "QuantizeRunner.h"

#include "common/Errors.h"
#include "common/Log.h"

#include <QLoggingCategory>
#include <QMetaObject>

namespace pointq::studio {

namespace {

Q_LOGGING_CATEGORY(runLog, "pointq.studio.run")

constexpr qint64 progressIntervalMs = 100;

} // namespace

// Result of a job, written by the worker thread and read only after the thread ended.
struct QuantizeRunner::Outcome {
    QuantizeReport report;
    std::unique_ptr<QuantizedModel> model;
    bool succeeded = false;
    bool wasCancelled = false;
    QString error;
    // Throttle state of the progress callback, touched by the worker thread only.
    qint64 lastProgressMs = -progressIntervalMs;
    std::string lastStage;
};

QuantizeRunner::QuantizeRunner(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<pointq::QuantizeReport>();
}

QuantizeRunner::~QuantizeRunner()
{
    if (m_thread) {
        m_token->cancel();
        m_thread->wait();
    }
}

bool QuantizeRunner::start(const QuantizeJobSettings& settings)
{
    if (m_thread)
        return false;
    m_token = std::make_shared<CancelToken>();
    m_outcome = std::make_shared<Outcome>();
    m_cancelLatencyMs = -1;
    m_clock.start();

    auto token = m_token;
    auto outcome = m_outcome;
    m_thread = QThread::create([this, settings, token, outcome] {
        JobContext context;
        context.cancel = token.get();
        context.progress = [this, outcome](double fraction, const std::string& stage) {
            // Throttled here, on the worker, so the GUI queue never floods.
            const qint64 now = m_clock.elapsed();
            if (stage == outcome->lastStage && now - outcome->lastProgressMs < progressIntervalMs && fraction < 1.0)
                return;
            outcome->lastProgressMs = now;
            outcome->lastStage = stage;
            reportProgress(fraction, stage);
        };
        try {
            outcome->report = runQuantizeJob(settings, context, outcome->model);
            outcome->succeeded = true;
        } catch (const CancelledError&) {
            outcome->wasCancelled = true;
        } catch (const std::exception& error) {
            outcome->error = QString::fromStdString(error.what());
        }
    });
    m_thread->setObjectName(QStringLiteral("pointq-quantize"));
    // Parented, so a runner destroyed mid-run deletes the thread after waiting for it.
    m_thread->setParent(this);
    connect(m_thread, &QThread::finished, this, &QuantizeRunner::onThreadFinished);
    qCInfo(runLog) << "quantize run started on" << settings.configPath.c_str();
    m_thread->start();
    Q_EMIT started();
    return true;
}

void QuantizeRunner::reportProgress(double fraction, const std::string& stage)
{
    const qint64 elapsed = m_clock.elapsed();
    // The estimate assumes the rest runs at the average pace so far. It is rough in
    // the first percent, so none is shown before that.
    const qint64 remaining = fraction > 0.01 ? static_cast<qint64>(elapsed * (1.0 - fraction) / fraction) : -1;
    const QString stageText = QString::fromStdString(stage);
    QMetaObject::invokeMethod(
        this, [this, fraction, stageText, elapsed, remaining] {
            if (m_thread)
                Q_EMIT progressChanged(fraction, stageText, elapsed, remaining);
        },
        Qt::QueuedConnection);
}

void QuantizeRunner::cancel()
{
    if (!m_thread || m_token->isCancelled())
        return;
    qCInfo(runLog) << "cancel requested";
    m_cancelClock.start();
    m_token->cancel();
}

void QuantizeRunner::onThreadFinished()
{
    m_thread->wait();
    m_thread->deleteLater();
    m_thread = nullptr;
    const std::shared_ptr<Outcome> outcome = std::move(m_outcome);
    if (m_token->isCancelled())
        m_cancelLatencyMs = m_cancelClock.elapsed();
    if (outcome->succeeded) {
        qCInfo(runLog) << "quantize run finished in" << m_clock.elapsed() << "ms";
        m_lastModel = std::move(outcome->model);
        Q_EMIT finished(outcome->report);
    } else if (outcome->wasCancelled) {
        qCInfo(runLog) << "quantize run cancelled; it stopped" << m_cancelLatencyMs << "ms after the request";
        Q_EMIT cancelled();
    } else {
        qCWarning(runLog) << "quantize run failed:" << outcome->error;
        Q_EMIT failed(outcome->error);
    }
}

} // namespace pointq::studio
