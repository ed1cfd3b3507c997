#include "HistogramPanel.h"

#include "SessionController.h"

#include "histogram/HistogramView.h"
#include "model/Classifier.h"
#include "quant/Folding.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <cmath>

namespace pointq::studio {

namespace {

constexpr int weightBins = 64;
// INT8 weights are symmetric per output channel: the step is max|w| / 127.
constexpr double int8WeightLevels = 127.0;

// The latest run that measured the layer, with the layer's index in the report.
const SessionRun* latestRunWith(const Session& session, const QString& name, size_t* index)
{
    for (auto run = session.runs.rbegin(); run != session.runs.rend(); ++run) {
        const auto& statistics = run->report.layerStatistics;
        for (size_t i = 0; i < statistics.size() && i < run->report.layers.size(); ++i) {
            if (QString::fromStdString(statistics[i].name) == name) {
                *index = i;
                return &*run;
            }
        }
    }
    return nullptr;
}

// A chart cannot scale the empty value range of a constant tensor. Such a
// tensor gets a range of one unit around its value, so its single bar shows.
void widenEmptyRange(widgets::HistogramData& data)
{
    if (data.maximum > data.minimum)
        return;
    data.minimum -= 0.5;
    data.maximum += 0.5;
}

const ConvBlock* findBlock(const LoadedModel* model, const QString& name)
{
    if (!model)
        return nullptr;
    for (const auto& block : model->model->layers())
        if (QString::fromStdString(block->layerName()) == name)
            return block.get();
    return nullptr;
}

// Bins the folded weight over its whole range, and every output channel over
// the same bins with the channel's own INT8 range and step.
widgets::HistogramData weightHistogramData(const ConvBlock& block)
{
    const at::Tensor weight = foldBatchNorm(block).weight.detach().to(at::kFloat);
    const at::Tensor rows = weight.reshape({weight.size(0), -1});
    widgets::HistogramData data;
    data.minimum = rows.min().item<double>();
    data.maximum = rows.max().item<double>();
    widenEmptyRange(data);
    const auto histogramOfRows = [&data](const at::Tensor& values) {
        const at::Tensor counts = at::histc(values, weightBins, data.minimum, data.maximum).to(at::kDouble).contiguous();
        return std::vector<double>(counts.data_ptr<double>(), counts.data_ptr<double>() + counts.numel());
    };
    data.counts = histogramOfRows(rows);
    const at::Tensor absoluteMaxima = rows.abs().amax(1).to(at::kDouble).contiguous();
    for (int64_t channel = 0; channel < rows.size(0); ++channel) {
        widgets::ChannelHistogram histogram;
        histogram.counts = histogramOfRows(rows[channel]);
        const double absoluteMax = absoluteMaxima[channel].item<double>();
        if (absoluteMax > 0.0)
            histogram.quantization = widgets::QuantizationOverlay{-absoluteMax, absoluteMax, absoluteMax / int8WeightLevels};
        data.channels.push_back(std::move(histogram));
    }
    return data;
}

} // namespace

HistogramPanel::HistogramPanel(SessionController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_title(new QLabel(this))
    , m_activation(new QComboBox(this))
    , m_details(new QLabel(this))
    , m_activationView(new widgets::HistogramView(this))
    , m_weightView(new widgets::HistogramView(this))
{
    m_title->setToolTip(tr("Layer whose histograms are shown; select a row in the layer table"));
    m_activation->setObjectName(QStringLiteral("activationKindBox"));
    m_activation->addItem(tr("Input activations"));
    m_activation->addItem(tr("Output activations"));
    m_activation->setToolTip(tr("Which activations of the layer to show"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_activationView->setObjectName(QStringLiteral("activationHistogram"));
    m_activationView->setToolTip(tr("Sampled activations over the calibration clouds of the latest run that measured "
                                    "this layer; the red lines mark the clipping range"));
    m_activationView->setMinimumSize(280, 200);
    m_weightView->setObjectName(QStringLiteral("weightHistogram"));
    m_weightView->setToolTip(tr("Weights with batch norm folded in; choose a channel to see its INT8 range and step"));
    m_weightView->setMinimumSize(280, 200);

    auto* header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_activation);
    auto* charts = new QHBoxLayout;
    charts->addWidget(m_activationView, 1);
    charts->addWidget(m_weightView, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(header);
    layout->addLayout(charts, 1);
    layout->addWidget(m_details);

    connect(m_activation, &QComboBox::currentIndexChanged, this, [this] {
        refreshActivations();
        updateDetails();
    });
    connect(m_controller, &SessionController::runAdded, this, &HistogramPanel::refresh);
    connect(m_controller, &SessionController::sessionReplaced, this, &HistogramPanel::refresh);
    connect(m_controller, &SessionController::modelChanged, this, &HistogramPanel::refresh);
    refresh();
}

void HistogramPanel::setLayer(const QString& name)
{
    if (name == m_layer)
        return;
    m_layer = name;
    refresh();
}

int HistogramPanel::activationBinCount() const
{
    return static_cast<int>(m_activationView->histogram().counts.size());
}

int HistogramPanel::weightBinCount() const
{
    return static_cast<int>(m_weightView->histogram().counts.size());
}

QString HistogramPanel::detailsText() const
{
    return m_details->text();
}

void HistogramPanel::refresh()
{
    m_title->setText(m_layer.isEmpty() ? tr("Select a layer in the layer table") : tr("Layer %1").arg(m_layer));
    refreshActivations();
    refreshWeights();
    updateDetails();
}

void HistogramPanel::refreshActivations()
{
    size_t index = 0;
    const SessionRun* run = m_layer.isEmpty() ? nullptr : latestRunWith(m_controller->session(), m_layer, &index);
    if (!run) {
        m_activationView->clear();
        m_activationDetails = m_layer.isEmpty() ? QString() : tr("Activations: no run has measured this layer yet.");
        return;
    }
    const LayerStatistics& statistics = run->report.layerStatistics[index];
    const LayerSummary& summary = run->report.layers[index];
    const bool input = m_activation->currentIndex() == 0;
    const ValueHistogram& values = input ? statistics.input : statistics.output;
    if (values.counts.empty()) {
        m_activationView->clear();
        m_activationDetails = tr("Activations: run %1 recorded no histogram for this layer.").arg(run->number);
        return;
    }

    widgets::HistogramData data;
    data.title = input ? tr("Input activations, run %1").arg(run->number) : tr("Output activations, run %1").arg(run->number);
    data.axisLabel = tr("activation value");
    data.minimum = values.minimum;
    data.maximum = values.maximum;
    data.counts.assign(values.counts.begin(), values.counts.end());
    widenEmptyRange(data);
    const double clipMinimum = input ? statistics.inputClipMin : statistics.outputClipMin;
    const double clipMaximum = input ? statistics.inputClipMax : statistics.outputClipMax;
    const double step = input ? summary.inputScale : summary.outputScale;
    const QLocale locale;
    if (summary.int8 && clipMaximum > clipMinimum && step > 0.0) {
        data.quantization = widgets::QuantizationOverlay{clipMinimum, clipMaximum, step};
        m_activationDetails = tr("Run %1: INT8 layer, clipping range [%2, %3], grid step %4; "
                                 "SQNR on its own input: %5.")
                                  .arg(run->number)
                                  .arg(locale.toString(clipMinimum, 'g', 4), locale.toString(clipMaximum, 'g', 4),
                                       locale.toString(step, 'g', 4))
                                  .arg(statistics.sqnrMeasured ? tr("%1 dB").arg(locale.toString(statistics.sqnrDb, 'f', 1))
                                                               : tr("not measured"));
    } else {
        m_activationDetails = summary.int8 ? tr("Run %1: INT8 layer without a usable clipping range.").arg(run->number)
                                           : tr("Run %1: kept in FP32, so no INT8 grid applies.").arg(run->number);
    }
    m_activationView->setHistogram(data);
}

void HistogramPanel::refreshWeights()
{
    const ConvBlock* block = findBlock(m_controller->model(), m_layer);
    if (!block) {
        m_weightView->clear();
        m_weightDetails = m_layer.isEmpty() || !m_controller->model() ? QString()
                                                                       : tr("Weights: the model has no layer %1.").arg(m_layer);
        return;
    }
    widgets::HistogramData data = weightHistogramData(*block);
    data.title = tr("Folded weights");
    data.axisLabel = tr("weight value");
    m_weightView->setHistogram(data);
    m_weightDetails = tr("Weights: %n output channel(s); INT8 uses one step per channel, max|w| / 127.", nullptr,
                         static_cast<int>(data.channels.size()));
}

void HistogramPanel::updateDetails()
{
    QStringList parts;
    for (const QString& part : {m_activationDetails, m_weightDetails})
        if (!part.isEmpty())
            parts.append(part);
    m_details->setText(parts.join(QLatin1Char(' ')));
}

} // namespace pointq::studio
