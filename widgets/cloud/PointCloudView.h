#pragma once

#include "cloud/CloudColoring.h"
#include "eval/PointDiagnostics.h"
#include "io/PointCloud.h"

#include <QString>
#include <QWidget>

#include <memory>

class vtkPolyData;

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace pointq::widgets {

class CloudScene;
class VtkRenderWidget;

/// A 3D view of one point cloud with its colouring controls: colour mode,
/// point size, the stage and centre of the layer-sampling mode, and a camera
/// reset. Colour modes the cloud cannot show (no normals, no colours, no
/// per-point values, no sampling trace, no predicted or labelled classes) are
/// disabled in the mode box, and their tooltip states the reason. While a mouse button is held on a cloud
/// above CloudScene::maximumInteractivePoints, only a subsample is drawn.
class PointCloudView : public QWidget {
    Q_OBJECT

public:
    explicit PointCloudView(QWidget* parent = nullptr);
    ~PointCloudView() override;

    /// Shows cloud, drops per-point values and sampling of the previous cloud
    /// and fits the camera. Keeps the colour mode when the new cloud supports it,
    /// and switches to Height otherwise.
    void setCloud(const PointCloud& cloud);
    const PointCloud& cloud() const { return m_cloud; }

    /// Sets one value per point (e.g. the FP32-vs-INT8 difference of a layer),
    /// shown in Scalar mode with a colour bar titled title. Throws
    /// std::invalid_argument when values does not have one entry per point.
    void setPointScalars(const at::Tensor& values, const QString& title);
    void clearPointScalars();
    /// Names the Scalar entry of the mode box after what the values are, e.g.
    /// "FP32-INT8 difference"; an empty name restores "Per-point value".
    void setScalarModeName(const QString& name);

    /// Sets the sampling trace of the shown cloud for the layer-sampling mode
    /// and selects stage 1, centre 0. Throws std::invalid_argument when the
    /// trace names rows outside the cloud.
    void setSampling(const CloudSampling& sampling);
    void clearSampling();
    /// Sets the classes of the shown cloud's points for the label modes (FP32 and
    /// INT8 prediction, their flips, ground truth). Undefined tensors leave their
    /// modes disabled. Throws std::invalid_argument when a defined tensor does not
    /// have one entry per point or a class lies outside 0..classCount-1.
    void setPointLabels(const PointLabels& labels);
    void clearPointLabels();
    const PointLabels& pointLabels() const { return m_labels; }
    /// Sets the tooltip reason of the prediction modes while no predictions are set,
    /// e.g. "available after a run in this window finishes".
    void setPredictionsUnavailableReason(const QString& reason);
    /// Adds the label modes to the mode box or removes them; only segmentation sessions need them.
    void setLabelModesVisible(bool visible);
    bool labelModesVisible() const { return m_labelModesVisible; }
    /// Points whose INT8 class differs from the FP32 class; 0 without predictions.
    int64_t flippedPointCount() const { return m_flippedCount; }
    /// Points drawn again on top as highlights: the flipped points in LabelFlips mode,
    /// the sampled centres and the neighbourhood in LayerSampling mode, else 0.
    int64_t highlightedPointCount() const;

    /// Highlights the centres of stage and the ball query of one of its centres.
    /// Values outside the trace are clamped to the nearest stage and centre.
    void setSamplingSelection(int stage, int centre);
    int samplingStage() const;
    int samplingCentre() const;

    /// Switches the colouring. Returns false, changing nothing, when the mode is
    /// not available for the shown cloud.
    bool setColorMode(ColorMode mode);
    ColorMode colorMode() const { return m_colorMode; }
    ColorModeAvailability availability(ColorMode mode) const;
    /// Returns the tooltip of a mode's entry: what it shows, or why it is disabled.
    QString colorModeToolTip(ColorMode mode) const;

    void setPointSize(double pixels);
    double pointSize() const;
    /// Fits the camera to the cloud, looking along -y and slightly down with z up.
    void resetCamera();

    VtkRenderWidget* renderWidget() const { return m_renderWidget; }
    /// The VTK points the view draws, with the colours of the current mode as point scalars.
    vtkPolyData* cloudData() const;
    /// Number of points the view draws now: all of them, except during a
    /// mouse drag on a cloud larger than CloudScene::maximumInteractivePoints.
    int64_t drawnPointCount() const;
    /// Text under the view that explains the colours in use.
    QString legendText() const;

Q_SIGNALS:
    void colorModeChanged(pointq::widgets::ColorMode mode);
    void cloudChanged();
    void samplingSelectionChanged(int stage, int centre);

private:
    void buildControls();
    void onColorModeIndexChanged(int index);
    void onPointSizeChanged(double pixels);
    void onSamplingStageChanged(int stage);
    void onSamplingCentreChanged(int centre);
    void onInteractionStarted();
    void onInteractionFinished();
    void updateModeItems();
    void updateSamplingControls();
    void applyColoring();
    void applySamplingHighlight();
    void applyLabelColoring();
    QString labelLegendText(const QString& points) const;
    const at::Tensor& labelsOfMode(ColorMode mode) const;
    QString modeName(ColorMode mode) const;

    PointCloud m_cloud;
    at::Tensor m_scalars;
    QString m_scalarTitle;
    QString m_scalarModeName;
    CloudSampling m_sampling;
    bool m_hasSampling = false;
    PointLabels m_labels;
    QString m_predictionsReason;
    bool m_labelModesVisible = false;
    int64_t m_flippedCount = 0;
    ColorMode m_colorMode = ColorMode::Height;

    VtkRenderWidget* m_renderWidget = nullptr;
    std::unique_ptr<CloudScene> m_scene;
    QComboBox* m_modeBox = nullptr;
    QDoubleSpinBox* m_pointSizeBox = nullptr;
    QSpinBox* m_stageBox = nullptr;
    QSpinBox* m_centreBox = nullptr;
    QPushButton* m_resetCameraButton = nullptr;
    QLabel* m_legend = nullptr;
};

} // namespace pointq::widgets

Q_DECLARE_METATYPE(pointq::widgets::ColorMode)
