#include "HistogramChartView.h"

#include <QAreaSeries>
#include <QChart>
#include <QEvent>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>

namespace pointq::widgets {

HistogramChartView::HistogramChartView(QWidget* parent)
    : QChartView(new QChart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(220, 230);
    chart()->legend()->hide();
}

void HistogramChartView::setHistogram(const QString& title, const ChartHistogram& data,
                                      std::optional<std::pair<double, double>> clipRange, std::optional<double> step)
{
    m_title = title;
    m_data = data;
    m_clipRange = clipRange;
    m_step = step;
    rebuild();
}

void HistogramChartView::setLogScale(bool logScale)
{
    if (logScale == m_logScale)
        return;
    m_logScale = logScale;
    rebuild();
}

QString HistogramChartView::title() const
{
    return chart()->title();
}

void HistogramChartView::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

void HistogramChartView::rebuild()
{
    QChart* chart = this->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->legend()->hide();

    QString title = m_title;
    if (m_step)
        title += tr(" — INT8 step %1").arg(*m_step, 0, 'g', 3);
    chart->setTitle(title);
    if (m_data.counts.empty())
        return;

    // A log axis cannot show 0, so empty bins sit at 0.5 there.
    const double floor = m_logScale ? 0.5 : 0.0;
    const double width = (m_data.maximum - m_data.minimum) / static_cast<double>(m_data.counts.size());
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    qint64 highest = 1;
    for (size_t bin = 0; bin < m_data.counts.size(); ++bin) {
        const double left = m_data.minimum + width * static_cast<double>(bin);
        const double count = std::max(floor, static_cast<double>(m_data.counts[bin]));
        upper->append(left, count);
        upper->append(left + width, count);
        lower->append(left, floor);
        lower->append(left + width, floor);
        highest = std::max(highest, m_data.counts[bin]);
    }
    auto* area = new QAreaSeries(upper, lower);
    upper->setParent(area);
    lower->setParent(area);
    area->setName(m_title);
    chart->addSeries(area);

    auto* xAxis = new QValueAxis(chart);
    double low = m_data.minimum;
    double high = m_data.maximum > m_data.minimum ? m_data.maximum : m_data.minimum + 1.0;
    if (m_clipRange) {
        low = std::min(low, m_clipRange->first);
        high = std::max(high, m_clipRange->second);
    }
    xAxis->setRange(low, high);
    xAxis->setTitleText(tr("value"));
    chart->addAxis(xAxis, Qt::AlignBottom);
    QAbstractAxis* yAxis = nullptr;
    if (m_logScale) {
        auto* logAxis = new QLogValueAxis(chart);
        logAxis->setBase(10.0);
        logAxis->setRange(floor, static_cast<double>(highest) * 2.0);
        logAxis->setLabelFormat(QStringLiteral("%g"));
        yAxis = logAxis;
    } else {
        auto* linearAxis = new QValueAxis(chart);
        linearAxis->setRange(0.0, static_cast<double>(highest) * 1.05);
        linearAxis->setLabelFormat(QStringLiteral("%d"));
        yAxis = linearAxis;
    }
    yAxis->setTitleText(tr("count"));
    chart->addAxis(yAxis, Qt::AlignLeft);
    area->attachAxis(xAxis);
    area->attachAxis(yAxis);

    if (!m_clipRange)
        return;
    for (double edge : {m_clipRange->first, m_clipRange->second}) {
        auto* marker = new QLineSeries(chart);
        marker->append(edge, floor);
        marker->append(edge, static_cast<double>(highest) * (m_logScale ? 2.0 : 1.05));
        QPen pen(QColor(220, 60, 60));
        pen.setWidth(2);
        pen.setStyle(Qt::DashLine);
        marker->setPen(pen);
        chart->addSeries(marker);
        marker->attachAxis(xAxis);
        marker->attachAxis(yAxis);
    }
}

} // namespace pointq::widgets
