#pragma once

#include "model/Classifier.h"
#include "quant/Calibrator.h"

#include <map>
#include <set>
#include <string>

namespace pointq {

/// Quantization-aware training: runs every ConvBlock with its batch norm folded into
/// the weight (running statistics, so batch norm stays frozen), the weight fake-quantized
/// per output channel to INT8 (scale max|w| / 127) and the input and output fake-quantized
/// per tensor to UINT8, exactly as QuantizedModel quantizes them. LibTorch's
/// fake-quantize operators pass gradients straight through inside the range.
///
/// A block whose input is the direct output of the previous fake-quantized block (a chain
/// of convolutions) does not quantize its input again, because QuantizedModel hands the
/// INT8 output of one kernel to the next unchanged. Layers in `skipped` run in FP32.
class FakeQuantRunner : public LayerRunner {
public:
    enum class Mode {
        Train,   ///< update the ranges as moving averages, then fake-quantize
        Frozen,  ///< fake-quantize with the current ranges; fold batch norm as QuantizedModel does
    };

    /// Starts from the calibrated ranges, as post-training quantization would use them.
    /// activationQuantMax is the largest activation level of the engine the model will be
    /// converted for (activationQuantMax()). Throws QuantizationError when an INT8 layer
    /// was never calibrated.
    FakeQuantRunner(const PointNextClassifier& model, const Calibrator& calibration, std::set<std::string> skipped,
                    int64_t activationQuantMax = 255, double averagingConstant = 0.01);

    void setMode(Mode mode) { m_mode = mode; }
    Mode mode() const { return m_mode; }

    at::Tensor run(ConvBlock& block, const at::Tensor& input) override;

    /// The current ranges as observations that QuantizedModel::convert takes.
    std::map<std::string, LayerObservation> observations() const;

    struct Range {
        float minimum = 0.0f;
        float maximum = 0.0f;
    };
    struct LayerRanges {
        Range input;
        Range output;
    };
    const std::map<std::string, LayerRanges>& ranges() const { return m_ranges; }
    void setRanges(std::map<std::string, LayerRanges> ranges) { m_ranges = std::move(ranges); }
    const std::set<std::string>& skipped() const { return m_skipped; }

private:
    at::Tensor fakeQuantizeActivation(const at::Tensor& values, Range& range);

    std::map<std::string, LayerRanges> m_ranges;
    std::set<std::string> m_skipped;
    int64_t m_activationQuantMax;
    double m_averagingConstant;
    Mode m_mode = Mode::Train;
    at::Tensor m_lastOutput;
};

/// Folds batch norm into the weight and bias (out, in) with running statistics, keeping
/// the autograd graph to the convolution and batch-norm parameters.
std::pair<at::Tensor, at::Tensor> foldBatchNormDifferentiable(const ConvBlock& block);

} // namespace pointq
