#include "cloud/PointCloudView.h"

#include "cloud/CloudScene.h"
#include "render/VtkRenderWidget.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <vtkRenderer.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace pointq::widgets {

namespace {

// In the order of ColorMode, so that a mode's index in the box is its value. The
// label modes come last, since the box lists them only in segmentation sessions.
constexpr ColorMode allModes[] = {ColorMode::Height,        ColorMode::Normal,    ColorMode::Rgb,
                                  ColorMode::Scalar,        ColorMode::LayerSampling, ColorMode::Fp32Label,
                                  ColorMode::Int8Label,     ColorMode::LabelFlips,    ColorMode::GroundTruth};

bool isLabelMode(ColorMode mode)
{
    return mode == ColorMode::Fp32Label || mode == ColorMode::Int8Label || mode == ColorMode::LabelFlips
           || mode == ColorMode::GroundTruth;
}

// Checks a label tensor of the view's cloud; an undefined tensor passes.
void checkLabels(const at::Tensor& labels, int64_t pointCount, int64_t classCount, const char* what)
{
    if (!labels.defined())
        return;
    if (labels.dim() != 1 || labels.size(0) != pointCount)
        throw std::invalid_argument(std::string(what) + " must have one class for each of the "
                                    + std::to_string(pointCount) + " points");
    if (labels.numel() > 0 && labels.max().item<int64_t>() >= classCount)
        throw std::invalid_argument(std::string(what) + " contain class " + std::to_string(labels.max().item<int64_t>())
                                    + ", outside the " + std::to_string(classCount) + " classes");
}

int indexOfMode(ColorMode mode)
{
    return static_cast<int>(mode);
}

} // namespace

PointCloudView::PointCloudView(QWidget* parent) : QWidget(parent)
{
    m_renderWidget = new VtkRenderWidget(this);
    m_renderWidget->setObjectName(QStringLiteral("cloudRenderWidget"));
    m_renderWidget->setToolTip(tr("Left drag rotates, middle drag or Shift + left drag pans, "
                                  "the wheel or right drag zooms"));
    m_scene = std::make_unique<CloudScene>(m_renderWidget->renderer());
    m_renderWidget->renderer()->SetBackground(1.0, 1.0, 1.0);
    connect(m_renderWidget, &VtkRenderWidget::interactionStarted, this, &PointCloudView::onInteractionStarted);
    connect(m_renderWidget, &VtkRenderWidget::interactionFinished, this, &PointCloudView::onInteractionFinished);
    buildControls();
    updateModeItems();
    updateSamplingControls();
    applyColoring();
}

PointCloudView::~PointCloudView() = default;

void PointCloudView::buildControls()
{
    m_modeBox = new QComboBox(this);
    m_modeBox->setObjectName(QStringLiteral("colorModeBox"));
    m_modeBox->setToolTip(tr("How the points are coloured"));
    m_modeBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (ColorMode mode : allModes)
        if (!isLabelMode(mode))
            m_modeBox->addItem(modeName(mode), QVariant::fromValue(mode));

    m_pointSizeBox = new QDoubleSpinBox(this);
    m_pointSizeBox->setObjectName(QStringLiteral("pointSizeBox"));
    m_pointSizeBox->setRange(1.0, 20.0);
    m_pointSizeBox->setSingleStep(1.0);
    m_pointSizeBox->setDecimals(0);
    m_pointSizeBox->setSuffix(tr(" px"));
    m_pointSizeBox->setValue(m_scene->pointSize());
    m_pointSizeBox->setToolTip(tr("Size of each point on screen, in pixels"));

    m_stageBox = new QSpinBox(this);
    m_stageBox->setObjectName(QStringLiteral("samplingStageBox"));
    m_stageBox->setPrefix(tr("stage "));
    m_stageBox->setToolTip(tr("Encoder stage whose furthest-point-sampling centres are highlighted"));

    m_centreBox = new QSpinBox(this);
    m_centreBox->setObjectName(QStringLiteral("samplingCentreBox"));
    m_centreBox->setPrefix(tr("centre "));
    m_centreBox->setToolTip(tr("Centre whose ball-query neighbourhood is highlighted"));

    m_resetCameraButton = new QPushButton(tr("Reset camera"), this);
    m_resetCameraButton->setObjectName(QStringLiteral("resetCameraButton"));
    m_resetCameraButton->setToolTip(tr("Fit the whole cloud into the view, seen from the front and slightly above, with z up"));

    m_legend = new QLabel(this);
    m_legend->setObjectName(QStringLiteral("cloudLegend"));
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);
    m_legend->setToolTip(tr("What the colours in the view mean"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Colour:"), this));
    controls->addWidget(m_modeBox);
    controls->addWidget(new QLabel(tr("Point size:"), this));
    controls->addWidget(m_pointSizeBox);
    controls->addWidget(m_stageBox);
    controls->addWidget(m_centreBox);
    controls->addStretch(1);
    controls->addWidget(m_resetCameraButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_renderWidget, 1);
    layout->addWidget(m_legend);

    connect(m_modeBox, &QComboBox::currentIndexChanged, this, &PointCloudView::onColorModeIndexChanged);
    connect(m_pointSizeBox, &QDoubleSpinBox::valueChanged, this, &PointCloudView::onPointSizeChanged);
    connect(m_stageBox, &QSpinBox::valueChanged, this, &PointCloudView::onSamplingStageChanged);
    connect(m_centreBox, &QSpinBox::valueChanged, this, &PointCloudView::onSamplingCentreChanged);
    connect(m_resetCameraButton, &QPushButton::clicked, this, &PointCloudView::resetCamera);
}

QString PointCloudView::modeName(ColorMode mode) const
{
    switch (mode) {
    case ColorMode::Height: return tr("Height");
    case ColorMode::Normal: return tr("Normal");
    case ColorMode::Rgb: return tr("RGB");
    case ColorMode::Scalar: return m_scalarModeName.isEmpty() ? tr("Per-point value") : m_scalarModeName;
    case ColorMode::LayerSampling: return tr("Layer sampling");
    case ColorMode::Fp32Label: return tr("FP32 label");
    case ColorMode::Int8Label: return tr("INT8 label");
    case ColorMode::LabelFlips: return tr("FP32-INT8 label flips");
    case ColorMode::GroundTruth: return tr("Ground truth");
    }
    return {};
}

void PointCloudView::setCloud(const PointCloud& cloud)
{
    if (!cloud.positions.defined() || cloud.positions.dim() != 2 || cloud.positions.size(1) != 3)
        throw std::invalid_argument("PointCloudView::setCloud needs (N, 3) positions");
    m_cloud = cloud;
    m_scalars = at::Tensor();
    m_scalarTitle.clear();
    m_sampling = CloudSampling();
    m_hasSampling = false;
    m_labels = PointLabels();
    m_flippedCount = 0;
    m_scene->setPositions(m_cloud.positions);
    updateModeItems();
    updateSamplingControls();
    if (availability(m_colorMode) != ColorModeAvailability::Available)
        setColorMode(ColorMode::Height);
    applyColoring();
    resetCamera();
    Q_EMIT cloudChanged();
}

void PointCloudView::setPointScalars(const at::Tensor& values, const QString& title)
{
    if (!values.defined() || values.dim() != 1 || values.size(0) != m_cloud.size())
        throw std::invalid_argument("per-point values must have one entry for each of the " +
                                    std::to_string(m_cloud.size()) + " points");
    m_scalars = values.to(at::kFloat).contiguous();
    m_scalarTitle = title;
    updateModeItems();
    applyColoring();
}

void PointCloudView::clearPointScalars()
{
    m_scalars = at::Tensor();
    m_scalarTitle.clear();
    updateModeItems();
    if (m_colorMode == ColorMode::Scalar)
        setColorMode(ColorMode::Height);
    applyColoring();
}

void PointCloudView::setScalarModeName(const QString& name)
{
    m_scalarModeName = name;
    m_modeBox->setItemText(indexOfMode(ColorMode::Scalar), modeName(ColorMode::Scalar));
}

void PointCloudView::setPointLabels(const PointLabels& labels)
{
    const int64_t classCount = std::max<int64_t>(labels.classCount, 1);
    checkLabels(labels.fp32, m_cloud.size(), classCount, "FP32 predictions");
    checkLabels(labels.int8, m_cloud.size(), classCount, "INT8 predictions");
    checkLabels(labels.groundTruth, m_cloud.size(), classCount, "ground-truth labels");
    if (labels.fp32.defined() != labels.int8.defined())
        throw std::invalid_argument("FP32 and INT8 predictions must both be set or both be undefined");
    m_labels = labels;
    m_flippedCount = labels.fp32.defined() ? labels.fp32.ne(labels.int8).sum().item<int64_t>() : 0;
    updateModeItems();
    if (availability(m_colorMode) != ColorModeAvailability::Available)
        setColorMode(ColorMode::Height);
    applyColoring();
}

void PointCloudView::clearPointLabels()
{
    m_labels = PointLabels();
    m_flippedCount = 0;
    updateModeItems();
    if (isLabelMode(m_colorMode))
        setColorMode(ColorMode::Height);
    applyColoring();
}

void PointCloudView::setPredictionsUnavailableReason(const QString& reason)
{
    m_predictionsReason = reason;
    updateModeItems();
}

void PointCloudView::setLabelModesVisible(bool visible)
{
    if (visible == m_labelModesVisible)
        return;
    if (!visible && isLabelMode(m_colorMode) && !setColorMode(ColorMode::Height)) {
        // An empty view has no available mode, so the mode is reset directly.
        m_colorMode = ColorMode::Height;
        const QSignalBlocker blocker(m_modeBox);
        m_modeBox->setCurrentIndex(indexOfMode(ColorMode::Height));
    }
    m_labelModesVisible = visible;
    // The label entries are added and removed rather than hidden, because a hidden
    // entry still widens the box, and with it the view of a classifier session.
    {
        const QSignalBlocker blocker(m_modeBox);
        for (ColorMode mode : allModes) {
            if (!isLabelMode(mode))
                continue;
            if (visible)
                m_modeBox->addItem(modeName(mode), QVariant::fromValue(mode));
            else
                m_modeBox->removeItem(m_modeBox->count() - 1);
        }
    }
    updateModeItems();
}

int64_t PointCloudView::highlightedPointCount() const
{
    const bool highlighting = m_colorMode == ColorMode::LabelFlips || m_colorMode == ColorMode::LayerSampling;
    return highlighting && m_cloud.size() > 0 ? m_scene->overlayPointCount() : 0;
}

vtkPolyData* PointCloudView::cloudData() const
{
    return m_scene->cloudData();
}

void PointCloudView::setSampling(const CloudSampling& sampling)
{
    for (const StageSampling& stage : sampling.stages) {
        const bool outside = stage.centreRows.numel() > 0 && stage.centreRows.max().item<int64_t>() >= m_cloud.size();
        if (outside)
            throw std::invalid_argument("the sampling trace names rows outside the shown cloud of " +
                                        std::to_string(m_cloud.size()) + " points");
    }
    m_sampling = sampling;
    m_hasSampling = sampling.stages.size() > 1;
    updateModeItems();
    updateSamplingControls();
    applyColoring();
}

void PointCloudView::clearSampling()
{
    m_sampling = CloudSampling();
    m_hasSampling = false;
    updateModeItems();
    updateSamplingControls();
    if (m_colorMode == ColorMode::LayerSampling)
        setColorMode(ColorMode::Height);
    applyColoring();
}

void PointCloudView::setSamplingSelection(int stage, int centre)
{
    {
        const QSignalBlocker blockStage(m_stageBox);
        m_stageBox->setValue(stage);
    }
    updateSamplingControls();
    {
        const QSignalBlocker blockCentre(m_centreBox);
        m_centreBox->setValue(centre);
    }
    applyColoring();
    Q_EMIT samplingSelectionChanged(samplingStage(), samplingCentre());
}

int PointCloudView::samplingStage() const
{
    return m_stageBox->value();
}

int PointCloudView::samplingCentre() const
{
    return m_centreBox->value();
}

ColorModeAvailability PointCloudView::availability(ColorMode mode) const
{
    if (m_cloud.size() == 0)
        return ColorModeAvailability::NoCloud;
    switch (mode) {
    case ColorMode::Height: return ColorModeAvailability::Available;
    case ColorMode::Normal:
        return m_cloud.normals.defined() ? ColorModeAvailability::Available : ColorModeAvailability::NoNormals;
    case ColorMode::Rgb:
        return m_cloud.colors.defined() ? ColorModeAvailability::Available : ColorModeAvailability::NoColors;
    case ColorMode::Scalar:
        return m_scalars.defined() ? ColorModeAvailability::Available : ColorModeAvailability::NoScalars;
    case ColorMode::LayerSampling:
        return m_hasSampling ? ColorModeAvailability::Available : ColorModeAvailability::NoSampling;
    case ColorMode::Fp32Label:
    case ColorMode::Int8Label:
    case ColorMode::LabelFlips:
        return m_labelModesVisible && m_labels.fp32.defined() ? ColorModeAvailability::Available
                                                              : ColorModeAvailability::NoPredictions;
    case ColorMode::GroundTruth:
        return m_labelModesVisible && m_labels.groundTruth.defined() ? ColorModeAvailability::Available
                                                                     : ColorModeAvailability::NoGroundTruth;
    }
    return ColorModeAvailability::NoCloud;
}

QString PointCloudView::colorModeToolTip(ColorMode mode) const
{
    switch (availability(mode)) {
    case ColorModeAvailability::NoCloud: return tr("No cloud is loaded");
    case ColorModeAvailability::NoNormals: return tr("Disabled: the cloud file has no normals");
    case ColorModeAvailability::NoColors: return tr("Disabled: the cloud file has no colours");
    case ColorModeAvailability::NoScalars:
        return tr("Disabled: no per-point values are set; compute the FP32-vs-INT8 difference of a layer first");
    case ColorModeAvailability::NoSampling:
        return tr("Disabled: no sampling trace is set; run the FP32 model on this cloud first");
    case ColorModeAvailability::NoPredictions:
        return m_predictionsReason.isEmpty() ? tr("Disabled: no predicted labels are set; run a segmentation model first")
                                             : tr("Disabled: %1").arg(m_predictionsReason);
    case ColorModeAvailability::NoGroundTruth:
        return tr("Disabled: the scene has no labels (no label file beside it and none in the file)");
    case ColorModeAvailability::Available: break;
    }
    switch (mode) {
    case ColorMode::Height: return tr("Colour by the z coordinate");
    case ColorMode::Normal: return tr("Colour by the normal vector, x y z as red green blue");
    case ColorMode::Rgb: return tr("Colour by the colours stored in the file");
    case ColorMode::Scalar: return tr("Colour by the per-point value: %1").arg(m_scalarTitle);
    case ColorMode::LayerSampling:
        return tr("Highlight the sampled centres of one stage and the ball query of one centre");
    case ColorMode::Fp32Label: return tr("Colour each point by the class the FP32 model predicts");
    case ColorMode::Int8Label: return tr("Colour each point by the class the INT8 model predicts");
    case ColorMode::LabelFlips:
        return tr("Highlight the points whose INT8 class differs from the FP32 class; the others are grey");
    case ColorMode::GroundTruth: return tr("Colour each point by its labelled class");
    }
    return {};
}

bool PointCloudView::setColorMode(ColorMode mode)
{
    if (availability(mode) != ColorModeAvailability::Available)
        return false;
    m_modeBox->setCurrentIndex(indexOfMode(mode));
    if (m_colorMode != mode) {
        m_colorMode = mode;
        updateSamplingControls();
        applyColoring();
        Q_EMIT colorModeChanged(mode);
    }
    return true;
}

void PointCloudView::onColorModeIndexChanged(int index)
{
    if (index < 0)
        return;
    setColorMode(m_modeBox->itemData(index).value<ColorMode>());
}

void PointCloudView::updateModeItems()
{
    auto* model = qobject_cast<QStandardItemModel*>(m_modeBox->model());
    for (ColorMode mode : allModes) {
        QStandardItem* item = model->item(indexOfMode(mode));
        if (!item)
            continue;
        item->setEnabled(availability(mode) == ColorModeAvailability::Available);
        item->setToolTip(colorModeToolTip(mode));
    }
}

void PointCloudView::updateSamplingControls()
{
    const bool active = m_hasSampling && m_colorMode == ColorMode::LayerSampling;
    m_stageBox->setEnabled(active);
    m_centreBox->setEnabled(active);
    if (!m_hasSampling)
        return;
    const QSignalBlocker blockStage(m_stageBox);
    const QSignalBlocker blockCentre(m_centreBox);
    // A group-all stage samples nothing, so the range ends before it.
    int lastSamplingStage = 0;
    for (const StageSampling& stage : m_sampling.stages)
        if (!stage.groupsAll)
            lastSamplingStage = stage.stage;
    m_stageBox->setRange(1, std::max(1, lastSamplingStage));
    const StageSampling& stage = m_sampling.stages[static_cast<size_t>(m_stageBox->value())];
    m_centreBox->setRange(0, static_cast<int>(stage.centreRows.size(0)) - 1);
}

void PointCloudView::onSamplingStageChanged(int)
{
    updateSamplingControls();
    applyColoring();
    Q_EMIT samplingSelectionChanged(samplingStage(), samplingCentre());
}

void PointCloudView::onSamplingCentreChanged(int)
{
    applyColoring();
    Q_EMIT samplingSelectionChanged(samplingStage(), samplingCentre());
}

void PointCloudView::onPointSizeChanged(double pixels)
{
    m_scene->setPointSize(pixels);
    m_renderWidget->requestRender();
}

void PointCloudView::setPointSize(double pixels)
{
    m_pointSizeBox->setValue(pixels);
}

double PointCloudView::pointSize() const
{
    return m_scene->pointSize();
}

void PointCloudView::onInteractionStarted()
{
    m_scene->setInteractive(true);
}

void PointCloudView::onInteractionFinished()
{
    if (!m_scene->isInteractive())
        return;
    m_scene->setInteractive(false);
    m_renderWidget->requestRender();
}

int64_t PointCloudView::drawnPointCount() const
{
    return m_scene->drawnPointCount();
}

void PointCloudView::resetCamera()
{
    m_scene->resetCamera();
    m_renderWidget->requestRender();
}

} // namespace pointq::widgets
