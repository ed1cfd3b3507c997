#include "report/ReportCharts.h"

#include "report/PageLayout.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace pointq::report {

namespace {

constexpr double titleHeight = 16.0;
constexpr double axisHeight = 22.0;

void drawTitle(QPainter& painter, const QRectF& area, const QString& title)
{
    painter.setFont(PageLayout::bodyFont(8.5, true));
    painter.setPen(Qt::black);
    painter.drawText(QRectF(area.left(), area.top(), area.width(), 13.0), Qt::AlignLeft | Qt::AlignVCenter, title);
}

// A "nice" axis step (1, 2 or 5 times a power of ten) for about `ticks` ticks.
double niceStep(double span, int ticks)
{
    if (!(span > 0.0))
        return 1.0;
    const double raw = span / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double fraction = raw / power;
    double nice = 10.0;
    if (fraction < 1.5)
        nice = 1.0;
    else if (fraction < 3.5)
        nice = 2.0;
    else if (fraction < 7.5)
        nice = 5.0;
    return nice * power;
}

} // namespace

QColor errorColour(double fraction)
{
    // Piecewise-linear stops of a perceptually ordered dark-to-bright scale.
    static const double stops[][3] = {{0.27, 0.00, 0.33}, {0.23, 0.32, 0.55}, {0.13, 0.57, 0.55},
                                      {0.37, 0.79, 0.38}, {0.99, 0.91, 0.14}};
    fraction = std::clamp(std::isfinite(fraction) ? fraction : 1.0, 0.0, 1.0);
    const double scaled = fraction * 4.0;
    const int index = std::min(3, static_cast<int>(scaled));
    const double t = scaled - index;
    double rgb[3];
    for (int c = 0; c < 3; ++c)
        rgb[c] = stops[index][c] + (stops[index + 1][c] - stops[index][c]) * t;
    return QColor::fromRgbF(static_cast<float>(rgb[0]), static_cast<float>(rgb[1]), static_cast<float>(rgb[2]));
}

void drawBarChart(QPainter& painter, const QRectF& area, const QString& title, const QString& axisLabel,
                  const std::vector<Bar>& bars)
{
    painter.save();
    drawTitle(painter, area, title);
    if (bars.empty()) {
        painter.restore();
        return;
    }
    const QFont labelFont = PageLayout::bodyFont(7.0);
    const QFontMetricsF metrics(labelFont, painter.device());
    double labelWidth = 0.0;
    double valueWidth = 0.0;
    double minimum = 0.0;
    double maximum = 0.0;
    for (const Bar& bar : bars) {
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(bar.label));
        valueWidth = std::max(valueWidth, metrics.horizontalAdvance(bar.valueText));
        minimum = std::min({minimum, bar.value, bar.low});
        maximum = std::max({maximum, bar.value, bar.high});
    }
    labelWidth = std::min(labelWidth + 6.0, area.width() * 0.45);
    const QRectF plot(area.left() + labelWidth, area.top() + titleHeight, area.width() - labelWidth - valueWidth - 8.0,
                      area.height() - titleHeight - axisHeight);
    if (maximum <= minimum)
        maximum = minimum + 1.0;
    const double step = niceStep(maximum - minimum, 5);
    minimum = std::floor(minimum / step) * step;
    maximum = std::ceil(maximum / step) * step;
    auto xOf = [&](double value) { return plot.left() + (value - minimum) / (maximum - minimum) * plot.width(); };

    // Grid and axis labels.
    painter.setFont(labelFont);
    for (double tick = minimum; tick <= maximum + step * 0.01; tick += step) {
        const double x = xOf(tick);
        painter.setPen(QPen(QColor(215, 215, 215), 0.4));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.setPen(QColor(70, 70, 70));
        painter.drawText(QRectF(x - 25.0, plot.bottom() + 1.0, 50.0, 10.0), Qt::AlignHCenter | Qt::AlignTop,
                         QString::number(tick, 'g', 6));
    }
    painter.drawText(QRectF(plot.left(), plot.bottom() + 11.0, plot.width(), 10.0), Qt::AlignHCenter | Qt::AlignTop,
                     axisLabel);

    const double slot = plot.height() / static_cast<double>(bars.size());
    const double barHeight = std::min(slot * 0.7, 16.0);
    for (size_t i = 0; i < bars.size(); ++i) {
        const Bar& bar = bars[i];
        const double centre = plot.top() + slot * (static_cast<double>(i) + 0.5);
        const double zero = xOf(std::max(0.0, minimum));
        const double end = xOf(bar.value);
        QPainterPath path;
        path.addRect(QRectF(QPointF(std::min(zero, end), centre - barHeight / 2),
                            QPointF(std::max(zero, end), centre + barHeight / 2)));
        painter.fillPath(path, bar.colour);
        if (bar.low < bar.high) {
            painter.setPen(QPen(Qt::black, 0.7));
            painter.drawLine(QPointF(xOf(bar.low), centre), QPointF(xOf(bar.high), centre));
            painter.drawLine(QPointF(xOf(bar.low), centre - 3), QPointF(xOf(bar.low), centre + 3));
            painter.drawLine(QPointF(xOf(bar.high), centre - 3), QPointF(xOf(bar.high), centre + 3));
        }
        painter.setPen(Qt::black);
        painter.drawText(QRectF(area.left(), centre - 6.0, labelWidth - 4.0, 12.0), Qt::AlignRight | Qt::AlignVCenter,
                         metrics.elidedText(bar.label, Qt::ElideLeft, labelWidth - 4.0));
        const double textX = std::max({end, zero, bar.high > bar.low ? xOf(bar.high) : 0.0}) + 3.0;
        painter.drawText(QRectF(textX, centre - 6.0, valueWidth + 4.0, 12.0), Qt::AlignLeft | Qt::AlignVCenter,
                         bar.valueText);
    }
    painter.setPen(QPen(Qt::black, 0.6));
    painter.drawLine(QPointF(xOf(std::max(0.0, minimum)), plot.top()), QPointF(xOf(std::max(0.0, minimum)), plot.bottom()));
    painter.restore();
}

int barIndexAt(const QRectF& area, size_t count, const QPointF& point)
{
    const double top = area.top() + titleHeight;
    const double height = area.height() - titleHeight - axisHeight;
    if (count == 0 || point.y() < top || point.y() >= top + height || point.x() < area.left() || point.x() > area.right())
        return -1;
    return std::min(static_cast<int>(count) - 1, static_cast<int>((point.y() - top) / (height / static_cast<double>(count))));
}

void drawHistogram(QPainter& painter, const QRectF& area, const QString& title, const ValueHistogram& histogram,
                   float clipMin, float clipMax)
{
    painter.save();
    drawTitle(painter, area, title);
    const QRectF plot(area.left() + 4.0, area.top() + 16.0, area.width() - 8.0, area.height() - 16.0 - 22.0);
    painter.setPen(QPen(QColor(120, 120, 120), 0.5));
    painter.drawRect(plot);
    if (histogram.counts.empty()) {
        painter.drawText(plot, Qt::AlignCenter, QStringLiteral("no values"));
        painter.restore();
        return;
    }
    const double low = std::min<double>(histogram.minimum, clipMin);
    const double high = std::max<double>({histogram.maximum, clipMax, low + 1e-9});
    auto xOf = [&](double value) { return plot.left() + (value - low) / (high - low) * plot.width(); };
    const int64_t peak = *std::max_element(histogram.counts.begin(), histogram.counts.end());
    const double logPeak = std::log10(1.0 + static_cast<double>(peak));
    const double binWidth = (static_cast<double>(histogram.maximum) - histogram.minimum) / histogram.counts.size();

    QPainterPath bars;
    for (size_t i = 0; i < histogram.counts.size(); ++i) {
        if (histogram.counts[i] == 0)
            continue;
        const double height = std::log10(1.0 + static_cast<double>(histogram.counts[i])) / logPeak * plot.height();
        const double left = xOf(histogram.minimum + binWidth * i);
        const double right = xOf(histogram.minimum + binWidth * (i + 1));
        bars.addRect(QRectF(left, plot.bottom() - height, std::max(0.3, right - left), height));
    }
    painter.fillPath(bars, QColor(70, 110, 170));

    QPen clipPen(QColor(200, 30, 30), 0.9, Qt::DashLine);
    painter.setPen(clipPen);
    painter.drawLine(QPointF(xOf(clipMin), plot.top()), QPointF(xOf(clipMin), plot.bottom()));
    painter.drawLine(QPointF(xOf(clipMax), plot.top()), QPointF(xOf(clipMax), plot.bottom()));

    painter.setFont(PageLayout::bodyFont(6.5));
    painter.setPen(QColor(60, 60, 60));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 1.0, plot.width() / 2, 10.0), Qt::AlignLeft,
                     QString::number(low, 'g', 4));
    painter.drawText(QRectF(plot.center().x(), plot.bottom() + 1.0, plot.width() / 2, 10.0), Qt::AlignRight,
                     QString::number(high, 'g', 4));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 11.0, plot.width(), 10.0), Qt::AlignHCenter,
                     QStringLiteral("clip [%1, %2], counts on a log scale").arg(clipMin, 0, 'g', 4).arg(clipMax, 0, 'g', 4));
    painter.restore();
}

void drawCloudSnapshot(QPainter& painter, const QRectF& area, const CloudSnapshot& snapshot, double maxError)
{
    painter.save();
    drawTitle(painter, area, QString::fromStdString(snapshot.title));
    const QRectF plot(area.left(), area.top() + 16.0, area.width(), area.height() - 16.0);
    painter.setPen(QPen(QColor(180, 180, 180), 0.5));
    painter.drawRect(plot);
    const size_t count = snapshot.error.size();
    if (count == 0 || snapshot.positions.size() != 3 * count) {
        painter.restore();
        return;
    }
    const double turn = 35.0 * M_PI / 180.0;
    const double tilt = 25.0 * M_PI / 180.0;
    std::vector<QPointF> projected(count);
    std::vector<double> depth(count);
    double minX = 1e30, maxX = -1e30, minY = 1e30, maxY = -1e30;
    for (size_t i = 0; i < count; ++i) {
        const double x = snapshot.positions[3 * i], y = snapshot.positions[3 * i + 1], z = snapshot.positions[3 * i + 2];
        const double u = x * std::cos(turn) - y * std::sin(turn);
        const double v = x * std::sin(turn) + y * std::cos(turn);
        const double screenY = z * std::cos(tilt) - v * std::sin(tilt);
        depth[i] = v * std::cos(tilt) + z * std::sin(tilt);
        projected[i] = QPointF(u, screenY);
        minX = std::min(minX, u), maxX = std::max(maxX, u), minY = std::min(minY, screenY), maxY = std::max(maxY, screenY);
    }
    const double scale = 0.92 * std::min(plot.width() / std::max(1e-9, maxX - minX), plot.height() / std::max(1e-9, maxY - minY));
    const QPointF centre = plot.center();
    // Far points first, so near ones cover them.
    std::vector<size_t> order(count);
    for (size_t i = 0; i < count; ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return depth[a] > depth[b]; });
    const double dot = 2.2;
    painter.setPen(Qt::NoPen);
    for (size_t i : order) {
        const QPointF point(centre.x() + (projected[i].x() - (minX + maxX) / 2) * scale,
                            centre.y() - (projected[i].y() - (minY + maxY) / 2) * scale);
        painter.setBrush(errorColour(maxError > 0 ? snapshot.error[i] / maxError : 0.0));
        painter.drawEllipse(point, dot / 2, dot / 2);
    }
    painter.restore();
}

void drawColourBar(QPainter& painter, const QRectF& area, double maxError, const QString& label)
{
    painter.save();
    const int steps = 64;
    const double stepWidth = area.width() / steps;
    for (int i = 0; i < steps; ++i)
        painter.fillRect(QRectF(area.left() + i * stepWidth, area.top(), stepWidth + 0.2, 8.0),
                         errorColour((i + 0.5) / steps));
    painter.setFont(PageLayout::bodyFont(7.0));
    painter.setPen(Qt::black);
    painter.drawText(QRectF(area.left(), area.top() + 9.0, area.width(), 10.0), Qt::AlignLeft, QStringLiteral("0"));
    painter.drawText(QRectF(area.left(), area.top() + 9.0, area.width(), 10.0), Qt::AlignRight,
                     QString::number(maxError, 'g', 3));
    painter.drawText(QRectF(area.left(), area.top() + 9.0, area.width(), 10.0), Qt::AlignHCenter, label);
    painter.restore();
}

} // namespace pointq::report
