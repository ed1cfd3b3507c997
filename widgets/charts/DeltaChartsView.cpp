#include "DeltaChartsView.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QBarSeries>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QValueAxis>

#include <algorithm>
#include <functional>

namespace pointq::widgets {

namespace {

struct BarData {
    QString name;
    std::function<double(const QuantizeReport&)> value;
};

QChart* barChart(const QString& title, const QString& unit, const std::vector<RunEntry>& runs,
                 const std::vector<BarData>& sets, bool fromZero)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    auto* series = new QBarSeries(chart);
    double high = 0.0;
    double low = 1e300;
    for (const BarData& data : sets) {
        auto* set = new QBarSet(data.name, series);
        for (const RunEntry& run : runs) {
            const double value = data.value(run.report);
            *set << value;
            high = std::max(high, value);
            low = std::min(low, value);
        }
        series->append(set);
    }
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(4);
    chart->addSeries(series);
    auto* categories = new QBarCategoryAxis(chart);
    for (const RunEntry& run : runs)
        categories->append(run.label);
    chart->addAxis(categories, Qt::AlignBottom);
    series->attachAxis(categories);
    auto* values = new QValueAxis(chart);
    values->setTitleText(unit);
    // Accuracy bars differ by fractions of a point near 90%, which a zero-based axis hides.
    const double start = fromZero || runs.empty() ? 0.0 : std::max(0.0, low - 0.1 * (high - low) - 1.0);
    values->setRange(start, std::max(high * 1.1, start + 1.0));
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(values);
    chart->legend()->setAlignment(Qt::AlignBottom);
    return chart;
}

QString signedNumber(double value, int decimals)
{
    return (value >= 0 ? QStringLiteral("+") : QString()) + QLocale().toString(value, 'f', decimals);
}

} // namespace

DeltaChartsView::DeltaChartsView(QWidget* parent)
    : QWidget(parent)
    , m_latencyView(new QChartView(this))
    , m_sizeView(new QChartView(this))
    , m_accuracyView(new QChartView(this))
    , m_deltas(new QLabel(this))
{
    for (QChartView* view : {m_latencyView, m_sizeView, m_accuracyView}) {
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(220, 230);
    }
    m_latencyView->setToolTip(tr("Median forward time per batch of FP32 and INT8 in every run"));
    m_sizeView->setToolTip(tr("Serialized size of the FP32 and INT8 models"));
    m_accuracyView->setToolTip(tr("Overall and mean class accuracy, and top-1 agreement of INT8 with FP32"));
    m_deltas->setWordWrap(true);
    m_deltas->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_deltas->setToolTip(tr("Changes of the latest run against FP32 and against the run before it"));
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_latencyView, 0, 0);
    layout->addWidget(m_sizeView, 0, 1);
    layout->addWidget(m_accuracyView, 0, 2);
    layout->addWidget(m_deltas, 1, 0, 1, 3);
    rebuild();
}

void DeltaChartsView::setRuns(const std::vector<RunEntry>& runs)
{
    m_runs = runs;
    rebuild();
}

QString DeltaChartsView::deltaText() const
{
    return m_deltas->text();
}

void DeltaChartsView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
    else if (event->type() == QEvent::LanguageChange)
        rebuild();
}

void DeltaChartsView::rebuild()
{
    const std::pair<QChartView*, QChart*> charts[] = {
        {m_latencyView, latencyChart()}, {m_sizeView, sizeChart()}, {m_accuracyView, accuracyChart()}};
    for (const auto& [view, chart] : charts) {
        QChart* old = view->chart();
        view->setChart(chart);
        delete old;
    }
    m_deltas->setText(describeDeltas());
    applyTheme();
}

void DeltaChartsView::applyTheme()
{
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    for (QChartView* view : {m_latencyView, m_sizeView, m_accuracyView})
        view->chart()->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
}

QChart* DeltaChartsView::latencyChart() const
{
    return barChart(tr("Latency (median per batch)"), tr("ms"), m_runs,
                    {{tr("FP32"), [](const QuantizeReport& r) { return r.fp32.latency.medianMs; }},
                     {tr("INT8"), [](const QuantizeReport& r) { return r.int8.latency.medianMs; }}},
                    true);
}

QChart* DeltaChartsView::sizeChart() const
{
    const auto mebibytes = [](int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); };
    return barChart(tr("Model size"), tr("MiB"), m_runs,
                    {{tr("FP32"), [&](const QuantizeReport& r) { return mebibytes(r.fp32.sizeBytes); }},
                     {tr("INT8"), [&](const QuantizeReport& r) { return mebibytes(r.int8.sizeBytes); }}},
                    true);
}

QChart* DeltaChartsView::accuracyChart() const
{
    return barChart(tr("Accuracy"), tr("percent"), m_runs,
                    {{tr("FP32 OA"), [](const QuantizeReport& r) { return r.fp32.metrics.overallAccuracy; }},
                     {tr("INT8 OA"), [](const QuantizeReport& r) { return r.int8.metrics.overallAccuracy; }},
                     {tr("INT8 mAcc"), [](const QuantizeReport& r) { return r.int8.metrics.meanClassAccuracy; }},
                     {tr("Top-1 agreement"), [](const QuantizeReport& r) { return 100.0 * r.top1Agreement; }}},
                    false);
}

QString DeltaChartsView::describeDeltas() const
{
    if (m_runs.empty())
        return tr("No runs yet: press Run to quantize the model and measure it.");
    const RunEntry& latest = m_runs.back();
    const QuantizeReport& report = latest.report;
    QString text = tr("%1 against FP32: latency %2 ms (%3×), size %4×, OA %5 pt, agreement %6%.")
                       .arg(latest.label)
                       .arg(signedNumber(report.int8.latency.medianMs - report.fp32.latency.medianMs, 1))
                       .arg(QLocale().toString(report.fp32.latency.medianMs / report.int8.latency.medianMs, 'f', 2))
                       .arg(QLocale().toString(static_cast<double>(report.fp32.sizeBytes) / report.int8.sizeBytes, 'f', 2))
                       .arg(signedNumber(report.int8.metrics.overallAccuracy - report.fp32.metrics.overallAccuracy, 2))
                       .arg(QLocale().toString(100.0 * report.top1Agreement, 'f', 2));
    if (m_runs.size() < 2)
        return text;
    const RunEntry& previous = m_runs[m_runs.size() - 2];
    const QuantizeReport& before = previous.report;
    text += QLatin1Char('\n')
            + tr("%1 against %2: INT8 latency %3 ms, INT8 size %4 KiB, INT8 OA %5 pt, agreement %6 pt.")
                  .arg(latest.label, previous.label)
                  .arg(signedNumber(report.int8.latency.medianMs - before.int8.latency.medianMs, 1))
                  .arg(signedNumber(static_cast<double>(report.int8.sizeBytes - before.int8.sizeBytes) / 1024.0, 1))
                  .arg(signedNumber(report.int8.metrics.overallAccuracy - before.int8.metrics.overallAccuracy, 2))
                  .arg(signedNumber(100.0 * (report.top1Agreement - before.top1Agreement), 2));
    return text;
}

} // namespace pointq::widgets
