#include "report/ReportSections.h"

#include "report/ReportCharts.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pointq::report {

std::vector<std::string> mostSensitiveLayers(const ReportContent& content, size_t count)
{
    std::vector<std::string> names;
    if (!content.hasSensitivity)
        return names;
    for (size_t index : layersBySensitivity(content.sensitivity.sweep)) {
        if (names.size() >= count)
            break;
        names.push_back(content.sensitivity.sweep.layers[index].name);
    }
    return names;
}

namespace sections {

namespace {

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

QString figureOrBlank(bool has, double value, int decimals = 2)
{
    return has ? fixed(value, decimals) : QString();
}

// The columns of a mode appear only when the sweep measured that mode.
TextTable layerTable(const SensitivityResult& sweep, const std::vector<size_t>& order)
{
    const bool hasOnly = std::any_of(sweep.layers.begin(), sweep.layers.end(), [](const auto& layer) { return layer.hasOnly; });
    const bool hasAllBut = std::any_of(sweep.layers.begin(), sweep.layers.end(), [](const auto& layer) { return layer.hasAllBut; });
    TextTable table;
    table.header = QStringList{QStringLiteral("#"), QStringLiteral("Layer"), QStringLiteral("Stage"), QStringLiteral("Block")};
    table.widths = {0.04, 0.31, 0.07, 0.16};
    table.alignRight = {true, false, false, false};
    const double figureWidth = (1.0 - 0.58) / ((hasOnly ? 3 : 0) + (hasAllBut ? 1 : 0));
    if (hasOnly) {
        table.header << QStringLiteral("Only: SQNR (dB)") << QStringLiteral("Only: agreement (%)") << QStringLiteral("Only: OA change (pt)");
        for (int i = 0; i < 3; ++i) {
            table.widths.push_back(figureWidth);
            table.alignRight.push_back(true);
        }
    }
    if (hasAllBut) {
        table.header << QStringLiteral("All but: SQNR (dB)");
        table.widths.push_back(figureWidth);
        table.alignRight.push_back(true);
    }
    for (size_t rank = 0; rank < order.size(); ++rank) {
        const LayerSensitivity& layer = sweep.layers[order[rank]];
        QStringList row{QString::number(rank + 1), text(layer.name), text(layer.stage), text(layer.blockType)};
        if (hasOnly)
            row << figureOrBlank(layer.hasOnly, layer.onlyThis.sqnrDb) << figureOrBlank(layer.hasOnly, layer.onlyThis.top1Agreement)
                << (layer.hasOnly && layer.onlyThis.hasAccuracy ? signedFixed(layer.onlyThis.accuracyDelta) : QString());
        if (hasAllBut)
            row << figureOrBlank(layer.hasAllBut, layer.allButThis.sqnrDb);
        table.rows.push_back(row);
    }
    return table;
}

TextTable groupTable(const SensitivityResult& sweep)
{
    TextTable table;
    table.header = QStringList{QStringLiteral("Group"), QStringLiteral("Level"), QStringLiteral("Layers"), QStringLiteral("Only SQNR (dB)"),
                               QStringLiteral("Only agr. (%)"), QStringLiteral("All-but SQNR (dB)")};
    table.widths = {0.25, 0.1, 0.1, 0.18, 0.17, 0.2};
    table.alignRight = {false, false, true, true, true, true};
    for (const GroupSensitivity& group : sweep.groups)
        table.rows.push_back({text(group.name), text(group.level), QString::number(group.layers.size()),
                              figureOrBlank(group.hasOnly, group.onlyThis.sqnrDb),
                              figureOrBlank(group.hasOnly, group.onlyThis.top1Agreement),
                              figureOrBlank(group.hasAllBut, group.allButThis.sqnrDb)});
    return table;
}

void sensitivityChart(PageLayout& layout, const SensitivityResult& sweep, const std::vector<size_t>& order)
{
    const bool byOnly = !sweep.layers.empty() && sweep.layers.front().hasOnly;
    std::vector<Bar> bars;
    for (size_t index : order) {
        const LayerSensitivity& layer = sweep.layers[index];
        const double value = byOnly ? layer.onlyThis.sqnrDb : layer.allButThis.sqnrDb;
        if (!std::isfinite(value))
            continue;
        bars.push_back(Bar{text(layer.name), value, fixed(value, 1), QColor(70, 110, 170)});
    }
    const double height = std::min(40.0 + 11.0 * static_cast<double>(bars.size()), layout.body().height() - 40.0);
    // The heading goes with the chart, on the same page.
    layout.ensureSpace(height + 30.0);
    layout.heading(QStringLiteral("Sensitivity chart"), 1);
    drawBarChart(layout.painter(), layout.reserve(height),
                 byOnly ? QStringLiteral("Logit SQNR with only this layer quantized (lower is more sensitive)")
                        : QStringLiteral("Logit SQNR with every layer but this one quantized"),
                 QStringLiteral("logit SQNR against FP32 (dB)"), bars);
}

const LayerStatistics* statisticsOf(const ReportContent& content, const std::string& name)
{
    for (const LayerStatistics& statistics : content.statistics)
        if (statistics.name == name && !statistics.input.counts.empty())
            return &statistics;
    return nullptr;
}

} // namespace

void sensitivity(PageLayout& layout, const ReportContent& content)
{
    layout.heading(QString::fromLatin1(titles[2]));
    if (!content.hasSensitivity) {
        layout.paragraph(QStringLiteral("No sensitivity sweep in this session. ") + text(content.sensitivityAbsentReason));
        return;
    }
    const SensitivityReport& report = content.sensitivity;
    const SensitivityResult& sweep = report.sweep;
    layout.paragraph(QStringLiteral("Sweep on %1 clouds (calibration on the first %2), %3, mode %4. Every figure is end to end "
                                    "against the FP32 logits. All layers quantized: logit SQNR %5 dB, top-1 agreement %6%%7. "
                                    "%8 configurations in %9 s.")
                         .arg(sweep.clouds)
                         .arg(report.calibratedClouds)
                         .arg(text(sweep.backend))
                         .arg(QString::fromLatin1(sweepModeName(report.settings.sweep.mode)))
                         .arg(fixed(sweep.allQuantized.sqnrDb))
                         .arg(fixed(sweep.allQuantized.top1Agreement))
                         .arg(sweep.allQuantized.hasAccuracy
                                  ? QStringLiteral(", overall accuracy change %1 pt against FP32's %2%")
                                        .arg(signedFixed(sweep.allQuantized.accuracyDelta))
                                        .arg(fixed(sweep.fp32OverallAccuracy))
                                  : QString())
                         .arg(sweep.configurations)
                         .arg(fixed(sweep.sweepSeconds, 1)));
    const std::vector<size_t> order = layersBySensitivity(sweep);
    layout.heading(QStringLiteral("Layers, most sensitive first"), 1);
    layout.table(layerTable(sweep, order), 7.0);
    sensitivityChart(layout, sweep, order);
    if (!sweep.groups.empty()) {
        layout.heading(QStringLiteral("Stages, blocks and the head"), 1);
        layout.table(groupTable(sweep), 7.5);
    }
    if (sweep.hasGap) {
        double worstSteps = 0.0;
        for (const SimulationGap& gap : sweep.gaps)
            worstSteps = std::max(worstSteps, gap.maxDifferenceInSteps);
        layout.paragraph(QStringLiteral("Simulation against the INT8 kernels: at most %1 output steps apart in any layer; "
                                        "end to end %2 dB logit SQNR and %3% top-1 agreement.")
                             .arg(fixed(worstSteps, 1))
                             .arg(fixed(sweep.endToEndGap.sqnrDb))
                             .arg(fixed(sweep.endToEndGap.top1Agreement)));
    }
}

namespace {

// True when the quantize run of the report kept the layer in FP32.
bool keptInFloat(const ReportContent& content, const std::string& name)
{
    if (!content.hasQuantize)
        return false;
    const auto& layers = content.quantize.layers;
    return std::any_of(layers.begin(), layers.end(), [&](const LayerSummary& layer) { return layer.name == name && !layer.int8; });
}

} // namespace

void histograms(PageLayout& layout, const ReportContent& content)
{
    layout.heading(QString::fromLatin1(titles[3]));
    if (!content.hasSensitivity) {
        layout.paragraph(QStringLiteral("No sensitivity sweep in this session, so no layer ranks as most sensitive."));
        return;
    }
    if (content.statistics.empty()) {
        layout.paragraph(QStringLiteral("No calibration ran in this session, so there are no histograms."));
        return;
    }
    const std::vector<std::string> names = mostSensitiveLayers(content, static_cast<size_t>(content.histogramLayers));
    layout.paragraph(QStringLiteral("Left: input activations sampled over the calibration clouds, with the observer's clip range. "
                                    "Right: the folded weight over all output channels, with the widest per-channel range "
                                    "+-max|w| (each channel has its own INT8 step, max|w| / 127)."),
                     PageLayout::bodyFont(8.0));
    for (size_t rank = 0; rank < names.size(); ++rank) {
        const LayerStatistics* statistics = statisticsOf(content, names[rank]);
        layout.heading(QStringLiteral("%1. %2").arg(rank + 1).arg(text(names[rank])), 1);
        if (statistics == nullptr) {
            layout.paragraph(QStringLiteral("No histogram: the layer was not calibrated in this session."));
            continue;
        }
        if (keptInFloat(content, names[rank]))
            layout.paragraph(QStringLiteral("Kept in FP32 by the quantize run: the clip range is the one INT8 would use, "
                                            "and it was not applied."),
                             PageLayout::bodyFont(8.0));
        const QRectF area = layout.reserve(130.0);
        const double half = area.width() / 2 - 6.0;
        drawHistogram(layout.painter(), QRectF(area.left(), area.top(), half, area.height()), QStringLiteral("Input activations"),
                      statistics->input, statistics->inputClipMin, statistics->inputClipMax);
        float weightRange = 0.0f;
        for (float value : statistics->channelWeightAbsMax)
            weightRange = std::max(weightRange, value);
        drawHistogram(layout.painter(), QRectF(area.left() + half + 12.0, area.top(), half, area.height()),
                      QStringLiteral("Folded weight"), statistics->weight, -weightRange, weightRange);
    }
}

void snapshots(PageLayout& layout, const ReportContent& content)
{
    layout.heading(QString::fromLatin1(titles[4]));
    if (content.snapshots.empty()) {
        layout.paragraph(QStringLiteral("No error snapshots. ") + text(content.snapshotAbsentReason));
        return;
    }
    double maxError = 0.0;
    for (const CloudSnapshot& snapshot : content.snapshots)
        for (float value : snapshot.error)
            maxError = std::max(maxError, static_cast<double>(value));
    layout.paragraph(QStringLiteral("Each point is coloured by the L2 norm over channels of the FP32 output minus the INT8 output "
                                    "of layer %1 at that point (the nearest of the layer's points), on one shared scale. %2")
                         .arg(text(content.snapshots.front().layerName))
                         .arg(text(content.snapshotMethod)),
                     PageLayout::bodyFont(8.0));
    if (!content.snapshotClouds.empty()) {
        QString clouds = QStringLiteral("The clouds shown are %1.").arg(text(content.snapshotClouds));
        if (content.hasQuantize)
            clouds += QStringLiteral(" The INT8 model was calibrated on %1.")
                          .arg(text(describeCalibrationClouds(content.quantize)));
        layout.paragraph(clouds, PageLayout::bodyFont(8.0));
    }
    drawColourBar(layout.painter(), layout.reserve(24.0).adjusted(100.0, 2.0, -100.0, 0.0), maxError,
                  QStringLiteral("|FP32 - INT8|"));
    const int perRow = 2;
    for (size_t i = 0; i < content.snapshots.size(); i += perRow) {
        const QRectF row = layout.reserve(215.0);
        const double width = row.width() / perRow - 8.0;
        for (size_t j = i; j < std::min(content.snapshots.size(), i + perRow); ++j)
            drawCloudSnapshot(layout.painter(),
                              QRectF(row.left() + static_cast<double>(j - i) * (width + 16.0), row.top(), width, row.height() - 10.0),
                              content.snapshots[j], maxError);
    }
}

} // namespace sections

} // namespace pointq::report
