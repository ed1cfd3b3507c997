#include "CloudPanel.h"

#include "SceneLayoutText.h"
#include "SessionController.h"

#include "cloud/PointCloudView.h"
#include "model/Classifier.h"
#include "quant/QuantizedModel.h"
#include "report/ErrorSnapshots.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace pointq::studio {

using Kind = CloudDiagnosticsRequest::Kind;
using widgets::ColorMode;

namespace {

// Encoder stage of a layer, or -1 for head and decoder layers and unknown names.
int stageOfLayer(const LoadedModel* model, const QString& name)
{
    if (!model)
        return -1;
    for (const auto& block : model->model->layers())
        if (QString::fromStdString(block->layerName()) == name)
            return block->place().stage;
    return -1;
}

} // namespace

CloudPanel::CloudPanel(SessionController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_diagnostics(new CloudDiagnostics(this))
    , m_view(new widgets::PointCloudView(this))
    , m_layerBox(new QComboBox(this))
    , m_status(new QLabel(this))
{
    m_view->setScalarModeName(tr("FP32-INT8 difference"));
    m_view->setMinimumSize(320, 240);
    m_layerBox->setObjectName(QStringLiteral("cloudLayerBox"));
    m_layerBox->setToolTip(tr("Encoder layer whose sampling stage and FP32-INT8 difference the 3D view colours; "
                              "selecting a row in the layer table chooses it too"));
    m_layerBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_status->setObjectName(QStringLiteral("cloudStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setToolTip(tr("What the layer-sampling and difference colourings show, or why they are not available"));

    auto* layerRow = new QHBoxLayout;
    layerRow->addWidget(new QLabel(tr("Layer:"), this));
    layerRow->addWidget(m_layerBox);
    layerRow->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(layerRow);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);

    connect(m_layerBox, &QComboBox::currentIndexChanged, this, &CloudPanel::onLayerIndexChanged);
    connect(m_view, &widgets::PointCloudView::colorModeChanged, this, &CloudPanel::onColorModeChanged);
    connect(m_diagnostics, &CloudDiagnostics::finished, this, &CloudPanel::onDiagnosticsFinished);
    connect(m_controller, &SessionController::modelChanged, this, &CloudPanel::onModelChanged);
    connect(m_controller, &SessionController::sessionReplaced, this, &CloudPanel::onModelChanged);
    rebuildLayers();
    showCloud(-1);
}

void CloudPanel::rebuildLayers()
{
    const QString previous = currentLayer();
    const QSignalBlocker blocker(m_layerBox);
    m_layerBox->clear();
    if (const LoadedModel* model = m_controller->model())
        for (const auto& block : model->model->layers())
            if (block->place().stage >= 0)
                m_layerBox->addItem(QString::fromStdString(block->layerName()));
    const int found = m_layerBox->findText(previous);
    // Stage 1 is the first stage that samples, so its first layer is the default.
    const int stageOne = m_layerBox->findText(QStringLiteral("encoder.encoder.1"), Qt::MatchStartsWith);
    m_layerBox->setCurrentIndex(found >= 0 ? found : std::max(stageOne, m_layerBox->count() > 0 ? 0 : -1));
    m_layerBox->setEnabled(m_layerBox->count() > 0);
}

void CloudPanel::onModelChanged()
{
    // The INT8 model and the predictions of an earlier run belong to the model they came from.
    m_quantized.reset();
    m_quantizedRun = 0;
    m_sceneRun = SegmentationComparison();
    m_sceneRunNumber = 0;
    m_groundTruthNote.clear();
    m_layerNote.clear();
    rebuildLayers();
    showCloud(m_cloudIndex);
}

QString CloudPanel::currentLayer() const
{
    return m_layerBox->currentText();
}

void CloudPanel::setLayer(const QString& name)
{
    const int index = m_layerBox->findText(name);
    if (index < 0) {
        m_layerNote = name.isEmpty() ? QString()
                                     : tr("Layer %1 is not an encoder layer: its output is per cloud, not per point, "
                                          "so the 3D view keeps layer %2.")
                                           .arg(name, currentLayer());
        updateStatus();
        return;
    }
    m_layerNote.clear();
    m_layerBox->setCurrentIndex(index);
    updateStatus();
}

void CloudPanel::onLayerIndexChanged(int)
{
    m_layerNote.clear();
    applyLayerStage();
    requestDifference();
}

void CloudPanel::setQuantizedModel(std::shared_ptr<QuantizedModel> model, int runNumber)
{
    m_quantized = std::move(model);
    m_quantizedRun = runNumber;
    requestDifference();
}

void CloudPanel::setSegmentationRun(const SessionRun& run)
{
    if (!run.report.segmentation)
        return;
    m_sceneRun = run.report.scene;
    m_sceneRunNumber = run.number;
    // The view keeps its camera, since the scene stays the same.
    if (m_controller->scene() && m_cloudIndex == 0 && m_view->labelModesVisible())
        applySceneLabels();
}

void CloudPanel::showScene()
{
    const SegmentationScene* scene = m_controller->scene();
    m_cloudIndex = 0;
    PointCloud cloud;
    cloud.positions = scene->cloud.positions;
    cloud.colors = scene->cloud.colors;
    cloud.normals = scene->cloud.normals;
    m_updatingView = true;
    m_view->setLabelModesVisible(true);
    m_view->setCloud(cloud);
    m_updatingView = false;
    applySceneLabels();
    requestSampling();
    requestDifference();
}

void CloudPanel::applySceneLabels()
{
    const SegmentationScene* scene = m_controller->scene();
    const LoadedModel* model = m_controller->model();
    const PointCloud& cloud = scene->cloud;
    widgets::PointLabels labels;
    labels.classCount = model->args.head.numClasses;
    labels.classNames = segmentationClassNames(model->dataset.name, labels.classCount);
    m_groundTruthNote.clear();
    const at::Tensor& truth = scene->cloud.labels;
    if (truth.defined() && truth.numel() > 0 && truth.max().item<int64_t>() >= labels.classCount)
        m_groundTruthNote = tr("Ground truth: the labels reach class %1, but the model has %n class(es), so they "
                               "are not shown.",
                               nullptr, static_cast<int>(labels.classCount))
                                .arg(truth.max().item<int64_t>());
    else if (truth.defined() && truth.ge(0).any().item<bool>())
        labels.groundTruth = truth;
    const bool runMatches = m_sceneRun.fp32Labels.defined() && m_sceneRun.points == cloud.size()
                            && m_sceneRun.sceneFile == scene->cloud.sourceFile;
    if (runMatches) {
        labels.fp32 = m_sceneRun.fp32Labels;
        labels.int8 = m_sceneRun.int8Labels;
        m_view->setPredictionsUnavailableReason({});
    } else if (m_sceneRun.fp32Labels.defined()) {
        m_view->setPredictionsUnavailableReason(
            tr("run %1 predicted another scene; run again on this one").arg(m_sceneRunNumber));
    } else {
        m_view->setPredictionsUnavailableReason(tr("available after a run in this window finishes"));
    }
    m_updatingView = true;
    m_view->setPointLabels(labels);
    m_updatingView = false;
    updateSceneStatus();
    restorePreferredMode();
    updateStatus();
}

void CloudPanel::updateSceneStatus()
{
    const SegmentationScene* scene = m_controller->scene();
    if (!scene) {
        m_sceneStatus.clear();
        return;
    }
    const QLocale locale;
    const int64_t points = scene->cloud.size();
    QStringList lines;
    QString description = tr("Scene %1: %Ln point(s), shown whole.", nullptr, static_cast<int>(points))
                              .arg(QFileInfo(m_controller->session().dataPath).fileName());
    if (scene->inferredFormat)
        description += QLatin1Char(' ') + SceneLayoutText::describe(*scene->inferredFormat);
    lines.append(description);
    if (m_controller->session().checkpointPath.isEmpty())
        lines.append(tr("Random weights: no checkpoint is open, so the predicted classes are arbitrary; the label "
                        "flips still show what INT8 changes."));
    const widgets::PointLabels& labels = m_view->pointLabels();
    if (labels.fp32.defined()) {
        const int64_t flipped = m_view->flippedPointCount();
        lines.append(tr("Labels of run %1: %2 of %Ln point(s) (%3%) change class from FP32 to INT8.", nullptr,
                        static_cast<int>(points))
                         .arg(m_sceneRunNumber)
                         .arg(locale.toString(flipped))
                         .arg(locale.toString(points > 0 ? 100.0 * double(flipped) / double(points) : 0.0, 'f', 2)));
    } else {
        lines.append(tr("FP32 label, INT8 label and flips: %1.")
                         .arg(m_sceneRun.fp32Labels.defined()
                                  ? tr("run %1 predicted another scene; run again on this one").arg(m_sceneRunNumber)
                                  : tr("available after a run in this window finishes")));
    }
    if (!m_groundTruthNote.isEmpty())
        lines.append(m_groundTruthNote);
    else if (!labels.groundTruth.defined())
        lines.append(tr("Ground truth: the scene has no labels."));
    m_sceneStatus = lines.join(QLatin1Char('\n'));
}

void CloudPanel::showCloud(int index)
{
    if (m_controller->scene()) {
        showScene();
        return;
    }
    m_sceneStatus.clear();
    m_view->setLabelModesVisible(false);
    const EvaluationData* data = m_controller->data();
    const bool valid = data && index >= 0 && index < data->inputs.pos.size(0);
    m_cloudIndex = valid ? index : -1;
    PointCloud cloud;
    cloud.positions = valid ? data->inputs.pos[index] : at::empty({0, 3}, at::kFloat);
    m_updatingView = true;
    m_view->setCloud(cloud);
    m_updatingView = false;
    requestSampling();
    requestDifference();
}

bool CloudPanel::prepareRequest(CloudDiagnosticsRequest& request, QString* reason) const
{
    const LoadedModel* model = m_controller->model();
    if (!model) {
        *reason = tr("open a config and a checkpoint first");
        return false;
    }
    if (model->model->segments()) {
        *reason = tr("not available for segmentation models");
        return false;
    }
    if (m_cloudIndex < 0) {
        *reason = tr("open evaluation data first");
        return false;
    }
    const at::Tensor positions = m_controller->data()->inputs.pos[m_cloudIndex];
    request.cloudIndex = m_cloudIndex;
    request.cloud.positions = positions;
    request.floatModel = model->model;
    // The evaluation data contains clouds that are already sampled and normalized, so
    // the model takes them whole and as they are.
    // NOTE: with in_channels 4 the heights channel is then computed from the
    // normalized positions, a scaled copy of what the run fed the model.
    request.options.numPoints = positions.size(0);
    request.options.sampling = Sampling::First;
    request.options.normalization = Normalization::None;
    request.options.gravityDim = model->dataset.gravityDim;
    return true;
}

void CloudPanel::requestSampling()
{
    CloudDiagnosticsRequest request;
    request.kind = Kind::Sampling;
    QString reason;
    if (!prepareRequest(request, &reason)) {
        m_diagnostics->cancel(Kind::Sampling);
        m_samplingStatus = tr("Layer sampling: %1.").arg(reason);
        updateStatus();
        return;
    }
    m_diagnostics->request(request);
    m_samplingStatus = tr("Layer sampling: tracing cloud %1 through the FP32 model…").arg(m_cloudIndex);
    updateStatus();
}

void CloudPanel::requestDifference()
{
    CloudDiagnosticsRequest request;
    request.kind = Kind::Difference;
    QString reason;
    bool ready = prepareRequest(request, &reason);
    if (ready && !m_quantized) {
        reason = tr("available after a run in this window finishes");
        ready = false;
    }
    if (ready && currentLayer().isEmpty()) {
        reason = tr("choose a layer");
        ready = false;
    }
    if (!ready) {
        m_diagnostics->cancel(Kind::Difference);
        m_updatingView = true;
        m_view->clearPointScalars();
        m_updatingView = false;
        m_differenceStatus = tr("FP32-INT8 difference: %1.").arg(reason);
        updateStatus();
        return;
    }
    request.quantizedModel = m_quantized;
    request.layerName = currentLayer().toStdString();
    m_diagnostics->request(request);
    m_differenceStatus = tr("FP32-INT8 difference: computing layer %1 of run %2 on cloud %3…")
                             .arg(currentLayer())
                             .arg(m_quantizedRun)
                             .arg(m_cloudIndex);
    updateStatus();
}

void CloudPanel::onDiagnosticsFinished(const CloudDiagnosticsResult& result)
{
    if (result.cloudIndex != m_cloudIndex)
        return;
    m_updatingView = true;
    if (result.kind == Kind::Sampling) {
        if (result.error.isEmpty()) {
            m_view->setSampling(result.sampling);
            applyLayerStage();
            m_samplingStatus = tr("Layer sampling: cloud %1 traced through %n encoder stage(s).", nullptr,
                                  static_cast<int>(result.sampling.stages.size()))
                                   .arg(m_cloudIndex);
        } else {
            m_view->clearSampling();
            m_samplingStatus = tr("Layer sampling failed: %1").arg(result.error);
        }
    } else if (result.error.isEmpty()) {
        const LayerPointDifference& difference = result.difference;
        const QString layer = QString::fromStdString(result.layerName);
        // The colour bar has room for a short title only; the status line names the layer.
        m_view->setPointScalars(difference.cloudDifference, tr("FP32-INT8 difference"));
        const QLocale locale;
        m_differenceStatus =
            tr("FP32-INT8 difference at %1 (run %2): mean %3, max %4 over %Ln point(s) of stage %5; "
               "the FP32 output norm averages %6.",
               nullptr, static_cast<int>(difference.pointRows.size(0)))
                .arg(layer)
                .arg(m_quantizedRun)
                .arg(locale.toString(difference.pointDifference.mean().item<double>(), 'g', 3))
                .arg(locale.toString(difference.pointDifference.max().item<double>(), 'g', 3))
                .arg(difference.stage)
                .arg(locale.toString(difference.pointReference.mean().item<double>(), 'g', 3));
    } else {
        m_view->clearPointScalars();
        m_differenceStatus = tr("FP32-INT8 difference failed: %1").arg(result.error);
    }
    m_updatingView = false;
    restorePreferredMode();
    updateStatus();
    Q_EMIT diagnosticsUpdated();
}

void CloudPanel::applyLayerStage()
{
    if (m_view->availability(ColorMode::LayerSampling) != widgets::ColorModeAvailability::Available)
        return;
    const int stage = stageOfLayer(m_controller->model(), currentLayer());
    // The stem (stage 0) samples nothing; setSamplingSelection clamps it to stage 1.
    m_view->setSamplingSelection(std::max(stage, 1), m_view->samplingCentre());
}

void CloudPanel::onColorModeChanged(ColorMode mode)
{
    if (!m_updatingView)
        m_preferredMode = mode;
}

void CloudPanel::showLayerDifference(const QString& name)
{
    m_preferredMode = widgets::ColorMode::Scalar;
    setLayer(name);
    requestDifference();
    restorePreferredMode();
    updateStatus();
}

void CloudPanel::restorePreferredMode()
{
    if (m_view->colorMode() == m_preferredMode)
        return;
    m_updatingView = true;
    m_view->setColorMode(m_preferredMode);
    m_updatingView = false;
}

void CloudPanel::addErrorSnapshots(report::ReportContent& content, int runNumber, int count)
{
    // The report is written in English whatever the interface language, so these reasons are not translated.
    const LoadedModel* model = m_controller->model();
    if (model && model->model->segments()) {
        content.snapshotAbsentReason = report::segmentationSnapshotReason;
        return;
    }
    const EvaluationData* data = m_controller->data();
    if (!model || !data) {
        content.snapshotAbsentReason = "The session has no model or no evaluation clouds open.";
        return;
    }
    if (!m_quantized || m_quantizedRun != runNumber) {
        content.snapshotAbsentReason = "The INT8 model of run " + std::to_string(runNumber)
                                       + " is not in memory, because the session was opened from a file or the model "
                                         "changed after the run. Run again in this window to include them.";
        return;
    }
    const int64_t shown = std::min<int64_t>(count, data->inputs.pos.size(0));
    content.snapshotClouds = "the first " + std::to_string(shown) + " clouds open in the workbench (" + data->description
                             + "), coloured by the INT8 model of run " + std::to_string(runNumber);
    // The diagnostics thread runs the same models for the 3D view. Sharing its thread keeps
    // the quantized model's layer observer from being set by two calls at once.
    m_diagnostics->runAndWait([&] {
        report::addErrorSnapshots(content, *model->model, *m_quantized, *data, model->dataset.gravityDim, count);
    });
}

bool CloudPanel::isComputing() const
{
    return m_diagnostics->isBusy(Kind::Sampling) || m_diagnostics->isBusy(Kind::Difference);
}

QString CloudPanel::statusText() const
{
    return m_status->text();
}

void CloudPanel::updateStatus()
{
    QStringList lines{m_samplingStatus, m_differenceStatus};
    if (!m_sceneStatus.isEmpty())
        lines.prepend(m_sceneStatus);
    if (!m_layerNote.isEmpty())
        lines.append(m_layerNote);
    m_status->setText(lines.join(QLatin1Char('\n')));
}

} // namespace pointq::studio
