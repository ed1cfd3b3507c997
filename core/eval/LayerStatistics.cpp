#include "eval/LayerStatistics.h"

#include "common/Errors.h"
#include "quant/Folding.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pointq {

namespace {

ValueHistogram fromObserver(const ActivationObserver& observer, int bins)
{
    ValueHistogram histogram;
    histogram.minimum = observer.minimum();
    histogram.maximum = observer.maximum();
    histogram.counts = observer.histogram(bins);
    return histogram;
}

} // namespace

ValueHistogram histogramOf(const at::Tensor& values, int bins)
{
    ValueHistogram histogram;
    histogram.counts.assign(static_cast<size_t>(std::max(bins, 1)), 0);
    const at::Tensor flat = values.detach().to(at::kFloat).contiguous().view(-1);
    if (flat.numel() == 0)
        return histogram;
    histogram.minimum = flat.min().item<float>();
    histogram.maximum = flat.max().item<float>();
    const auto binCount = static_cast<int64_t>(histogram.counts.size());
    const float width = (histogram.maximum - histogram.minimum) / static_cast<float>(binCount);
    const float* data = flat.data_ptr<float>();
    for (int64_t i = 0; i < flat.numel(); ++i) {
        int64_t bin = width > 0 ? static_cast<int64_t>((data[i] - histogram.minimum) / width) : 0;
        bin = std::clamp<int64_t>(bin, 0, binCount - 1);
        ++histogram.counts[static_cast<size_t>(bin)];
    }
    return histogram;
}

ValueHistogram weightHistogram(const ConvBlock& block, int channel, int bins)
{
    const at::Tensor weight = foldBatchNorm(block).weight;
    if (channel < 0)
        return histogramOf(weight, bins);
    if (channel >= weight.size(0))
        throw QuantizationError("layer " + block.layerName() + " has " + std::to_string(weight.size(0))
                                + " output channels, so channel " + std::to_string(channel) + " does not exist");
    return histogramOf(weight[channel], bins);
}

std::vector<LayerStatistics> collectLayerStatistics(const std::vector<std::shared_ptr<ConvBlock>>& layers,
                                                    const Calibrator& calibration, int bins)
{
    std::vector<LayerStatistics> statistics;
    for (const auto& block : layers) {
        LayerStatistics layer;
        layer.name = block->layerName();
        const at::Tensor weight = foldBatchNorm(*block).weight;
        layer.weight = histogramOf(weight, bins);
        const at::Tensor absMax = std::get<0>(weight.abs().max(1)).contiguous();
        layer.channelWeightAbsMax.assign(absMax.data_ptr<float>(), absMax.data_ptr<float>() + absMax.numel());
        const auto found = calibration.observations().find(layer.name);
        if (found != calibration.observations().end()) {
            layer.input = fromObserver(found->second.input, bins);
            layer.output = fromObserver(found->second.output, bins);
            std::tie(layer.inputClipMin, layer.inputClipMax) = found->second.input.range();
            std::tie(layer.outputClipMin, layer.outputClipMax) = found->second.output.range();
        }
        statistics.push_back(std::move(layer));
    }
    return statistics;
}

LayerSqnrMeter::LayerSqnrMeter(const std::vector<std::shared_ptr<ConvBlock>>& layers)
{
    for (const auto& block : layers) {
        const FoldedLayer folded = foldBatchNorm(*block);
        m_references[block->layerName()] = Reference{folded.weight, folded.bias};
    }
}

void LayerSqnrMeter::record(const std::string& name, bool relu, const at::Tensor& input, const at::Tensor& output)
{
    const auto found = m_references.find(name);
    if (found == m_references.end())
        return;
    at::Tensor reference = pointwiseConv(toFloat(input), found->second.weight, found->second.bias);
    if (relu)
        reference = at::relu(reference);
    const at::Tensor difference = toFloat(output).reshape(reference.sizes()) - reference;
    Energy& energy = m_energy[name];
    energy.signal += reference.to(at::kDouble).pow(2).sum().item<double>();
    energy.noise += difference.to(at::kDouble).pow(2).sum().item<double>();
}

void LayerSqnrMeter::fill(std::vector<LayerStatistics>& statistics) const
{
    for (LayerStatistics& layer : statistics) {
        const auto found = m_energy.find(layer.name);
        if (found == m_energy.end())
            continue;
        const Energy& energy = found->second;
        layer.sqnrDb = energy.noise > 0.0 ? 10.0 * std::log10(energy.signal / energy.noise)
                                          : std::numeric_limits<double>::infinity();
        layer.sqnrMeasured = true;
    }
}

} // namespace pointq
