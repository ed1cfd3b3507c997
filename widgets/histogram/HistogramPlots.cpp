// The VTK plots of HistogramView: bars, clipping lines, grid ticks, axes and legend.

#include "histogram/HistogramView.h"

#include "histogram/HistogramChart.h"
#include "render/VtkRenderWidget.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QLabel>

#include <vtkAxis.h>
#include <vtkChartXY.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPen.h>
#include <vtkPlotBar.h>
#include <vtkPlotLine.h>
#include <vtkTable.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pointq::widgets {

namespace {

// The number of histogrammed values as a phrase; tr() inflects counts that fit an int.
QString valueCountText(double total)
{
    if (total <= static_cast<double>(std::numeric_limits<int>::max())) {
        const int count = static_cast<int>(total);
        return QCoreApplication::translate("pointq::widgets::HistogramView", "%Ln value(s)", nullptr, count);
    }
    return QCoreApplication::translate("pointq::widgets::HistogramView", "%1 values").arg(total, 0, 'f', 0);
}

// More grid values than this come from a step far smaller than the range,
// whose ticks would merge into a solid band. They are left out, and the
// legend states it.
constexpr int maximumGridTicks = 4096;

vtkSmartPointer<vtkTable> makeTable(const char* xName, const char* yName, const std::vector<double>& x,
                                    const std::vector<double>& y)
{
    vtkNew<vtkDoubleArray> xColumn;
    xColumn->SetName(xName);
    vtkNew<vtkDoubleArray> yColumn;
    yColumn->SetName(yName);
    auto table = vtkSmartPointer<vtkTable>::New();
    table->AddColumn(xColumn);
    table->AddColumn(yColumn);
    table->SetNumberOfRows(static_cast<vtkIdType>(x.size()));
    for (size_t row = 0; row < x.size(); ++row) {
        table->SetValue(static_cast<vtkIdType>(row), 0, x[row]);
        table->SetValue(static_cast<vtkIdType>(row), 1, y[row]);
    }
    return table;
}

double displayedCount(double count, bool logScale)
{
    return logScale ? std::log10(count + 1.0) : count;
}

} // namespace

void HistogramView::rebuildPlots()
{
    m_chart->ClearPlots();
    m_gridTickCount = 0;
    m_chart->SetTitle(m_hasData ? m_data.title.toStdString() : tr("No histogram").toStdString());
    m_chart->GetAxis(vtkAxis::BOTTOM)->SetTitle(m_data.axisLabel.toStdString());
    m_chart->GetAxis(vtkAxis::LEFT)->SetTitle(
        (logScale() ? tr("log10(count + 1)") : tr("count")).toStdString());
    if (!m_hasData) {
        m_legend->setText(legendText());
        m_renderWidget->requestRender();
        return;
    }

    const std::vector<double>& counts = shownCounts();
    double top = 0.0;
    for (double count : counts)
        top = std::max(top, displayedCount(count, logScale()));
    if (top <= 0.0)
        top = 1.0;

    addBars(counts);
    if (const std::optional<QuantizationOverlay> overlay = shownOverlay()) {
        addClippingLines(*overlay, top);
        addGridTicks(*overlay, top);
    }
    resetZoom();
    m_legend->setText(legendText());
}

void HistogramView::addBars(const std::vector<double>& counts)
{
    const double binWidth = (m_data.maximum - m_data.minimum) / static_cast<double>(counts.size());
    std::vector<double> centres(counts.size());
    std::vector<double> heights(counts.size());
    for (size_t bin = 0; bin < counts.size(); ++bin) {
        centres[bin] = m_data.minimum + (static_cast<double>(bin) + 0.5) * binWidth;
        heights[bin] = displayedCount(counts[bin], logScale());
    }
    auto* bars = vtkPlotBar::SafeDownCast(m_chart->AddPlot(vtkChart::BAR));
    bars->SetInputData(makeTable("value", "count", centres, heights), 0, 1);
    bars->SetColor(70, 110, 180, 255);
    bars->GetPen()->SetLineType(vtkPen::NO_PEN);
    bars->SetLabel(tr("counts").toStdString());
}

void HistogramView::addClippingLines(const QuantizationOverlay& overlay, double top)
{
    // Two separate vertical segments, one per end of the range.
    const std::vector<double> x = {overlay.clipMinimum, overlay.clipMinimum, overlay.clipMaximum, overlay.clipMaximum};
    const std::vector<double> y = {0.0, top * 1.02, 0.0, top * 1.02};
    auto* lines = vtkPlotLine::SafeDownCast(m_chart->AddPlot(vtkChart::LINE));
    lines->SetInputData(makeTable("value", "clipping range", x, y), 0, 1);
    lines->SetPolyLine(false);
    lines->SetColor(210, 30, 30, 255);
    lines->SetWidth(2.0f);
    lines->SetLabel(tr("clipping range %1 to %2")
                        .arg(overlay.clipMinimum, 0, 'g', 4)
                        .arg(overlay.clipMaximum, 0, 'g', 4)
                        .toStdString());
}

void HistogramView::addGridTicks(const QuantizationOverlay& overlay, double top)
{
    const double span = overlay.clipMaximum - overlay.clipMinimum;
    const double valueCount = std::floor(span / overlay.gridStep + 1e-9) + 1.0;
    if (valueCount > maximumGridTicks)
        return;
    const int ticks = static_cast<int>(valueCount);
    std::vector<double> x;
    std::vector<double> y;
    x.reserve(2 * size_t(ticks));
    y.reserve(2 * size_t(ticks));
    const double tickHeight = top * 0.04;
    for (int k = 0; k < ticks; ++k) {
        const double value = overlay.clipMinimum + k * overlay.gridStep;
        x.insert(x.end(), {value, value});
        y.insert(y.end(), {0.0, tickHeight});
    }
    auto* grid = vtkPlotLine::SafeDownCast(m_chart->AddPlot(vtkChart::LINE));
    grid->SetInputData(makeTable("value", "grid", x, y), 0, 1);
    grid->SetPolyLine(false);
    grid->SetColor(20, 140, 60, 255);
    grid->SetWidth(1.0f);
    grid->SetLabel(tr("quantized grid, step %1").arg(overlay.gridStep, 0, 'g', 4).toStdString());
    m_gridTickCount = ticks;
}

void HistogramView::resetZoom()
{
    if (!m_hasData)
        return;
    double low = m_data.minimum;
    double high = m_data.maximum;
    double top = 0.0;
    for (double count : shownCounts())
        top = std::max(top, displayedCount(count, logScale()));
    if (const std::optional<QuantizationOverlay> overlay = shownOverlay()) {
        low = std::min(low, overlay->clipMinimum);
        high = std::max(high, overlay->clipMaximum);
    }
    const double margin = 0.02 * (high - low);
    vtkAxis* bottom = m_chart->GetAxis(vtkAxis::BOTTOM);
    bottom->SetBehavior(vtkAxis::FIXED);
    bottom->SetRange(low - margin, high + margin);
    vtkAxis* left = m_chart->GetAxis(vtkAxis::LEFT);
    left->SetBehavior(vtkAxis::FIXED);
    left->SetRange(0.0, top > 0.0 ? top * 1.08 : 1.0);
    m_renderWidget->requestRender();
}

QString HistogramView::legendText() const
{
    if (!m_hasData)
        return tr("No histogram is set.");
    const std::vector<double>& counts = shownCounts();
    double total = 0.0;
    for (double count : counts)
        total += count;
    const std::optional<QuantizationOverlay> overlay = shownOverlay();
    if (!overlay)
        return tr("%1 in %n bin(s) from %2 to %3; no quantization range is set.", nullptr, static_cast<int>(counts.size()))
            .arg(valueCountText(total))
            .arg(m_data.minimum, 0, 'g', 4)
            .arg(m_data.maximum, 0, 'g', 4);

    // A bin counts as clipped when its centre lies outside the range, so the
    // shares are exact only to one bin width.
    const double binWidth = (m_data.maximum - m_data.minimum) / static_cast<double>(counts.size());
    double below = 0.0;
    double above = 0.0;
    for (size_t bin = 0; bin < counts.size(); ++bin) {
        const double centre = m_data.minimum + (static_cast<double>(bin) + 0.5) * binWidth;
        if (centre < overlay->clipMinimum)
            below += counts[bin];
        else if (centre > overlay->clipMaximum)
            above += counts[bin];
    }
    const double share = total > 0.0 ? 100.0 / total : 0.0;
    QString text = tr("Clipping range [%1, %2], grid step %3 (%4 grid values). Clipped: %5% below, %6% above.")
                       .arg(overlay->clipMinimum, 0, 'g', 5)
                       .arg(overlay->clipMaximum, 0, 'g', 5)
                       .arg(overlay->gridStep, 0, 'g', 4)
                       .arg(std::floor((overlay->clipMaximum - overlay->clipMinimum) / overlay->gridStep + 1e-9) + 1.0,
                            0, 'f', 0)
                       .arg(below * share, 0, 'f', 2)
                       .arg(above * share, 0, 'f', 2);
    if (m_gridTickCount == 0)
        text += QLatin1Char(' ') + tr("The grid has more than %1 values, so its ticks are not drawn.")
                                       .arg(maximumGridTicks);
    return text;
}

} // namespace pointq::widgets
