#include "cloud/CloudColoring.h"

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
