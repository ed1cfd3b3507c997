#include "analysis/PrecisionRunner.h"

#include "common/Errors.h"
#include "model/QuantizedValues.h"

#include <algorithm>
#include <cmath>

namespace pointq {

namespace {

std::vector<QuantizedLayer> layersByPosition(const QuantizedModel& converted, const BlockSequence& sequence)
{
    std::map<std::string, const QuantizedLayer*> byName;
    for (const QuantizedLayer& layer : converted.layers())
        byName[layer.name] = &layer;
    std::vector<QuantizedLayer> ordered;
    for (const ConvBlock* block : sequence.layers())
        ordered.push_back(*byName.at(block->layerName()));
    return ordered;
}

// True when `input` is a view of the whole of `previous`, which is how a layer output
// reaches the next layer of a chain (directly, or through dropout in eval mode).
bool sameTensorData(const at::Tensor& input, const at::Tensor& previous)
{
    return previous.defined() && !input.is_quantized() && !previous.is_quantized()
           && input.data_ptr() == previous.data_ptr() && input.numel() == previous.numel();
}

} // namespace

LayerBank prepareLayerBank(const PointNextClassifier& model, const BlockSequence& sequence, const Calibrator& calibration,
                           int bits, const std::string& engine, bool withKernels)
{
    checkSimulatedBits(bits);
    if (withKernels && bits != 8)
        throw QuantizationError("LibTorch's quantized kernels run 8 bits only; " + std::to_string(bits)
                                    + " bits can only be simulated",
                                {}, "--bits");
    LayerBank bank;
    bank.bits = bits;
    QuantSettings allFloat;
    allFloat.engine = engine;
    for (const ConvBlock* layer : sequence.layers())
        allFloat.skip.push_back(layer->layerName());
    const auto folded = QuantizedModel::convert(model, calibration, allFloat, {});
    bank.folded = layersByPosition(*folded, sequence);
    // At 8 bits the simulation follows the engine's activation range, so that it predicts
    // the kernels; other widths are simulated at full range.
    const int activationBits = bits == 8 && folded->activationQuantMax() == 127 ? 7 : bits;
    if (withKernels) {
        QuantSettings allInt8;
        allInt8.engine = engine;
        const auto converted = QuantizedModel::convert(model, calibration, allInt8, {});
        bank.int8 = layersByPosition(*converted, sequence);
        bank.engine = converted->engine();
        bank.engineFellBack = converted->engineFellBack();
    }
    for (const QuantizedLayer& layer : bank.folded) {
        const auto found = calibration.observations().find(layer.name);
        if (found == calibration.observations().end() || found->second.input.empty())
            throw QuantizationError("layer " + layer.name + " was never run during calibration, so it cannot be simulated");
        bank.simulated.push_back(simulateLayer(layer, found->second.input.range(), found->second.output.range(), bits,
                                                activationBits));
    }
    return bank;
}

std::vector<LayerPrecision> uniformPlan(size_t layers, LayerPrecision precision)
{
    return std::vector<LayerPrecision>(layers, precision);
}

PrecisionRunner::PrecisionRunner(const BlockSequence& sequence, const LayerBank& bank, bool perPointGrouping)
    : m_sequence(sequence)
    , m_bank(bank)
    , m_perPointGrouping(perPointGrouping)
{
}

void PrecisionRunner::beginPass(const std::vector<LayerPrecision>& plan, const PassRecord* replay,
                                std::vector<bool> replayed, PassRecord* record, std::vector<GapAccumulator>* gaps)
{
    if (plan.size() != m_bank.folded.size())
        throw QuantizationError("a precision plan needs " + std::to_string(m_bank.folded.size()) + " entries, got "
                                + std::to_string(plan.size()));
    for (const LayerPrecision precision : plan)
        if (precision == LayerPrecision::Int8 && m_bank.int8.empty())
            throw QuantizationError("the plan asks for INT8 kernels but the layers were prepared for simulation only");
    const bool replays = std::find(replayed.begin(), replayed.end(), true) != replayed.end();
    if (replays && (!replay || replay->outputs.size() < replayed.size()))
        throw QuantizationError("replaying layers needs the record of an earlier pass over the same clouds");
    m_plan = plan;
    m_replay = replay;
    m_replayed = std::move(replayed);
    m_record = record;
    if (m_record)
        m_record->outputs.assign(plan.size(), at::Tensor());
    m_gaps = gaps;
    if (m_gaps)
        m_gaps->resize(plan.size());
    m_previousOutput = at::Tensor();
    m_previousPrecision = LayerPrecision::Float;
}

at::Tensor PrecisionRunner::run(ConvBlock& block, const at::Tensor& input)
{
    const size_t position = m_sequence.positionOf(block);
    const bool inputOnGrid = m_previousPrecision == LayerPrecision::Simulated && sameTensorData(input, m_previousOutput);
    at::Tensor output = isReplayed(position) ? m_replay->outputs.at(position) : compute(position, input, inputOnGrid);
    return finish(position, std::move(output));
}

std::optional<at::Tensor> PrecisionRunner::runOnGroups(ConvBlock& block, const at::Tensor& relativePositions,
                                                       const at::Tensor& groupIndices, const at::Tensor& features)
{
    const size_t position = m_sequence.positionOf(block);
    if (isReplayed(position))
        return finish(position, m_replay->outputs.at(position));
    if (m_plan.at(position) != LayerPrecision::Float || !m_perPointGrouping)
        return std::nullopt;
    return finish(position, runFloatLayerOnGroups(m_bank.folded.at(position), relativePositions, groupIndices, features));
}

at::Tensor PrecisionRunner::finish(size_t position, at::Tensor output)
{
    if (m_record)
        m_record->outputs.at(position) = output;
    m_previousOutput = output;
    m_previousPrecision = m_plan.at(position);
    return output;
}

std::optional<InputQuantization> PrecisionRunner::inputQuantization(const ConvBlock& block) const
{
    const size_t position = m_sequence.positionOf(block);
    if (isReplayed(position) || m_plan.at(position) != LayerPrecision::Int8)
        return std::nullopt;
    const QuantizedLayer& layer = m_bank.int8.at(position);
    return InputQuantization{layer.inputScale, layer.inputZeroPoint, layer.quantMax};
}

at::Tensor PrecisionRunner::compute(size_t position, const at::Tensor& input, bool inputOnGrid)
{
    switch (m_plan.at(position)) {
    case LayerPrecision::Float:
        return runFloatLayer(m_bank.folded.at(position), input);
    case LayerPrecision::Simulated:
        return runSimulatedLayer(m_bank.simulated.at(position), input, inputOnGrid);
    case LayerPrecision::Int8: {
        const QuantizedLayer& layer = m_bank.int8.at(position);
        at::Tensor output = runInt8Kernel(layer, quantizeLayerInput(layer, input), input.dim());
        if (m_gaps)
            accumulateGap(position, input, output);
        return output;
    }
    }
    throw QuantizationError("unknown layer precision");
}

void PrecisionRunner::accumulateGap(size_t position, const at::Tensor& input, const at::Tensor& kernelOutput)
{
    // The simulation gets the very input the kernel got: an INT8 input (the previous
    // kernel's output) is used as it is, a float input is fake-quantized with the
    // layer's input parameters.
    const at::Tensor simulated = runSimulatedLayer(m_bank.simulated.at(position), input, false).contiguous();
    const at::Tensor kernel = dequantizeValues(kernelOutput).contiguous();
    if (simulated.numel() != kernel.numel())
        throw QuantizationError("layer " + m_bank.int8.at(position).name + ": the simulation gave "
                                + std::to_string(simulated.numel()) + " outputs but the INT8 kernel "
                                + std::to_string(kernel.numel()));
    // One pass in double over both outputs, in place of five tensor operations that each
    // wrote a double-precision copy.
    const float* simulatedValues = simulated.data_ptr<float>();
    const float* kernelValues = kernel.data_ptr<float>();
    double kernelSquares = 0.0;
    double differenceSquares = 0.0;
    double maxAbs = 0.0;
    for (int64_t i = 0; i < kernel.numel(); ++i) {
        const double value = kernelValues[i];
        const double difference = static_cast<double>(simulatedValues[i]) - value;
        kernelSquares += value * value;
        differenceSquares += difference * difference;
        maxAbs = std::max(maxAbs, std::abs(difference));
    }
    GapAccumulator& gap = m_gaps->at(position);
    gap.kernelSquares += kernelSquares;
    gap.differenceSquares += differenceSquares;
    gap.maxAbsDifference = std::max(gap.maxAbsDifference, maxAbs);
    gap.maxDifferenceInSteps = std::max(gap.maxDifferenceInSteps, maxAbs / m_bank.int8.at(position).outputScale);
    gap.values += kernel.numel();
}

} // namespace pointq
