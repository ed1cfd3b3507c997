#include "quant/QuantizedModel.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "geometry/PointOps.h"
#include "model/QuantizedValues.h"
#include "quant/Folding.h"
#include "quant/Int8Kernels.h"
#include "quant/LayerSelection.h"

#include <chrono>

namespace pointq {

namespace {

// Views a layer input as the (B, C, H, W) shape the 1x1 Conv2d kernel takes.
at::Tensor asImage(const at::Tensor& input)
{
    switch (input.dim()) {
    case 2: return input.unsqueeze(-1).unsqueeze(-1);
    case 3: return input.unsqueeze(-1);
    default: return input;
    }
}

at::Tensor fromImage(const at::Tensor& output, int64_t inputRank)
{
    switch (inputRank) {
    case 2: return output.squeeze(-1).squeeze(-1);
    case 3: return output.squeeze(-1);
    default: return output;
    }
}

} // namespace

std::unique_ptr<QuantizedModel> QuantizedModel::convert(const PointNextClassifier& model, const Calibrator& calibration,
                                                        const QuantSettings& settings, const std::string& configYaml)
{
    return convert(model, calibration.observations(), settings, configYaml);
}

std::unique_ptr<QuantizedModel> QuantizedModel::convert(const PointNextClassifier& model,
                                                        const std::map<std::string, LayerObservation>& observations,
                                                        const QuantSettings& settings, const std::string& configYaml)
{
    std::unique_ptr<QuantizedModel> quantized(new QuantizedModel());
    quantized->m_engine = selectQuantizedEngine(settings.engine, &quantized->m_engineFellBack);
    if (quantized->m_engineFellBack)
        logWarning("pointq.quant", "the onednn quantized engine is not available; INT8 layers run on " + quantized->m_engine);
    quantized->m_configYaml = configYaml;
    quantized->m_activationQuantMax = pointq::activationQuantMax(quantized->m_engine, cpuHasVnni());
    if (quantized->m_activationQuantMax < 255)
        logWarning("pointq.quant", reducedRangeWarning(quantized->m_engine));

    const std::set<std::string> skipped = selectLayers(model.layers(), settings.skip);
    for (const auto& block : model.layers()) {
        QuantizedLayer layer;
        layer.name = block->layerName();
        layer.place = block->place();
        layer.kind = block->kind();
        layer.relu = block->hasRelu();
        layer.keepFloat = skipped.count(layer.name) > 0;
        const FoldedLayer folded = foldBatchNorm(*block);
        layer.bias = folded.bias;
        if (layer.keepFloat) {
            layer.weight = folded.weight;
        } else {
            const auto found = observations.find(layer.name);
            if (found == observations.end() || found->second.input.empty())
                throw QuantizationError("layer " + layer.name + " was never run during calibration, so it has no activation range; "
                                        "calibrate on at least one cloud or keep the layer in FP32 with --skip");
            const auto [inputMin, inputMax] = found->second.input.range();
            const auto [outputMin, outputMax] = found->second.output.range();
            const int64_t quantMax = quantized->m_activationQuantMax;
            std::tie(layer.inputScale, layer.inputZeroPoint) = affineQuantParams(inputMin, inputMax, quantMax);
            std::tie(layer.outputScale, layer.outputZeroPoint) = affineQuantParams(outputMin, outputMax, quantMax);
            layer.quantMax = quantMax;
            layer.weight = quantizeWeightPerChannel(folded.weight);
        }
        quantized->m_layers.push_back(std::move(layer));
    }
    for (auto& layer : quantized->m_layers)
        if (!layer.keepFloat)
            layer.kernel = Int8Conv(layer.weight, layer.bias, layer.relu, layer.outputScale, layer.outputZeroPoint);

    auto skeleton = std::make_shared<PointNextClassifier>(model.args());
    skeleton->eval();
    quantized->attachSkeleton(std::move(skeleton));
    return quantized;
}

void QuantizedModel::attachSkeleton(std::shared_ptr<PointNextClassifier> skeleton)
{
    m_skeleton = std::move(skeleton);
    m_layerOfBlock.clear();
    const auto& blocks = m_skeleton->layers();
    if (blocks.size() != m_layers.size())
        throw QuantizationError("the quantized model has " + std::to_string(m_layers.size()) + " layers but its config builds "
                                + std::to_string(blocks.size()));
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (blocks[i]->layerName() != m_layers[i].name)
            throw QuantizationError("quantized layer " + std::to_string(i) + " is " + m_layers[i].name
                                    + " but the config builds " + blocks[i]->layerName() + " there");
        m_layerOfBlock[blocks[i].get()] = i;
    }
}

int64_t QuantizedModel::int8LayerCount() const
{
    return std::count_if(m_layers.begin(), m_layers.end(), [](const QuantizedLayer& layer) { return !layer.keepFloat; });
}

at::Tensor QuantizedModel::forward(const ModelInput& input, std::vector<StageOutput>* trace)
{
    at::NoGradGuard noGrad;
    return m_skeleton->forward(input, this, trace);
}

at::Tensor runFloatLayer(const QuantizedLayer& layer, const at::Tensor& input)
{
    const at::Tensor floatInput = toFloat(input);
    at::Tensor output = pointwiseConv(floatInput, layer.weight, layer.bias);
    return layer.relu ? output.relu_() : output;
}

at::Tensor runFloatLayerOnGroups(const QuantizedLayer& layer, const at::Tensor& relativePositions,
                                 const at::Tensor& groupIndices, const at::Tensor& features)
{
    const at::Tensor floatFeatures = toFloat(features);
    const int64_t positionChannels = relativePositions.size(1);
    const int64_t featureChannels = floatFeatures.size(1);
    if (layer.weight.dim() != 2 || layer.weight.size(1) != positionChannels + featureChannels)
        throw QuantizationError("layer " + layer.name + " takes " + std::to_string(layer.weight.size(-1))
                                + " input channels, but its groups have " + std::to_string(positionChannels) + " + "
                                + std::to_string(featureChannels));
    // W [dp; f_j] + b = W_dp dp + (W_f f + b)_j: the feature part is computed once per point
    // and then gathered, so the GEMM over the S neighbours of every centre has only the
    // position channels left. Equal to runFloatLayer on the grouped input up to float
    // rounding, because each output sums its products in two parts.
    const at::Tensor positionWeight = layer.weight.narrow(1, 0, positionChannels);
    const at::Tensor featureWeight = layer.weight.narrow(1, positionChannels, featureChannels);
    const at::Tensor perPoint = pointwiseConv(floatFeatures, featureWeight, layer.bias);
    at::Tensor output = groupPoints(perPoint, groupIndices);
    const int64_t batch = output.size(0);
    output.view({batch, output.size(1), -1})
        .baddbmm_(positionWeight.expand({batch, positionWeight.size(0), positionChannels}),
                  relativePositions.reshape({batch, positionChannels, -1}));
    return layer.relu ? output.relu_() : output;
}

at::Tensor quantizeLayerInput(const QuantizedLayer& layer, const at::Tensor& input)
{
    const at::Tensor image = asImage(input);
    if (image.is_quantized())
        return image;
    return quantizePerTensorUint8(image, layer.inputScale, layer.inputZeroPoint, layer.quantMax);
}

at::Tensor runInt8Kernel(const QuantizedLayer& layer, const at::Tensor& image, int64_t inputRank)
{
    try {
        at::Tensor output = layer.kernel.run(image);
        // The kernel requantizes into the whole UINT8 range. Values above the calibrated
        // range would give levels above a reduced range, which the next kernel could
        // saturate on, so they are clamped as a fake-quantized simulation clamps them.
        if (layer.quantMax < 255)
            output = clampLevels(output, layer.quantMax);
        return fromImage(output, inputRank);
    } catch (const QuantizationError& error) {
        throw QuantizationError("layer " + layer.name + ": " + error.detail());
    }
}

std::optional<InputQuantization> QuantizedModel::inputQuantization(const ConvBlock& block) const
{
    if (m_probe || !m_quantizeBeforeGrouping)
        return std::nullopt;
    const QuantizedLayer& layer = m_layers.at(m_layerOfBlock.at(&block));
    if (layer.keepFloat)
        return std::nullopt;
    return InputQuantization{layer.inputScale, layer.inputZeroPoint, layer.quantMax};
}

std::optional<at::Tensor> QuantizedModel::runOnGroups(ConvBlock& block, const at::Tensor& relativePositions,
                                                      const at::Tensor& groupIndices, const at::Tensor& features)
{
    const QuantizedLayer& layer = m_layers.at(m_layerOfBlock.at(&block));
    if (!layer.keepFloat || !m_quantizeBeforeGrouping)
        return std::nullopt;
    const auto start = std::chrono::steady_clock::now();
    at::Tensor output = runFloatLayerOnGroups(layer, relativePositions, groupIndices, features);
    if (m_timings)
        m_timings->floatLayerMs += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (m_outputObserver)
        m_outputObserver(layer, output);
    return output;
}

at::Tensor QuantizedModel::run(ConvBlock& block, const at::Tensor& input)
{
    using Clock = std::chrono::steady_clock;
    const auto elapsedMs = [](Clock::time_point start) {
        return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    };
    const QuantizedLayer& layer = m_layers.at(m_layerOfBlock.at(&block));
    auto start = Clock::now();
    if (layer.keepFloat) {
        at::Tensor output = runFloatLayer(layer, input);
        if (m_timings)
            m_timings->floatLayerMs += elapsedMs(start);
        if (m_outputObserver)
            m_outputObserver(layer, output);
        return output;
    }
    const at::Tensor image = quantizeLayerInput(layer, input);
    if (m_timings && !input.is_quantized()) {
        m_timings->quantizeMs += elapsedMs(start);
        ++m_timings->floatInputs;
        start = Clock::now();
    }
    at::Tensor output = runInt8Kernel(layer, image, input.dim());
    if (m_timings)
        m_timings->int8KernelMs += elapsedMs(start);
    if (m_outputObserver)
        m_outputObserver(layer, output);
    if (m_probe)
        m_probe(layer, input, output);
    return output;
}

} // namespace pointq
