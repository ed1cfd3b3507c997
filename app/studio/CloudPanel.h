#pragma once

#include "CloudDiagnostics.h"
#include "Session.h"

#include "cloud/CloudColoring.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;

namespace pointq {
class QuantizedModel;
}

namespace pointq::widgets {
class PointCloudView;
}

namespace pointq::report {
struct ReportContent;
}

namespace pointq::studio {

class SessionController;

/// The central 3D view: the current evaluation cloud in a PointCloudView, a
/// chooser of the encoder layer whose sampling stage and FP32-INT8 difference
/// are shown, and a status line that states what the layer-sampling and difference
/// colourings show or why they are not available. Both are computed by
/// CloudDiagnostics off the GUI thread. In a segmentation session the view shows
/// the whole scene, and after a run its FP32 and INT8 labels and their flips, which
/// the run computed on its worker thread.
class CloudPanel : public QWidget {
    Q_OBJECT

public:
    CloudPanel(SessionController* controller, QWidget* parent = nullptr);

    /// Shows cloud index of the open data; -1 clears the view.
    void showCloud(int index);
    int currentCloud() const { return m_cloudIndex; }
    /// Chooses the layer of the layer-sampling and difference colourings. A head
    /// layer keeps the current choice, and the status line states why.
    void setLayer(const QString& name);
    QString currentLayer() const;
    /// Chooses layer name and colours the cloud by its per-point FP32-INT8 difference,
    /// which appears once computed (or the status line states why it cannot be).
    void showLayerDifference(const QString& name);
    /// Sets the INT8 model of a finished run; null drops the difference colouring.
    void setQuantizedModel(std::shared_ptr<QuantizedModel> model, int runNumber);
    /// Colours a segmentation scene by the predictions of a finished run: FP32 and
    /// INT8 labels and their flips. A report of another scene (other point count)
    /// leaves the label modes disabled, and the status line states why.
    void setSegmentationRun(const SessionRun& run);

    widgets::PointCloudView* view() const { return m_view; }
    QComboBox* layerBox() const { return m_layerBox; }
    QString statusText() const;
    /// True while a sampling trace or a difference is being computed.
    bool isComputing() const;
    /// Adds to content the first `count` clouds of the open data coloured by the error of
    /// the INT8 model of run `runNumber`, computed on the diagnostics thread while the
    /// GUI thread waits. When they cannot be drawn (a segmentation session, the INT8
    /// model of that run is not in memory), sets content.snapshotAbsentReason instead.
    void addErrorSnapshots(report::ReportContent& content, int runNumber, int count);

Q_SIGNALS:
    /// A background result reached the view (or reported its error in the status line).
    void diagnosticsUpdated();

private:
    void rebuildLayers();
    void onModelChanged();
    void onLayerIndexChanged(int index);
    void onColorModeChanged(widgets::ColorMode mode);
    void onDiagnosticsFinished(const CloudDiagnosticsResult& result);
    void requestSampling();
    void requestDifference();
    bool prepareRequest(CloudDiagnosticsRequest& request, QString* reason) const;
    void applyLayerStage();
    void restorePreferredMode();
    void updateStatus();
    void showScene();
    void applySceneLabels();
    void updateSceneStatus();

    SessionController* m_controller;
    CloudDiagnostics* m_diagnostics;
    widgets::PointCloudView* m_view;
    QComboBox* m_layerBox;
    QLabel* m_status;
    int m_cloudIndex = -1;
    std::shared_ptr<QuantizedModel> m_quantized;
    int m_quantizedRun = 0;
    /// The mode the user picked last; restored when a result makes it available again.
    widgets::ColorMode m_preferredMode = widgets::ColorMode::Height;
    bool m_updatingView = false;
    QString m_samplingStatus;
    QString m_differenceStatus;
    QString m_layerNote;
    /// Segmentation sessions: what the scene is, whether the weights are random, and
    /// what the label colourings show or why they are not available.
    QString m_sceneStatus;
    /// Predictions of the last segmentation run on the shown scene; undefined without one.
    SegmentationComparison m_sceneRun;
    int m_sceneRunNumber = 0;
    /// Reason the scene's labels are not shown as ground truth, or empty when they are.
    QString m_groundTruthNote;
};

} // namespace pointq::studio
