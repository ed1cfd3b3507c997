// Colouring of PointCloudView: the scene's colours and overlay, and the legend.

#include "cloud/CloudScene.h"
#include "cloud/PointCloudView.h"
#include "render/VtkRenderWidget.h"

#include <QLabel>
#include <QStringList>

namespace pointq::widgets {

namespace {

QString swatch(const unsigned char (&rgb)[3])
{
    const QString colour = QStringLiteral("#%1%2%3")
                               .arg(rgb[0], 2, 16, QLatin1Char('0'))
                               .arg(rgb[1], 2, 16, QLatin1Char('0'))
                               .arg(rgb[2], 2, 16, QLatin1Char('0'));
    return QStringLiteral("<span style=\"color:%1\">&#9632;</span>").arg(colour);
}

at::Tensor repeatColor(const unsigned char (&rgb)[3], int64_t count)
{
    const at::Tensor colour = at::tensor({rgb[0], rgb[1], rgb[2]}, at::kByte);
    return colour.unsqueeze(0).expand({count, 3}).contiguous();
}

} // namespace

void PointCloudView::applyColoring()
{
    m_scene->clearOverlay();
    if (m_cloud.size() == 0) {
        m_legend->setText(legendText());
        m_renderWidget->requestRender();
        return;
    }
    switch (m_colorMode) {
    case ColorMode::Height: {
        const at::Tensor heights = heightsOf(m_cloud.positions);
        m_scene->showScalars(heights, heights.min().item<double>(), heights.max().item<double>(),
                             tr("Height (z)").toStdString());
        break;
    }
    case ColorMode::Normal:
        m_scene->showColors(colorsFromNormals(m_cloud.normals));
        break;
    case ColorMode::Rgb:
        m_scene->showColors(colorsFromStoredColors(m_cloud.colors));
        break;
    case ColorMode::Scalar:
        m_scene->showScalars(m_scalars, m_scalars.min().item<double>(), m_scalars.max().item<double>(),
                             m_scalarTitle.toStdString());
        break;
    case ColorMode::LayerSampling:
        applySamplingHighlight();
        break;
    case ColorMode::Fp32Label:
    case ColorMode::Int8Label:
    case ColorMode::LabelFlips:
    case ColorMode::GroundTruth:
        applyLabelColoring();
        break;
    }
    m_legend->setText(legendText());
    m_renderWidget->requestRender();
}

void PointCloudView::applySamplingHighlight()
{
    const SamplingPalette palette;
    m_scene->showColors(repeatColor(palette.otherPoints, m_cloud.size()));
    const SamplingHighlight highlight = samplingHighlight(m_sampling, samplingStage(), samplingCentre());

    // A point drawn later at the same depth fails the depth test, so the
    // chosen centre comes first, then its neighbourhood, then the other centres.
    const at::Tensor chosen = at::tensor({highlight.chosenCentreRow}, at::kLong);
    const at::Tensor rows = at::cat({chosen, highlight.neighbourRows, highlight.centreRows});
    const at::Tensor colors = at::cat({repeatColor(palette.chosenCentre, 1),
                                       repeatColor(palette.neighbours, highlight.neighbourRows.size(0)),
                                       repeatColor(palette.centres, highlight.centreRows.size(0))});
    m_scene->setOverlay(rows, colors);
}

const at::Tensor& PointCloudView::labelsOfMode(ColorMode mode) const
{
    switch (mode) {
    case ColorMode::Fp32Label: return m_labels.fp32;
    case ColorMode::Int8Label: return m_labels.int8;
    case ColorMode::GroundTruth: return m_labels.groundTruth;
    default: break;
    }
    static const at::Tensor none;
    return none;
}

void PointCloudView::applyLabelColoring()
{
    if (m_colorMode == ColorMode::LabelFlips) {
        const FlipPalette palette;
        const at::Tensor flipped = m_labels.fp32.ne(m_labels.int8);
        at::Tensor colors = repeatColor(palette.unchanged, m_cloud.size()).clone();
        const at::Tensor rows = flipped.nonzero().flatten();
        colors.index_copy_(0, rows, repeatColor(palette.flipped, rows.size(0)));
        m_scene->showColors(colors);
        // Flipped points are often a small share of the scene, so they are drawn
        // again on top, larger, where no grey point can hide them.
        m_scene->setOverlay(rows, repeatColor(palette.flipped, rows.size(0)));
        const auto toArray = [](const unsigned char (&rgb)[3]) { return std::array<uint8_t, 3>{rgb[0], rgb[1], rgb[2]}; };
        m_scene->showCategoryLegend({tr("same class").toStdString(), tr("flipped").toStdString()},
                                    {toArray(palette.unchanged), toArray(palette.flipped)},
                                    tr("FP32 vs INT8").toStdString());
        return;
    }
    m_scene->showColors(colorsFromLabels(labelsOfMode(m_colorMode)));
    std::vector<std::string> names;
    std::vector<std::array<uint8_t, 3>> colors;
    for (int64_t c = 0; c < m_labels.classCount; ++c) {
        names.push_back(className(m_labels.classNames, c));
        colors.push_back(classColor(c));
    }
    m_scene->showCategoryLegend(names, colors, modeName(m_colorMode).toStdString());
}

QString PointCloudView::labelLegendText(const QString& points) const
{
    if (m_colorMode == ColorMode::LabelFlips) {
        const FlipPalette palette;
        const double share = m_cloud.size() > 0 ? 100.0 * double(m_flippedCount) / double(m_cloud.size()) : 0.0;
        return tr("%1 %2 of %3 change class from FP32 to INT8 (%4%) &nbsp; %5 same class in both")
            .arg(swatch(palette.flipped))
            .arg(m_flippedCount)
            .arg(points)
            .arg(share, 0, 'f', 2)
            .arg(swatch(palette.unchanged));
    }
    const at::Tensor& labels = labelsOfMode(m_colorMode);
    const at::Tensor counts = at::bincount(labels.clamp_min(-1) + 1, {}, m_labels.classCount + 1);
    QStringList entries;
    for (int64_t c = 0; c < m_labels.classCount; ++c) {
        const int64_t count = counts[c + 1].item<int64_t>();
        if (count == 0)
            continue;
        const std::array<uint8_t, 3> rgb = classColor(c);
        const unsigned char colour[3] = {rgb[0], rgb[1], rgb[2]};
        entries.append(QStringLiteral("%1 %2 %3")
                           .arg(swatch(colour), QString::fromStdString(className(m_labels.classNames, c)).toHtmlEscaped())
                           .arg(count));
    }
    const int64_t unlabelled = counts[0].item<int64_t>();
    if (unlabelled > 0) {
        const unsigned char colour[3] = {unlabelledColor[0], unlabelledColor[1], unlabelledColor[2]};
        entries.append(tr("%1 unlabelled %2").arg(swatch(colour)).arg(unlabelled));
    }
    return tr("%1, coloured by %2; points per class: %3").arg(points, modeName(m_colorMode), entries.join(QStringLiteral(" &nbsp; ")));
}

QString PointCloudView::legendText() const
{
    if (m_cloud.size() == 0)
        return tr("No cloud loaded.");
    const QString points = tr("%n point(s)", nullptr, static_cast<int>(m_cloud.size()));
    switch (m_colorMode) {
    case ColorMode::Height: {
        const at::Tensor heights = heightsOf(m_cloud.positions);
        return tr("%1, coloured by height z from %2 to %3.")
            .arg(points)
            .arg(heights.min().item<double>(), 0, 'g', 4)
            .arg(heights.max().item<double>(), 0, 'g', 4);
    }
    case ColorMode::Normal:
        return tr("%1, coloured by normal: red, green and blue are x, y and z from -1 to 1.").arg(points);
    case ColorMode::Rgb:
        return tr("%1, coloured as stored in the file.").arg(points);
    case ColorMode::Scalar:
        return tr("%1, coloured by %2 from %3 (dark blue) to %4 (yellow).")
            .arg(points, m_scalarTitle)
            .arg(m_scalars.min().item<double>(), 0, 'g', 4)
            .arg(m_scalars.max().item<double>(), 0, 'g', 4);
    case ColorMode::LayerSampling: {
        const SamplingPalette palette;
        const StageSampling& stage = m_sampling.stages[static_cast<size_t>(samplingStage())];
        const SamplingHighlight highlight = samplingHighlight(m_sampling, samplingStage(), samplingCentre());
        // Each count is a phrase of its own, because tr() inflects one number per string.
        const QString centres = tr("%n centre(s) of stage %1", nullptr, static_cast<int>(stage.centreRows.size(0)))
                                    .arg(samplingStage());
        const QString neighbours =
            tr("%n distinct neighbour(s) of centre %1 (ball query)", nullptr, static_cast<int>(highlight.neighbourRows.size(0)))
                .arg(samplingCentre());
        return tr("%1 %2 &nbsp; %3 %4 &nbsp; %5 centre %6 &nbsp; %7 other points")
            .arg(swatch(palette.centres), centres, swatch(palette.neighbours), neighbours, swatch(palette.chosenCentre))
            .arg(samplingCentre())
            .arg(swatch(palette.otherPoints));
    }
    case ColorMode::Fp32Label:
    case ColorMode::Int8Label:
    case ColorMode::LabelFlips:
    case ColorMode::GroundTruth:
        return labelLegendText(points);
    }
    return {};
}

} // namespace pointq::widgets
