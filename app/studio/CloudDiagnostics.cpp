#include "CloudDiagnostics.h"

#include "model/Classifier.h"
#include "quant/QuantizedModel.h"

#include <QLoggingCategory>
#include <QMetaObject>

#include <future>

namespace pointq::studio {

namespace {

Q_LOGGING_CATEGORY(diagnosticsLog, "pointq.studio.diagnostics")

CloudDiagnosticsResult compute(const CloudDiagnosticsRequest& request)
{
    CloudDiagnosticsResult result;
    result.kind = request.kind;
    result.cloudIndex = request.cloudIndex;
    result.layerName = request.layerName;
    try {
        if (request.kind == CloudDiagnosticsRequest::Kind::Sampling)
            result.sampling = traceCloudSampling(*request.floatModel, request.cloud, request.options);
        else
            result.difference = computeLayerPointDifference(*request.floatModel, *request.quantizedModel, request.cloud,
                                                            request.options, request.layerName);
    } catch (const std::exception& error) {
        result.error = QString::fromStdString(error.what());
        qCWarning(diagnosticsLog) << "diagnostics of cloud" << request.cloudIndex << "failed:" << result.error;
    }
    return result;
}

} // namespace

CloudDiagnostics::CloudDiagnostics(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<pointq::studio::CloudDiagnosticsResult>();
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("pointq-cloud-diagnostics"));
}

CloudDiagnostics::~CloudDiagnostics()
{
    m_latestSampling.fetch_add(1);
    m_latestDifference.fetch_add(1);
    m_pool.clear();
    m_pool.waitForDone();
}

std::atomic<quint64>& CloudDiagnostics::latest(CloudDiagnosticsRequest::Kind kind)
{
    return kind == CloudDiagnosticsRequest::Kind::Sampling ? m_latestSampling : m_latestDifference;
}

const std::atomic<quint64>& CloudDiagnostics::latest(CloudDiagnosticsRequest::Kind kind) const
{
    return kind == CloudDiagnosticsRequest::Kind::Sampling ? m_latestSampling : m_latestDifference;
}

void CloudDiagnostics::request(const CloudDiagnosticsRequest& request)
{
    std::atomic<quint64>& counter = latest(request.kind);
    const quint64 generation = counter.fetch_add(1) + 1;
    m_pool.start([this, request, generation, &counter] {
        if (counter.load() != generation)
            return;
        const CloudDiagnosticsResult result = compute(request);
        QMetaObject::invokeMethod(
            this, [this, generation, result] { deliver(generation, result); }, Qt::QueuedConnection);
    });
}

void CloudDiagnostics::cancel(CloudDiagnosticsRequest::Kind kind)
{
    latest(kind).fetch_add(1);
    if (kind == CloudDiagnosticsRequest::Kind::Sampling)
        m_deliveredSampling = m_latestSampling.load();
    else
        m_deliveredDifference = m_latestDifference.load();
}

bool CloudDiagnostics::isBusy(CloudDiagnosticsRequest::Kind kind) const
{
    const quint64 delivered =
        kind == CloudDiagnosticsRequest::Kind::Sampling ? m_deliveredSampling : m_deliveredDifference;
    return delivered != latest(kind).load();
}

void CloudDiagnostics::runAndWait(const std::function<void()>& task)
{
    std::promise<void> done;
    std::future<void> finished = done.get_future();
    m_pool.start([&task, &done] {
        try {
            task();
            done.set_value();
        } catch (...) {
            done.set_exception(std::current_exception());
        }
    });
    finished.get();
}

void CloudDiagnostics::deliver(quint64 generation, const CloudDiagnosticsResult& result)
{
    if (latest(result.kind).load() != generation)
        return;
    if (result.kind == CloudDiagnosticsRequest::Kind::Sampling)
        m_deliveredSampling = generation;
    else
        m_deliveredDifference = generation;
    Q_EMIT finished(result);
}

} // namespace pointq::studio
