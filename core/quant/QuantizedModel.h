#pragma once

#include "model/Classifier.h"
#include "quant/Calibrator.h"
#include "quant/Int8Kernels.h"

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace pointq {

/// Settings of post-training quantization.
struct QuantSettings {
    ObserverKind observer = ObserverKind::MinMax;
    double percentile = 99.99;
    std::vector<std::string> skip; ///< words for selectLayers(): these layers stay FP32
    std::string engine = "auto";   ///< "auto", "onednn" or "qnnpack"
};

/// One layer of the quantized model. INT8 layers keep their quantized weight and the
/// affine parameters of their input and output; FP32 layers keep the folded weight.
struct QuantizedLayer {
    std::string name;
    LayerPlace place;
    LayerKind kind = LayerKind::Conv2d;
    bool keepFloat = false;
    bool relu = false;
    at::Tensor weight;       ///< folded float32 (out, in) for FP32 layers; qint8 per-channel for INT8 layers
    at::Tensor bias;         ///< folded float32 (out)
    double inputScale = 1.0;
    int64_t inputZeroPoint = 0;
    /// Largest activation level (activationQuantMax()): float inputs are quantized into
    /// [0, quantMax], and kernel outputs are clamped to it when it is below 255.
    int64_t quantMax = 255;
    double outputScale = 1.0;
    int64_t outputZeroPoint = 0;
    Int8Conv kernel;         ///< prepacked INT8 kernel, INT8 layers only
};

/// Runs an FP32 layer with its folded weight and bias; an INT8 input is dequantized first.
at::Tensor runFloatLayer(const QuantizedLayer& layer, const at::Tensor& input);

/// Runs an FP32 layer on the grouped input [relativePositions; features gathered by
/// groupIndices] without building it: see LayerRunner::runOnGroups. Throws
/// QuantizationError when the layer's input channels do not match.
at::Tensor runFloatLayerOnGroups(const QuantizedLayer& layer, const at::Tensor& relativePositions,
                                 const at::Tensor& groupIndices, const at::Tensor& features);

/// Converts a layer input to the UINT8 (B, C, H, W) form the layer's INT8 kernel takes.
/// A float input is quantized with the layer's input scale and zero point. An input that
/// is already quantized (the direct output of the previous INT8 layer) passes unchanged,
/// so it keeps the previous layer's output parameters.
at::Tensor quantizeLayerInput(const QuantizedLayer& layer, const at::Tensor& input);

/// Runs the INT8 kernel on the output of quantizeLayerInput() and returns the quantized
/// output in the shape of a layer input of rank inputRank (2, 3 or 4).
at::Tensor runInt8Kernel(const QuantizedLayer& layer, const at::Tensor& image, int64_t inputRank);

/// Time spent inside the quantized model's layers, accumulated while set.
struct LayerTimings {
    double quantizeMs = 0.0;    ///< float to UINT8 conversion of layer inputs
    double int8KernelMs = 0.0;  ///< LibTorch INT8 convolution kernels
    double floatLayerMs = 0.0;  ///< layers kept in FP32
    int64_t floatInputs = 0;    ///< INT8 layer inputs that arrived as float and were quantized by the layer
};

/// A PointNeXt classifier whose convolution and linear layers run on LibTorch's INT8
/// kernels, except the layers kept in FP32. Geometry (sampling, grouping, pooling and
/// residual additions) stays in FP32.
class QuantizedModel : public LayerRunner {
public:
    /// Converts a calibrated FP32 model. configYaml is the merged config, stored in saved files.
    static std::unique_ptr<QuantizedModel> convert(const PointNextClassifier& model, const Calibrator& calibration,
                                                   const QuantSettings& settings, const std::string& configYaml);
    /// Converts with given activation ranges by layer name, e.g. the ones quantization-aware
    /// training learned. Throws QuantizationError for an INT8 layer without a range.
    static std::unique_ptr<QuantizedModel> convert(const PointNextClassifier& model,
                                                   const std::map<std::string, LayerObservation>& observations,
                                                   const QuantSettings& settings, const std::string& configYaml);

    /// Reads a model written by save(); throws CheckpointError naming the file and entry.
    static std::unique_ptr<QuantizedModel> load(const std::string& path);

    /// Writes the model to one file (atomically: a temporary file renamed at the end).
    void save(const std::string& path) const;

    at::Tensor forward(const ModelInput& input, std::vector<StageOutput>* trace = nullptr);
    at::Tensor run(ConvBlock& block, const at::Tensor& input) override;
    /// The input scale and zero point of an INT8 layer, with which grouping quantizes
    /// features per point. std::nullopt for a layer kept in FP32, while a layer probe is
    /// set (the probe compares against the float input) and when turned off.
    std::optional<InputQuantization> inputQuantization(const ConvBlock& block) const override;
    /// Runs a layer kept in FP32 on groups without building the grouped input
    /// (runFloatLayerOnGroups); std::nullopt for an INT8 layer and when turned off.
    std::optional<at::Tensor> runOnGroups(ConvBlock& block, const at::Tensor& relativePositions,
                                          const at::Tensor& groupIndices, const at::Tensor& features) override;
    /// Turns per-point work before grouping on (the default) or off: quantizing features
    /// before they are gathered for an INT8 layer, and the per-point feature product of an
    /// FP32 layer (runOnGroups). Off runs every first layer of a group on the grouped
    /// tensor. INT8 logits are the same either way and FP32 ones equal up to float
    /// rounding; benchmarks and tests compare the two.
    void setQuantizeBeforeGrouping(bool enabled) { m_quantizeBeforeGrouping = enabled; }

    const std::vector<QuantizedLayer>& layers() const { return m_layers; }
    const std::string& engine() const { return m_engine; }
    bool engineFellBack() const { return m_engineFellBack; }
    /// Largest activation level of the INT8 layers: 255, or 127 when the engine needed a
    /// reduced range on this CPU (activationQuantMax()).
    int64_t activationQuantMax() const { return m_activationQuantMax; }
    const std::string& configYaml() const { return m_configYaml; }
    int64_t int8LayerCount() const;
    /// Accumulates layer timings into `timings` until called with nullptr.
    void setTimings(LayerTimings* timings) { m_timings = timings; }

    /// Callback that receives each layer's output as the layer returns it
    /// (quantized for INT8 layers, float32 for layers kept in FP32).
    using LayerOutputObserver = std::function<void(const QuantizedLayer& layer, const at::Tensor& output)>;
    /// Calls observer after every layer until it is set to an empty function.
    void setLayerOutputObserver(LayerOutputObserver observer) { m_outputObserver = std::move(observer); }
    /// Called after every INT8 layer with its input (float or quantized) and output,
    /// for per-layer error measurements; an empty function turns it off.
    using LayerProbe = std::function<void(const QuantizedLayer& layer, const at::Tensor& input, const at::Tensor& output)>;
    void setLayerProbe(LayerProbe probe) { m_probe = std::move(probe); }

private:
    QuantizedModel() = default;
    void attachSkeleton(std::shared_ptr<PointNextClassifier> skeleton);

    std::shared_ptr<PointNextClassifier> m_skeleton;
    std::vector<QuantizedLayer> m_layers;
    std::map<const ConvBlock*, size_t> m_layerOfBlock;
    std::string m_configYaml;
    std::string m_engine;
    bool m_engineFellBack = false;
    int64_t m_activationQuantMax = 255;
    bool m_quantizeBeforeGrouping = true;
    LayerTimings* m_timings = nullptr;
    LayerOutputObserver m_outputObserver;
    LayerProbe m_probe;
};

} // namespace pointq
