#include "histogram/HistogramView.h"

#include "histogram/HistogramChart.h"
#include "render/VtkFonts.h"
#include "render/VtkRenderWidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContextActor.h>
#include <vtkContextInteractorStyle.h>
#include <vtkContextScene.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkNew.h>
#include <vtkRenderer.h>
#include <vtkTextProperty.h>

#include <stdexcept>

namespace pointq::widgets {

HistogramView::HistogramView(QWidget* parent)
    : QWidget(parent),
      m_chart(vtkSmartPointer<HistogramChart>::New()),
      m_chartActor(vtkSmartPointer<vtkContextActor>::New())
{
    m_renderWidget = new VtkRenderWidget(this);
    m_renderWidget->setObjectName(QStringLiteral("histogramRenderWidget"));
    m_renderWidget->setToolTip(tr("The wheel zooms the value axis, left drag pans, middle drag zooms both axes"));
    m_renderWidget->renderer()->SetBackground(1.0, 1.0, 1.0);

    // The chart lives in a context actor of the widget's own renderer, and a
    // context interactor style passes mouse events to the chart instead of
    // the camera.
    m_chartActor->GetScene()->AddItem(m_chart);
    m_chartActor->GetScene()->SetRenderer(m_renderWidget->renderer());
    m_renderWidget->renderer()->AddActor(m_chartActor);
    vtkNew<vtkContextInteractorStyle> style;
    style->SetScene(m_chartActor->GetScene());
    m_renderWidget->interactor()->SetInteractorStyle(style);

    // Histogram bins touch, unlike the categories of a bar chart.
    m_chart->SetBarWidthFraction(1.0f);
    m_chart->SetShowLegend(true);
    m_chart->GetLegend()->SetHorizontalAlignment(vtkChartLegend::RIGHT);
    m_chart->GetLegend()->SetVerticalAlignment(vtkChartLegend::TOP);
    m_chart->GetTitleProperties()->SetFontSize(14);
    m_chart->GetAxis(vtkAxis::BOTTOM)->SetGridVisible(true);
    for (vtkTextProperty* text : {m_chart->GetTitleProperties(), m_chart->GetLegend()->GetLabelProperties(),
                                  m_chart->GetAxis(vtkAxis::BOTTOM)->GetTitleProperties(),
                                  m_chart->GetAxis(vtkAxis::LEFT)->GetTitleProperties()})
        applyUiFont(text);

    buildControls();
    clear();
}

HistogramView::~HistogramView() = default;

void HistogramView::buildControls()
{
    m_channelBox = new QComboBox(this);
    m_channelBox->setObjectName(QStringLiteral("channelBox"));
    m_channelBox->setToolTip(tr("Show the histogram of all channels or of one channel"));

    m_logScaleBox = new QCheckBox(tr("Log scale"), this);
    m_logScaleBox->setObjectName(QStringLiteral("logScaleBox"));
    m_logScaleBox->setToolTip(tr("Show counts as log10(count + 1), so that sparse tails stay visible"));

    m_resetZoomButton = new QPushButton(tr("Reset zoom"), this);
    m_resetZoomButton->setObjectName(QStringLiteral("resetZoomButton"));
    m_resetZoomButton->setToolTip(tr("Show the whole value range again"));

    m_legend = new QLabel(this);
    m_legend->setObjectName(QStringLiteral("histogramLegend"));
    m_legend->setWordWrap(true);
    m_legend->setToolTip(tr("Quantization range, grid step and the share of values outside the range"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Channel:"), this));
    controls->addWidget(m_channelBox);
    controls->addWidget(m_logScaleBox);
    controls->addStretch(1);
    controls->addWidget(m_resetZoomButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_renderWidget, 1);
    layout->addWidget(m_legend);

    connect(m_channelBox, &QComboBox::currentIndexChanged, this, &HistogramView::onChannelIndexChanged);
    connect(m_logScaleBox, &QCheckBox::toggled, this, &HistogramView::onLogScaleToggled);
    connect(m_resetZoomButton, &QPushButton::clicked, this, &HistogramView::resetZoom);
}

void HistogramView::setHistogram(const HistogramData& data)
{
    const QString problem = histogramDataProblem(data);
    if (!problem.isEmpty())
        throw std::invalid_argument(problem.toStdString());
    m_data = data;
    m_hasData = true;
    {
        const QSignalBlocker blocker(m_channelBox);
        m_channelBox->clear();
        m_channelBox->addItem(tr("All channels"), -1);
        for (size_t channel = 0; channel < m_data.channels.size(); ++channel)
            m_channelBox->addItem(tr("Channel %1").arg(channel), static_cast<int>(channel));
        m_channelBox->setCurrentIndex(0);
    }
    m_channelBox->setEnabled(!m_data.channels.empty());
    m_logScaleBox->setEnabled(true);
    m_resetZoomButton->setEnabled(true);
    rebuildPlots();
}

void HistogramView::clear()
{
    m_data = HistogramData();
    m_hasData = false;
    {
        const QSignalBlocker blocker(m_channelBox);
        m_channelBox->clear();
        m_channelBox->addItem(tr("All channels"), -1);
    }
    m_channelBox->setEnabled(false);
    m_logScaleBox->setEnabled(false);
    m_resetZoomButton->setEnabled(false);
    rebuildPlots();
}

void HistogramView::setLogScale(bool enabled)
{
    m_logScaleBox->setChecked(enabled);
}

bool HistogramView::logScale() const
{
    return m_logScaleBox->isChecked();
}

void HistogramView::onLogScaleToggled(bool)
{
    rebuildPlots();
}

void HistogramView::setChannel(int channel)
{
    if (channel < -1 || channel >= static_cast<int>(m_data.channels.size()))
        throw std::out_of_range("channel " + std::to_string(channel) + " is not in a histogram with " +
                                std::to_string(m_data.channels.size()) + " channels");
    m_channelBox->setCurrentIndex(channel + 1);
}

int HistogramView::channel() const
{
    return m_channelBox->currentData().toInt();
}

void HistogramView::onChannelIndexChanged(int index)
{
    if (index < 0)
        return;
    rebuildPlots();
    Q_EMIT channelChanged(channel());
}

HistogramChart* HistogramView::chart() const
{
    return m_chart;
}

const std::vector<double>& HistogramView::shownCounts() const
{
    const int selected = channel();
    if (selected >= 0)
        return m_data.channels[static_cast<size_t>(selected)].counts;
    return m_data.counts;
}

std::optional<QuantizationOverlay> HistogramView::shownOverlay() const
{
    const int selected = channel();
    if (selected >= 0 && m_data.channels[static_cast<size_t>(selected)].quantization)
        return m_data.channels[static_cast<size_t>(selected)].quantization;
    return m_data.quantization;
}

} // namespace pointq::widgets
