#include "HistogramPanel.h"

#include "SessionController.h"
#include "charts/HistogramChartView.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace pointq::studio {

namespace {

constexpr int weightBins = 64;

widgets::ChartHistogram toChartData(const ValueHistogram& histogram)
{
    widgets::ChartHistogram data;
    data.minimum = histogram.minimum;
    data.maximum = histogram.maximum;
    data.counts.assign(histogram.counts.begin(), histogram.counts.end());
    return data;
}

// The latest run that measured the layer, with its index in the report.
const QuantizeReport* latestReportWith(const Session& session, const QString& name, size_t* index)
{
    for (auto run = session.runs.rbegin(); run != session.runs.rend(); ++run) {
        const auto& statistics = run->report.layerStatistics;
        for (size_t i = 0; i < statistics.size() && i < run->report.layers.size(); ++i) {
            if (QString::fromStdString(statistics[i].name) == name) {
                *index = i;
                return &run->report;
            }
        }
    }
    return nullptr;
}

} // namespace

HistogramPanel::HistogramPanel(SessionController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_title(new QLabel(this))
    , m_activation(new QComboBox(this))
    , m_channel(new QSpinBox(this))
    , m_logScale(new QCheckBox(tr("Log scale"), this))
    , m_details(new QLabel(this))
    , m_activationChart(new widgets::HistogramChartView(this))
    , m_weightChart(new widgets::HistogramChartView(this))
{
    m_title->setToolTip(tr("Layer whose histograms are shown; select a row in the layer table"));
    m_activation->addItem(tr("Input activations"));
    m_activation->addItem(tr("Output activations"));
    m_activation->setToolTip(tr("Which activations of the layer to show"));
    m_channel->setRange(-1, 0);
    m_channel->setSpecialValueText(tr("all channels"));
    m_channel->setPrefix(tr("channel "));
    m_channel->setToolTip(tr("Output channel of the weight histogram; INT8 weights have one step per channel"));
    m_logScale->setToolTip(tr("Logarithmic count axis, to see sparse tails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_activationChart->setToolTip(tr("Sampled activations over the calibration clouds; red lines mark the clip range"));
    m_weightChart->setToolTip(tr("Weights with batch norm folded in"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_activation);
    controls->addWidget(m_channel);
    controls->addWidget(m_logScale);
    controls->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addLayout(controls);
    auto* charts = new QHBoxLayout;
    charts->addWidget(m_activationChart, 1);
    charts->addWidget(m_weightChart, 1);
    layout->addLayout(charts, 1);
    layout->addWidget(m_details);

    connect(m_activation, &QComboBox::currentIndexChanged, this, &HistogramPanel::refreshActivations);
    connect(m_channel, &QSpinBox::valueChanged, this, &HistogramPanel::refreshWeights);
    connect(m_logScale, &QCheckBox::toggled, this, [this](bool on) {
        m_activationChart->setLogScale(on);
        m_weightChart->setLogScale(on);
    });
    connect(m_controller, &SessionController::runAdded, this, &HistogramPanel::refresh);
    connect(m_controller, &SessionController::sessionReplaced, this, &HistogramPanel::refresh);
    connect(m_controller, &SessionController::modelChanged, this, &HistogramPanel::refresh);
    refresh();
}

void HistogramPanel::setLayer(const QString& name)
{
    m_layer = name;
    refresh();
}

int HistogramPanel::activationBinCount() const
{
    return m_activationChart->binCount();
}

int HistogramPanel::weightBinCount() const
{
    return m_weightChart->binCount();
}

void HistogramPanel::refresh()
{
    m_title->setText(m_layer.isEmpty() ? tr("Select a layer in the Model dock") : m_layer);
    int channels = 0;
    if (const LoadedModel* model = m_controller->model())
        for (const auto& block : model->model->layers())
            if (QString::fromStdString(block->layerName()) == m_layer)
                channels = static_cast<int>(block->outChannels());
    const QSignalBlocker blocker(m_channel);
    m_channel->setRange(-1, std::max(0, channels - 1));
    if (m_channel->value() >= channels)
        m_channel->setValue(-1);
    refreshActivations();
    refreshWeights();
}

void HistogramPanel::refreshActivations()
{
    size_t index = 0;
    const QuantizeReport* report = m_layer.isEmpty() ? nullptr : latestReportWith(m_controller->session(), m_layer, &index);
    if (!report) {
        m_activationChart->setHistogram(tr("Activations: run once to observe them"), {}, std::nullopt, std::nullopt);
        m_details->setText(m_layer.isEmpty() ? QString() : tr("No run has measured this layer yet."));
        return;
    }
    const LayerStatistics& statistics = report->layerStatistics[index];
    const LayerSummary& summary = report->layers[index];
    const bool input = m_activation->currentIndex() == 0;
    std::optional<std::pair<double, double>> clip;
    std::optional<double> step;
    if (summary.int8) {
        clip = input ? std::pair<double, double>(statistics.inputClipMin, statistics.inputClipMax)
                     : std::pair<double, double>(statistics.outputClipMin, statistics.outputClipMax);
        step = input ? summary.inputScale : summary.outputScale;
    }
    m_activationChart->setHistogram(input ? tr("Input activations") : tr("Output activations"),
                                    toChartData(input ? statistics.input : statistics.output), clip, step);
    const QLocale locale;
    QString details = summary.int8 ? tr("INT8 layer. SQNR on its own input: %1 dB.")
                                         .arg(statistics.sqnrMeasured ? locale.toString(statistics.sqnrDb, 'f', 1) : tr("not measured"))
                                   : tr("Kept in FP32 in the latest run.");
    if (clip)
        details += QLatin1Char(' ') + tr("Clip range [%1, %2].").arg(clip->first, 0, 'g', 4).arg(clip->second, 0, 'g', 4);
    m_details->setText(details);
}

void HistogramPanel::refreshWeights()
{
    if (m_layer.isEmpty() || !m_controller->model()) {
        m_weightChart->setHistogram(tr("Weights"), {}, std::nullopt, std::nullopt);
        return;
    }
    const int channel = m_channel->value();
    ValueHistogram histogram;
    try {
        histogram = m_controller->weightHistogram(m_layer, channel, weightBins);
    } catch (const std::exception& error) {
        m_weightChart->setHistogram(QString::fromStdString(error.what()), {}, std::nullopt, std::nullopt);
        return;
    }
    if (channel < 0) {
        m_weightChart->setHistogram(tr("Weights, all channels (INT8 step per channel)"), toChartData(histogram),
                                    std::nullopt, std::nullopt);
        return;
    }
    // Symmetric per-channel INT8: the step is max|w| / 127 over the channel.
    const double absMax = std::max(std::abs(histogram.minimum), std::abs(histogram.maximum));
    m_weightChart->setHistogram(tr("Weights, channel %1").arg(channel), toChartData(histogram),
                                std::pair<double, double>(-absMax, absMax), absMax / 127.0);
}

} // namespace pointq::studio
