#pragma once

#include <ATen/ATen.h>
#include <ATen/core/ivalue.h>
#include <ATen/core/stack.h>

#include <memory>
#include <string>
#include <vector>

namespace pointq {

/// Quantized engines this LibTorch build offers, by name ("onednn", "qnnpack", ...).
std::vector<std::string> availableQuantizedEngines();

/// Selects the engine: "auto" picks onednn, then qnnpack. Returns the engine in use,
/// and sets fellBack when "auto" could not have onednn. Throws QuantizationError for
/// an engine this build does not have.
std::string selectQuantizedEngine(const std::string& requested, bool* fellBack = nullptr);

/// The engine LibTorch uses now.
std::string currentQuantizedEngine();

/// True when this CPU has VNNI (AVX512-VNNI or AVX-VNNI), the instructions that let
/// onednn add UINT8 x INT8 products in 32 bits.
bool cpuHasVnni();

/// The largest activation level that an engine computes exactly: 255, or 127 for onednn
/// on a CPU without VNNI. There onednn adds pairs of UINT8 x INT8 products in 16 bits
/// with saturation (vpmaddubsw), which with 8-bit activations and weights up to 127
/// overflows (2 * 255 * 127 > 32767) and was measured up to 167 output steps off. With
/// activations in [0, 127] a pair stays below 32767. PyTorch's own x86 default
/// configurations reduce the range for the same reason.
/// NOTE: only the calibrated range maps to 0..127. Inputs and kernel outputs beyond it
/// still reach levels up to 255, as with PyTorch's reduce_range, and may saturate.
int64_t activationQuantMax(const std::string& engine, bool hasVnni);

/// The warning that reports a reduced activation range for `engine`.
std::string reducedRangeWarning(const std::string& engine);

/// A 1x1 convolution with INT8 per-channel weights, run by LibTorch's quantized
/// kernels through the dispatcher (quantized::conv2d_prepack, quantized::conv2d and
/// quantized::conv2d_relu). Conv1d and linear layers run as 1x1 Conv2d on a view.
class Int8Conv {
public:
    Int8Conv() = default;
    /// weight: (out, in) qint8 per-channel on axis 0; bias: (out) float32 or undefined.
    /// Throws QuantizationError for other weight or bias types and shapes.
    Int8Conv(const at::Tensor& weight, const at::Tensor& bias, bool relu, double outputScale, int64_t outputZeroPoint);

    /// input: quint8 (B, in, H, W); returns quint8 (B, out, H, W). Throws
    /// QuantizationError for another input type or channel count, or an unprepared kernel.
    at::Tensor run(const at::Tensor& input) const;

private:
    struct PackedKernels;

    c10::IValue packedFor(const at::Tensor& input) const;

    // Shared by copies, which all run the same layer.
    std::shared_ptr<PackedKernels> m_packed;
    int64_t m_inChannels = 0;
    bool m_relu = false;
    double m_outputScale = 1.0;
    int64_t m_outputZeroPoint = 0;
};

} // namespace pointq
