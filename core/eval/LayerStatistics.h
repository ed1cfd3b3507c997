#pragma once

#include "model/ConvBlock.h"
#include "quant/Calibrator.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace pointq {

class QuantizedModel;

/// Counts of values in equal-width bins over [minimum, maximum].
struct ValueHistogram {
    float minimum = 0.0f;
    float maximum = 0.0f;
    std::vector<int64_t> counts;
};

/// Bins the values of a float tensor over its own minimum and maximum.
ValueHistogram histogramOf(const at::Tensor& values, int bins);

/// The folded (batch norm merged) weight of a block, or one output channel of it,
/// binned for plots. channel -1 takes every channel. Throws QuantizationError for a
/// channel outside [0, outChannels).
ValueHistogram weightHistogram(const ConvBlock& block, int channel, int bins);

/// Per-layer figures of a quantize run, as the workbench shows them. Ranges are in the
/// layer's float units. The clip ranges are the observer's choice and always contain 0.
struct LayerStatistics {
    std::string name;
    ValueHistogram input;          ///< sampled input activations over the calibration clouds
    ValueHistogram output;         ///< sampled output activations (after ReLU when fused)
    ValueHistogram weight;         ///< folded weight, all channels
    float inputClipMin = 0.0f, inputClipMax = 0.0f;
    float outputClipMin = 0.0f, outputClipMax = 0.0f;
    std::vector<float> channelWeightAbsMax; ///< max |w| per output channel; the INT8 step is this / 127
    double sqnrDb = 0.0;           ///< output SQNR of the layer on its own input; 0 when kept in FP32
    bool sqnrMeasured = false;
};

/// Histograms and clip ranges of every calibrated layer of the model, in the model's
/// layer order. SQNR fields stay unset; measureLayerSqnr() fills them.
std::vector<LayerStatistics> collectLayerStatistics(const std::vector<std::shared_ptr<ConvBlock>>& layers,
                                                    const Calibrator& calibration, int bins);

/// Accumulates, for every INT8 layer, the energy of the FP32 output and of the
/// difference between the INT8 output and the FP32 output computed from the same
/// (already quantized) input, so that each layer's own error is measured.
class LayerSqnrMeter {
public:
    /// Takes the folded FP32 weights of every block, keyed by layer name.
    explicit LayerSqnrMeter(const std::vector<std::shared_ptr<ConvBlock>>& layers);

    /// Called by QuantizedModel for every layer it runs.
    void record(const std::string& name, bool relu, const at::Tensor& input, const at::Tensor& output);

    /// Writes sqnrDb into the statistics of every recorded layer.
    void fill(std::vector<LayerStatistics>& statistics) const;

private:
    struct Energy {
        double signal = 0.0;
        double noise = 0.0;
    };
    struct Reference {
        at::Tensor weight;
        at::Tensor bias;
    };
    std::map<std::string, Reference> m_references;
    std::map<std::string, Energy> m_energy;
};

} // namespace pointq
