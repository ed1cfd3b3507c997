#include "SensitivityRunner.h"

#include "common/Errors.h"

#include <QLoggingCategory>
#include <QMetaObject>

namespace pointq::studio {

namespace {

Q_LOGGING_CATEGORY(sweepLog, "pointq.studio.sweep")

constexpr qint64 progressIntervalMs = 100;

} // namespace

// Result of a sweep, written by the worker thread and read only after the thread ended.
struct SensitivityRunner::Outcome {
    SensitivityReport report;
    bool succeeded = false;
    bool wasCancelled = false;
    QString error;
    // Throttle state of the progress callback, touched by the worker thread only.
    qint64 lastProgressMs = -progressIntervalMs;
    std::string lastStage;
};

SensitivityRunner::SensitivityRunner(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<pointq::SensitivityReport>();
}

SensitivityRunner::~SensitivityRunner()
{
    if (m_thread) {
        m_token->cancel();
        m_thread->wait();
    }
}

bool SensitivityRunner::start(const SensitivityJobSettings& settings)
{
    if (m_thread)
        return false;
    m_token = std::make_shared<CancelToken>();
    m_outcome = std::make_shared<Outcome>();
    m_clock.start();

    auto token = m_token;
    auto outcome = m_outcome;
    m_thread = QThread::create([this, settings, token, outcome] {
        JobContext context;
        context.cancel = token.get();
        context.progress = [this, outcome](double fraction, const std::string& stage) {
            const qint64 now = m_clock.elapsed();
            if (stage == outcome->lastStage && now - outcome->lastProgressMs < progressIntervalMs && fraction < 1.0)
                return;
            outcome->lastProgressMs = now;
            outcome->lastStage = stage;
            const QString stageText = QString::fromStdString(stage);
            QMetaObject::invokeMethod(
                this, [this, fraction, stageText] {
                    if (m_thread)
                        Q_EMIT progressChanged(fraction, stageText);
                },
                Qt::QueuedConnection);
        };
        try {
            outcome->report = runSensitivityJob(settings, context);
            outcome->succeeded = true;
        } catch (const CancelledError&) {
            outcome->wasCancelled = true;
        } catch (const std::exception& error) {
            outcome->error = QString::fromStdString(error.what());
        }
    });
    m_thread->setObjectName(QStringLiteral("pointq-sensitivity"));
    m_thread->setParent(this);
    connect(m_thread, &QThread::finished, this, &SensitivityRunner::onThreadFinished);
    qCInfo(sweepLog) << "sensitivity sweep started on" << settings.configPath.c_str();
    m_thread->start();
    Q_EMIT started();
    return true;
}

void SensitivityRunner::cancel()
{
    if (!m_thread || m_token->isCancelled())
        return;
    qCInfo(sweepLog) << "cancel requested";
    m_token->cancel();
}

void SensitivityRunner::onThreadFinished()
{
    m_thread->wait();
    m_thread->deleteLater();
    m_thread = nullptr;
    const std::shared_ptr<Outcome> outcome = std::move(m_outcome);
    if (outcome->succeeded) {
        qCInfo(sweepLog) << "sensitivity sweep finished in" << m_clock.elapsed() << "ms";
        Q_EMIT finished(outcome->report);
    } else if (outcome->wasCancelled) {
        qCInfo(sweepLog) << "sensitivity sweep cancelled";
        Q_EMIT cancelled();
    } else {
        qCWarning(sweepLog) << "sensitivity sweep failed:" << outcome->error;
        Q_EMIT failed(outcome->error);
    }
}

} // namespace pointq::studio
