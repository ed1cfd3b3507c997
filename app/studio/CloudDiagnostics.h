#pragma once

#include "eval/PointDiagnostics.h"
#include "io/PointCloud.h"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>

namespace pointq {
class PointNextClassifier;
class QuantizedModel;
} // namespace pointq

namespace pointq::studio {

/// What the 3D view asks to have computed for one cloud.
struct CloudDiagnosticsRequest {
    enum class Kind { Sampling, Difference };
    Kind kind = Kind::Sampling;
    int cloudIndex = -1;
    PointCloud cloud;
    PreprocessOptions options;
    std::shared_ptr<PointNextClassifier> floatModel;
    std::shared_ptr<QuantizedModel> quantizedModel; ///< Difference requests only
    std::string layerName;                          ///< Difference requests only
};

/// Result of one request; error is empty on success.
struct CloudDiagnosticsResult {
    CloudDiagnosticsRequest::Kind kind = CloudDiagnosticsRequest::Kind::Sampling;
    int cloudIndex = -1;
    std::string layerName;
    CloudSampling sampling;
    LayerPointDifference difference;
    QString error;
};

/// Computes sampling traces and FP32-vs-INT8 differences of single clouds on one
/// worker thread, so the GUI thread never runs a model. Requests of one kind
/// supersede older ones of that kind: a queued request that is no longer the
/// latest is skipped, and a stale result is dropped instead of delivered. One
/// thread also means the models' observers are never set by two calls at once.
class CloudDiagnostics : public QObject {
    Q_OBJECT

public:
    explicit CloudDiagnostics(QObject* parent = nullptr);
    /// Waits for the request being computed, if any.
    ~CloudDiagnostics() override;

    void request(const CloudDiagnosticsRequest& request);
    /// Drops queued and running requests of kind, so no result of theirs arrives.
    void cancel(CloudDiagnosticsRequest::Kind kind);
    /// True while a request of kind is queued or running.
    bool isBusy(CloudDiagnosticsRequest::Kind kind) const;
    /// Runs task on the worker thread after the requests queued before it and blocks
    /// until it ends, so the task never runs a model while a request does. Rethrows
    /// what the task throws.
    void runAndWait(const std::function<void()>& task);

Q_SIGNALS:
    void finished(const pointq::studio::CloudDiagnosticsResult& result);

private:
    std::atomic<quint64>& latest(CloudDiagnosticsRequest::Kind kind);
    const std::atomic<quint64>& latest(CloudDiagnosticsRequest::Kind kind) const;
    void deliver(quint64 generation, const CloudDiagnosticsResult& result);

    QThreadPool m_pool;
    std::atomic<quint64> m_latestSampling{0};
    std::atomic<quint64> m_latestDifference{0};
    quint64 m_deliveredSampling = 0;
    quint64 m_deliveredDifference = 0;
};

} // namespace pointq::studio

Q_DECLARE_METATYPE(pointq::studio::CloudDiagnosticsResult)
