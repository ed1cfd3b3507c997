#include "analysis/SweepRunner.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <set>

namespace pointq {

namespace {

void addStorage(const at::Tensor& tensor, std::set<const void*>& seen, int64_t& bytes)
{
    if (!tensor.defined())
        return;
    const c10::Storage& storage = tensor.storage();
    if (seen.insert(storage.data()).second)
        bytes += static_cast<int64_t>(storage.nbytes());
}

} // namespace

int64_t ReferencePasses::activationBytes() const
{
    std::set<const void*> seen;
    int64_t bytes = 0;
    for (const PassRecord* record : {&floatRecord, &quantizedRecord}) {
        for (const PointFeatures& state : record->entryStates) {
            addStorage(state.positions, seen, bytes);
            addStorage(state.features, seen, bytes);
        }
        for (const at::Tensor& output : record->outputs)
            addStorage(output, seen, bytes);
    }
    return bytes;
}

const std::vector<BlockGeometry>* ReferencePasses::cachedGeometry() const
{
    return geometry.empty() ? nullptr : &geometry;
}

int64_t ReferencePasses::geometryBytes() const
{
    int64_t bytes = 0;
    for (const BlockGeometry& block : geometry)
        bytes += block.bytes();
    return bytes;
}

SweepConfiguration makeConfiguration(const BlockSequence& sequence, const std::vector<size_t>& positions, bool only,
                                LayerPrecision quantized)
{
    SweepConfiguration configuration;
    configuration.fromQuantized = !only;
    const LayerPrecision base = only ? LayerPrecision::Float : quantized;
    const LayerPrecision changed = only ? quantized : LayerPrecision::Float;
    configuration.plan = uniformPlan(sequence.layers().size(), base);
    for (const size_t position : positions)
        configuration.plan.at(position) = changed;
    const size_t firstChanged = *std::min_element(positions.begin(), positions.end());
    configuration.resumeBlock = sequence.blockOfPosition(firstChanged);
    configuration.replayed.assign(sequence.layers().size(), false);
    std::fill_n(configuration.replayed.begin(), firstChanged, true);
    const NetworkBlock& block = sequence.blocks().at(configuration.resumeBlock);
    const bool onlySkipChanged =
        block.skipLayer == firstChanged && std::none_of(positions.begin(), positions.end(), [&](size_t position) {
            return position != firstChanged && position < block.endLayer;
        });
    if (onlySkipChanged)
        std::fill(configuration.replayed.begin() + static_cast<std::ptrdiff_t>(firstChanged) + 1,
                  configuration.replayed.begin() + static_cast<std::ptrdiff_t>(block.endLayer), true);
    return configuration;
}

SweepRunner::SweepRunner(PointNextClassifier& model, const Calibrator& calibration, const ModelInput& probe,
                         const SensitivitySettings& settings)
    : m_settings(settings)
    , m_sequence(model, probe)
    , m_withKernels(settings.bits == 8 && !settings.simulate)
    , m_bank(prepareLayerBank(model, m_sequence, calibration, settings.bits, settings.engine, m_withKernels))
    , m_quantized(m_withKernels ? LayerPrecision::Int8 : LayerPrecision::Simulated)
{
    const int workers = settings.workers > 0 ? settings.workers : at::get_num_threads();
    for (int worker = 0; worker < workers; ++worker)
        m_runners.push_back(std::make_unique<PrecisionRunner>(m_sequence, m_bank, settings.perPointGrouping));
}

SweepConfiguration SweepRunner::configuration(const std::vector<size_t>& positions, bool only) const
{
    return makeConfiguration(m_sequence, positions, only, m_quantized);
}

ReferencePasses SweepRunner::beginReferences(const ModelInput& batch) const
{
    ReferencePasses passes;
    passes.input = BlockSequence::inputState(batch);
    if (m_settings.cacheGeometry)
        passes.geometry = m_sequence.computeGeometry(passes.input.positions);
    return passes;
}

void SweepRunner::runFloatReferences(ReferencePasses& passes, int worker)
{
    PrecisionRunner& runner = *m_runners.at(static_cast<size_t>(worker));
    const std::vector<BlockGeometry>* geometry = passes.cachedGeometry();
    passes.fp32Logits = m_sequence.run(0, passes.input, nullptr, nullptr, geometry);
    runner.beginPass(uniformPlan(m_bank.folded.size(), LayerPrecision::Float), nullptr, {}, &passes.floatRecord);
    passes.floatRecord.logits = m_sequence.run(0, passes.input, &runner, &passes.floatRecord.entryStates, geometry);
}

void SweepRunner::runQuantizedReferences(ReferencePasses& passes, std::vector<GapAccumulator>* gaps, int worker)
{
    PrecisionRunner& runner = *m_runners.at(static_cast<size_t>(worker));
    const std::vector<BlockGeometry>* geometry = passes.cachedGeometry();
    const size_t layers = m_bank.folded.size();
    runner.beginPass(uniformPlan(layers, m_quantized), nullptr, {}, &passes.quantizedRecord, measuresGap() ? gaps : nullptr);
    passes.quantizedRecord.logits = m_sequence.run(0, passes.input, &runner, &passes.quantizedRecord.entryStates, geometry);
    if (measuresGap()) {
        runner.beginPass(uniformPlan(layers, LayerPrecision::Simulated));
        passes.simulatedLogits = m_sequence.run(0, passes.input, &runner, nullptr, geometry);
    }
}

at::Tensor SweepRunner::runConfiguration(const SweepConfiguration& configuration, const ReferencePasses& passes, int worker)
{
    const PassRecord& record = configuration.fromQuantized ? passes.quantizedRecord : passes.floatRecord;
    PrecisionRunner& runner = *m_runners.at(static_cast<size_t>(worker));
    const std::vector<BlockGeometry>* geometry = passes.cachedGeometry();
    if (!m_settings.cacheActivations) {
        runner.beginPass(configuration.plan);
        return m_sequence.run(0, record.entryStates.at(0), &runner, nullptr, geometry);
    }
    // The layers before the block of the first changed layer ran with the same precisions
    // and inputs in the reference pass, so its state at that block is this run's state.
    runner.beginPass(configuration.plan, &record, configuration.replayed);
    return m_sequence.run(configuration.resumeBlock, record.entryStates.at(configuration.resumeBlock), &runner, nullptr,
                          geometry);
}

} // namespace pointq
