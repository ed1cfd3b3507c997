#include "cloud/CloudColoring.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace pointq::widgets {

at::Tensor colorsFromNormals(const at::Tensor& normals)
{
    const at::Tensor scaled = (normals.to(at::kFloat).clamp(-1.0, 1.0) + 1.0) * 127.5;
    return scaled.round().to(at::kByte).contiguous();
}

at::Tensor colorsFromStoredColors(const at::Tensor& colors)
{
    at::Tensor values = colors.to(at::kFloat);
    // NOTE: PointCloud does not record whether colours were stored as 0-255
    // integers or 0-1 floats, so a cloud whose 0-255 colours are all 0 or 1
    // (nearly black) is taken for a 0-1 cloud and shown white.
    if (values.numel() > 0 && values.max().item<float>() <= 1.0f)
        values = values * 255.0;
    return values.clamp(0.0, 255.0).round().to(at::kByte).contiguous();
}

std::array<uint8_t, 3> classColor(int64_t classIndex)
{
    // Ten saturated hues, then lighter tints of nearly the same hues, so that the
    // first ten classes differ the most.
    static constexpr std::array<std::array<uint8_t, 3>, 20> palette{{
        {70, 130, 200}, {240, 150, 30}, {60, 170, 70}, {200, 50, 50}, {150, 100, 200},
        {150, 95, 60}, {230, 120, 190}, {100, 100, 140}, {190, 190, 40}, {30, 190, 200},
        {160, 200, 240}, {250, 200, 120}, {160, 225, 140}, {250, 150, 140}, {200, 175, 225},
        {205, 160, 130}, {245, 190, 215}, {225, 225, 150}, {150, 220, 230}, {90, 80, 170},
    }};
    if (classIndex < 0)
        return unlabelledColor;
    return palette[static_cast<size_t>(classIndex) % palette.size()];
}

at::Tensor colorsFromLabels(const at::Tensor& labels)
{
    const at::Tensor flat = labels.to(at::kLong).contiguous();
    const int64_t maximum = flat.numel() > 0 ? std::max<int64_t>(flat.max().item<int64_t>(), 0) : 0;
    // A table with one row per class up to the largest label, and a last row for
    // unlabelled points, turns the colouring into one index_select.
    at::Tensor table = at::empty({maximum + 2, 3}, at::kByte);
    for (int64_t c = 0; c <= maximum; ++c) {
        const std::array<uint8_t, 3> colour = classColor(c);
        for (int64_t k = 0; k < 3; ++k)
            table[c][k] = colour[static_cast<size_t>(k)];
    }
    for (int64_t k = 0; k < 3; ++k)
        table[maximum + 1][k] = unlabelledColor[static_cast<size_t>(k)];
    const at::Tensor rows = at::where(flat.lt(0), at::full_like(flat, maximum + 1), flat);
    return table.index_select(0, rows).contiguous();
}

std::string className(const std::vector<std::string>& classNames, int64_t classIndex)
{
    if (classIndex >= 0 && static_cast<size_t>(classIndex) < classNames.size())
        return classNames[static_cast<size_t>(classIndex)];
    return "class " + std::to_string(classIndex);
}

at::Tensor heightsOf(const at::Tensor& positions)
{
    return positions.select(1, 2).to(at::kFloat).contiguous();
}

SamplingHighlight samplingHighlight(const CloudSampling& sampling, int stage, int64_t centre)
{
    if (stage < 0 || static_cast<size_t>(stage) >= sampling.stages.size())
        throw std::out_of_range("stage " + std::to_string(stage) + " is not in the sampling trace of " +
                                std::to_string(sampling.stages.size()) + " stages");
    const StageSampling& stageSampling = sampling.stages[static_cast<size_t>(stage)];
    SamplingHighlight highlight;
    highlight.centreRows = stageSampling.centreRows;
    const int64_t centreCount = stageSampling.centreRows.size(0);
    if (centre < 0 || centre >= centreCount)
        throw std::out_of_range("centre " + std::to_string(centre) + " is outside stage " + std::to_string(stage) +
                                ", which has " + std::to_string(centreCount) + " centres");
    highlight.chosenCentreRow = stageSampling.centreRows[centre].item<int64_t>();
    // Ball query pads a neighbourhood with fewer than K points by repeating
    // its first neighbour, so the rows are made distinct.
    if (stageSampling.neighbourRows.defined())
        highlight.neighbourRows = std::get<0>(at::_unique(stageSampling.neighbourRows[centre], true));
    else
        highlight.neighbourRows = at::empty({0}, at::kLong);
    return highlight;
}

} // namespace pointq::widgets
