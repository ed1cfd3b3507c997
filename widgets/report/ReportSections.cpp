#include "report/ReportSections.h"

#include "report/ReportCharts.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace pointq::report::sections {

const char* const titles[] = {
    "1. Summary: FP32 against INT8",
    "2. Latency, size and accuracy",
    "3. Layer sensitivity",
    "4. Histograms of the most sensitive layers",
    "5. Quantization error on the clouds",
    "6. Skip set",
    "7. Data files",
};
const int titleCount = sizeof(titles) / sizeof(titles[0]);

namespace {

const QColor fp32Colour(90, 120, 180);
const QColor int8Colour(230, 140, 50);

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

QString orNone(const std::string& value)
{
    return value.empty() ? QStringLiteral("(none)") : text(value);
}

QString joined(const std::vector<std::string>& values, const char* empty)
{
    if (values.empty())
        return QString::fromLatin1(empty);
    QStringList list;
    for (const auto& value : values)
        list << text(value);
    return list.join(QStringLiteral(", "));
}

QString joinedLines(const std::vector<std::string>& values)
{
    QStringList lines;
    for (const auto& value : values)
        lines << text(value);
    return lines.join(QLatin1Char('\n'));
}

// The provenance the report shows: from the quantize run, else from the sweep.
Provenance provenanceOf(const ReportContent& content)
{
    if (content.hasSensitivity && !content.hasQuantize)
        return content.sensitivity.provenance;
    const QuantizeReport& report = content.quantize;
    Provenance provenance;
    provenance.configPath = report.settings.configPath;
    provenance.configSha256 = report.configSha256;
    provenance.checkpointPath = report.settings.checkpointPath;
    provenance.checkpointSha256 = report.checkpointSha256;
    provenance.data = report.syntheticData ? std::string("SYNTHETIC") : report.settings.data.path;
    provenance.dataDescription = report.dataDescription;
    provenance.dataFiles = report.dataFiles;
    provenance.overrides = report.settings.overrides;
    provenance.engine = report.engine;
    provenance.engineFellBack = report.engineFellBack;
    provenance.system = report.system;
    provenance.threads = report.settings.threads;
    return provenance;
}

// The calibration clouds with the data set they came from and its first files, for the
// provenance table. For a file written before PointQ stored them, the cell states that.
QString calibrationCell(const QuantizeReport& report)
{
    QString cell = text(describeCalibrationClouds(report));
    if (report.settings.calibrationSplit.empty())
        return cell + QStringLiteral(" (see Data files)");
    if (report.calibrationDescription.empty() && report.calibrationFiles.empty())
        return cell + QStringLiteral("\n(data description and files not recorded in the quantize report)");
    cell += QStringLiteral("\n") + orNone(report.calibrationDescription);
    cell += QStringLiteral("\n%1 files").arg(report.calibrationFiles.size());
    const size_t shown = std::min<size_t>(report.calibrationFiles.size(), 3);
    for (size_t i = 0; i < shown; ++i)
        cell += QStringLiteral("\n") + text(report.calibrationFiles[i]);
    if (report.calibrationFiles.size() > shown)
        cell += QStringLiteral("\n... all listed in section 7");
    return cell;
}

QString megabytes(int64_t bytes)
{
    return QStringLiteral("%1 (%2 MB)").arg(bytes).arg(fixed(static_cast<double>(bytes) / 1e6, 2));
}

} // namespace

QString fixed(double value, int decimals)
{
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(value, 'f', decimals);
}

QString signedFixed(double value, int decimals)
{
    const QString number = fixed(value, decimals);
    return number.startsWith(QLatin1Char('-')) ? number : QStringLiteral("+") + number;
}

void titlePage(PageLayout& layout, const ReportContent& content)
{
    const Provenance provenance = provenanceOf(content);
    layout.skip(30.0);
    layout.paragraph(text(content.title), PageLayout::bodyFont(22.0, true));
    layout.skip(6.0);
    layout.paragraph(QStringLiteral("Model: %1").arg(text(provenance.configPath)), PageLayout::bodyFont(12.0));
    layout.paragraph(QStringLiteral("Data: %1").arg(orNone(provenance.dataDescription)), PageLayout::bodyFont(12.0));
    if (content.hasQuantize && !content.quantize.segmentation && !content.quantize.partSegmentation)
        layout.paragraph(QStringLiteral("Calibration: %1").arg(text(describeCalibrationClouds(content.quantize))),
                         PageLayout::bodyFont(12.0));
    layout.paragraph(QStringLiteral("Generated: %1").arg(text(content.generatedAt)), PageLayout::bodyFont(12.0));
    if ((content.hasQuantize && content.quantize.syntheticData) || (content.hasSensitivity && content.sensitivity.syntheticData))
        layout.paragraph(QStringLiteral("SYNTHETIC DATA: the figures come from generated shapes, not real clouds."),
                         PageLayout::bodyFont(12.0, true));
    layout.skip(12.0);

    layout.paragraph(QStringLiteral("Provenance"), PageLayout::bodyFont(12.0, true));
    TextTable table;
    table.header = QStringList{QStringLiteral("Item"), QStringLiteral("Value")};
    table.widths = {0.24, 0.76};
    const auto row = [&](const char* name, const QString& value) { table.rows.push_back(QStringList{QString::fromLatin1(name), value}); };
    row("Config", text(provenance.configPath));
    row("Config SHA-256", text(provenance.configSha256));
    row("Checkpoint", orNone(provenance.checkpointPath));
    row("Checkpoint SHA-256", orNone(provenance.checkpointSha256));
    row("Overrides", joined(provenance.overrides, "(none)"));
    row("Data", text(provenance.data));
    const size_t shown = std::min<size_t>(provenance.dataFiles.size(), 3);
    QString files = QStringLiteral("%1 files").arg(provenance.dataFiles.size());
    for (size_t i = 0; i < shown; ++i)
        files += QStringLiteral("\n") + text(provenance.dataFiles[i]);
    if (provenance.dataFiles.size() > shown)
        files += QStringLiteral("\n... all listed in section 7");
    row("Data files", files);
    if (content.hasQuantize && !content.quantize.segmentation && !content.quantize.partSegmentation)
        row("Calibration clouds", calibrationCell(content.quantize));
    row("Backend", text(provenance.engine) + (provenance.engineFellBack ? QStringLiteral(" (FALLBACK: onednn not available)") : QString())
                       + QStringLiteral(" INT8 kernels"));
    row("LibTorch version", text(provenance.system.libtorchVersion));
    row("BLAS", text(provenance.system.blas));
    row("CPU model", text(provenance.system.cpuModel));
    row("Threads", QStringLiteral("%1 (of %2 logical cores)").arg(provenance.threads).arg(provenance.system.logicalCores));
    row("Measured on", text(provenance.system.date));
    row("PointQ", text(content.hasQuantize ? content.quantize.pointqVersion : content.sensitivity.pointqVersion));
    row("Quantize figures", orNone(content.quantizeSource));
    row("Sensitivity figures", content.hasSensitivity ? text(content.sensitivitySource) : QStringLiteral("(none)"));
    layout.table(table, 8.0);
}

void contents(PageLayout& layout, const std::vector<TocEntry>& toc)
{
    layout.paragraph(QStringLiteral("Contents"), PageLayout::bodyFont(16.0, true));
    layout.skip(8.0);
    const QFont font = PageLayout::bodyFont(10.5);
    const QFont sectionFont = PageLayout::bodyFont(10.5, true);
    const QFontMetricsF metrics(font, layout.painter().device());
    const QFontMetricsF sectionMetrics(sectionFont, layout.painter().device());
    for (const TocEntry& entry : toc) {
        const QRectF line = layout.reserve(metrics.height() + 5.0);
        const double indent = entry.level * 16.0;
        QPainter& painter = layout.painter();
        painter.setFont(entry.level == 0 ? sectionFont : font);
        painter.setPen(Qt::black);
        const QString number = QString::number(entry.page);
        // Bold section titles are wider, so the dots start after the width of the font used.
        const double textWidth = (entry.level == 0 ? sectionMetrics : metrics).horizontalAdvance(entry.text) + 8.0;
        painter.drawText(QRectF(line.left() + indent, line.top(), line.width() - 40.0, line.height()), Qt::AlignLeft, entry.text);
        painter.drawText(QRectF(line.left(), line.top(), line.width(), line.height()), Qt::AlignRight, number);
        painter.setPen(QPen(QColor(150, 150, 150), 0.6, Qt::DotLine));
        const double baseline = line.top() + metrics.ascent();
        painter.drawLine(QPointF(line.left() + indent + textWidth, baseline), QPointF(line.right() - 24.0, baseline));
    }
}

void summary(PageLayout& layout, const ReportContent& content)
{
    layout.heading(QString::fromLatin1(titles[0]));
    if (!content.hasQuantize) {
        layout.paragraph(QStringLiteral("No quantize run in this session, so there is no FP32-against-INT8 comparison."));
        return;
    }
    const QuantizeReport& report = content.quantize;
    int64_t int8Layers = 0;
    for (const auto& layer : report.layers)
        int8Layers += layer.int8 ? 1 : 0;
    // A segmentation run calibrates on the first chunks of its scene, which the scene section describes.
    const bool perPoint = report.segmentation || report.partSegmentation;
    QString calibration = perPoint ? QStringLiteral("the first %1").arg(report.calibratedClouds)
                                   : text(describeCalibrationClouds(report));
    if (!report.settings.calibrationSplit.empty())
        calibration += QStringLiteral(", none of them evaluated,");
    layout.paragraph(QStringLiteral("%1 clouds evaluated; activation ranges calibrated on %2 with the %3 observer. "
                                    "%4 of %5 layers run on the %6 INT8 kernels, the rest in FP32 (section 6).")
                         .arg(report.evaluatedClouds)
                         .arg(calibration)
                         .arg(QString::fromLatin1(observerKindName(report.settings.quantization.observer)))
                         .arg(int8Layers)
                         .arg(report.layers.size())
                         .arg(text(report.engine)));

    TextTable table;
    table.header = QStringList{QStringLiteral("Figure"), QStringLiteral("FP32"), QStringLiteral("INT8"), QStringLiteral("INT8 vs FP32")};
    table.widths = {0.34, 0.2, 0.2, 0.26};
    table.alignRight = {false, true, true, true};
    const auto& fp32 = report.fp32;
    const auto& int8 = report.int8;
    if (report.labelled) {
        table.rows.push_back({QStringLiteral("Overall accuracy (%)"), fixed(fp32.metrics.overallAccuracy), fixed(int8.metrics.overallAccuracy),
                              signedFixed(int8.metrics.overallAccuracy - fp32.metrics.overallAccuracy) + QStringLiteral(" pt")});
        table.rows.push_back({QStringLiteral("Mean class accuracy (%)"), fixed(fp32.metrics.meanClassAccuracy),
                              fixed(int8.metrics.meanClassAccuracy),
                              signedFixed(int8.metrics.meanClassAccuracy - fp32.metrics.meanClassAccuracy) + QStringLiteral(" pt")});
    } else {
        table.rows.push_back({QStringLiteral("Accuracy"), QStringLiteral("no labels"), QStringLiteral("no labels"), QString()});
    }
    table.rows.push_back({QStringLiteral("Top-1 agreement (%)"), QString(), fixed(100.0 * report.top1Agreement), QString()});
    table.rows.push_back({QStringLiteral("Logit SQNR (dB)"), QString(), fixed(report.logitSqnrDb), QString()});
    table.rows.push_back({QStringLiteral("Max logit difference"), QString(), fixed(report.maxLogitDifference, 4), QString()});
    table.rows.push_back({QStringLiteral("Latency median (ms, batch %1)").arg(fp32.latency.batchSize), fixed(fp32.latency.medianMs),
                          fixed(int8.latency.medianMs), fixed(fp32.latency.medianMs / int8.latency.medianMs) + QStringLiteral("x faster")});
    table.rows.push_back({QStringLiteral("Latency p10 (ms)"), fixed(fp32.latency.p10Ms), fixed(int8.latency.p10Ms), QString()});
    table.rows.push_back({QStringLiteral("Latency p90 (ms)"), fixed(fp32.latency.p90Ms), fixed(int8.latency.p90Ms), QString()});
    table.rows.push_back({QStringLiteral("Model size (bytes)"), QString::number(fp32.sizeBytes), QString::number(int8.sizeBytes),
                          fixed(static_cast<double>(fp32.sizeBytes) / static_cast<double>(int8.sizeBytes)) + QStringLiteral("x smaller")});
    layout.table(table, 9.0);
    layout.paragraph(QStringLiteral("Latency: %1 warm-up runs, then %2 timed runs of each model in alternation on %3 threads. "
                                    "FP32 size is the state dict in the same archive format as the INT8 model file.")
                         .arg(fp32.latency.warmupRuns)
                         .arg(fp32.latency.timedRuns)
                         .arg(fp32.latency.threads),
                     PageLayout::bodyFont(8.0));
    for (const auto& warning : report.warnings)
        layout.paragraph(QStringLiteral("Warning: ") + text(warning), PageLayout::bodyFont(8.0, true));
}

void charts(PageLayout& layout, const ReportContent& content)
{
    layout.heading(QString::fromLatin1(titles[1]));
    if (!content.hasQuantize) {
        layout.paragraph(QStringLiteral("No quantize run in this session, so there are no latency, size or accuracy charts."));
        return;
    }
    const QuantizeReport& report = content.quantize;
    const auto& fp32 = report.fp32.latency;
    const auto& int8 = report.int8.latency;
    drawBarChart(layout.painter(), layout.reserve(95.0),
                 QStringLiteral("Latency per forward pass, batch %1 (median, whiskers p10 to p90)").arg(fp32.batchSize),
                 QStringLiteral("milliseconds"),
                 {Bar{QStringLiteral("FP32"), fp32.medianMs, fixed(fp32.medianMs) + QStringLiteral(" ms"), fp32Colour, fp32.p10Ms, fp32.p90Ms},
                  Bar{QStringLiteral("INT8"), int8.medianMs, fixed(int8.medianMs) + QStringLiteral(" ms"), int8Colour, int8.p10Ms, int8.p90Ms}});
    layout.skip(10.0);
    const double fp32Mb = static_cast<double>(report.fp32.sizeBytes) / 1e6;
    const double int8Mb = static_cast<double>(report.int8.sizeBytes) / 1e6;
    drawBarChart(layout.painter(), layout.reserve(95.0), QStringLiteral("Serialized model size"), QStringLiteral("megabytes"),
                 {Bar{QStringLiteral("FP32"), fp32Mb, megabytes(report.fp32.sizeBytes), fp32Colour},
                  Bar{QStringLiteral("INT8"), int8Mb, megabytes(report.int8.sizeBytes), int8Colour}});
    layout.skip(10.0);
    if (!report.labelled) {
        layout.paragraph(QStringLiteral("The clouds have no labels, so there is no accuracy chart; top-1 agreement with FP32 is %1%.")
                             .arg(fixed(100.0 * report.top1Agreement)));
        return;
    }
    const auto& fp32Metrics = report.fp32.metrics;
    const auto& int8Metrics = report.int8.metrics;
    drawBarChart(layout.painter(), layout.reserve(130.0), QStringLiteral("Accuracy and agreement"), QStringLiteral("percent"),
                 {Bar{QStringLiteral("OA FP32"), fp32Metrics.overallAccuracy, fixed(fp32Metrics.overallAccuracy) + QStringLiteral("%"), fp32Colour},
                  Bar{QStringLiteral("OA INT8"), int8Metrics.overallAccuracy, fixed(int8Metrics.overallAccuracy) + QStringLiteral("%"), int8Colour},
                  Bar{QStringLiteral("mAcc FP32"), fp32Metrics.meanClassAccuracy, fixed(fp32Metrics.meanClassAccuracy) + QStringLiteral("%"), fp32Colour},
                  Bar{QStringLiteral("mAcc INT8"), int8Metrics.meanClassAccuracy, fixed(int8Metrics.meanClassAccuracy) + QStringLiteral("%"), int8Colour},
                  Bar{QStringLiteral("top-1 agreement"), 100.0 * report.top1Agreement, fixed(100.0 * report.top1Agreement) + QStringLiteral("%"),
                      QColor(120, 160, 90)}});
    layout.skip(10.0);
    drawBarChart(layout.painter(), layout.reserve(75.0), QStringLiteral("Accuracy change, INT8 minus FP32"),
                 QStringLiteral("percentage points"),
                 {Bar{QStringLiteral("OA delta"), int8Metrics.overallAccuracy - fp32Metrics.overallAccuracy,
                      signedFixed(int8Metrics.overallAccuracy - fp32Metrics.overallAccuracy) + QStringLiteral(" pt"), int8Colour},
                  Bar{QStringLiteral("mAcc delta"), int8Metrics.meanClassAccuracy - fp32Metrics.meanClassAccuracy,
                      signedFixed(int8Metrics.meanClassAccuracy - fp32Metrics.meanClassAccuracy) + QStringLiteral(" pt"), int8Colour}});
}

void skipSet(PageLayout& layout, const ReportContent& content)
{
    layout.heading(QString::fromLatin1(titles[5]));
    if (content.hasQuantize) {
        const QuantizeReport& report = content.quantize;
        layout.paragraph(QStringLiteral("Skip words of the quantize run: %1").arg(joined(report.settings.quantization.skip, "(none)")));
        QStringList kept;
        for (const auto& layer : report.layers)
            if (!layer.int8)
                kept << text(layer.name);
        layout.paragraph(QStringLiteral("Layers kept in FP32 (%1 of %2): %3")
                             .arg(kept.size())
                             .arg(report.layers.size())
                             .arg(kept.isEmpty() ? QStringLiteral("none, every layer ran in INT8") : kept.join(QStringLiteral(", "))));
    } else {
        layout.paragraph(QStringLiteral("No quantize run in this session, so no skip set was used."));
    }
    if (content.hasSensitivity && content.sensitivity.hasSearch) {
        const SkipSearchResult& search = content.sensitivity.search;
        layout.paragraph(QStringLiteral("Skip set searched by the sweep for %1 (verified with %2): %3. Verified run: logit SQNR %4 dB, "
                                        "top-1 agreement %5%%6; the budget is %7.")
                             .arg(text(describeBudget(search.budget)))
                             .arg(text(search.verifiedWith))
                             .arg(joined(search.skip, "no layer needs to stay in FP32"))
                             .arg(fixed(search.verified.sqnrDb))
                             .arg(fixed(search.verified.top1Agreement))
                             .arg(search.verified.hasAccuracy
                                      ? QStringLiteral(", overall accuracy change %1 pt").arg(signedFixed(search.verified.accuracyDelta))
                                      : QString())
                             .arg(search.met ? QStringLiteral("met") : QStringLiteral("NOT met")));
    } else if (content.hasSensitivity) {
        layout.paragraph(QStringLiteral("The sensitivity sweep ran without a budget, so it searched no skip set."));
    }
}

void dataFiles(PageLayout& layout, const ReportContent& content)
{
    layout.heading(QString::fromLatin1(titles[6]));
    const std::vector<std::string>& files =
        content.hasQuantize ? content.quantize.dataFiles : content.sensitivity.provenance.dataFiles;
    if (files.empty()) {
        layout.paragraph(QStringLiteral("No data files: the clouds were generated."));
        return;
    }
    layout.paragraph(QStringLiteral("%1 files, in the order they were read:").arg(files.size()));
    layout.paragraph(joinedLines(files), PageLayout::monoFont(6.5));
    if (!content.hasQuantize || content.quantize.calibrationFiles.empty())
        return;
    const QuantizeReport& report = content.quantize;
    // Keeps the sentence on the page of the first files it introduces.
    const QFontMetricsF mono(PageLayout::monoFont(6.5), layout.painter().device());
    layout.ensureSpace(30.0 + mono.lineSpacing() * static_cast<double>(std::min<size_t>(report.calibrationFiles.size(), 3)));
    layout.paragraph(QStringLiteral("Calibration: %1, read from these %2 files:")
                         .arg(text(describeCalibrationClouds(report)))
                         .arg(report.calibrationFiles.size()));
    layout.paragraph(joinedLines(report.calibrationFiles), PageLayout::monoFont(6.5));
}

} // namespace pointq::report::sections
