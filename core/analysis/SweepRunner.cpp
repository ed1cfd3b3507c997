#include "analysis/SweepRunner.h"

#include <algorithm>

namespace pointq {

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
    configuration.replayEnd = *std::min_element(positions.begin(), positions.end());
    configuration.resumeBlock = sequence.blockOfPosition(configuration.replayEnd);
    return configuration;
}

SweepRunner::SweepRunner(PointNextClassifier& model, const Calibrator& calibration, const ModelInput& probe,
                         const SensitivitySettings& settings)
    : m_settings(settings)
    , m_sequence(model, probe)
    , m_withKernels(settings.bits == 8 && !settings.simulate)
    , m_bank(prepareLayerBank(model, m_sequence, calibration, settings.bits, settings.engine, m_withKernels))
    , m_quantized(m_withKernels ? LayerPrecision::Int8 : LayerPrecision::Simulated)
    , m_runner(m_sequence, m_bank)
{
}

SweepConfiguration SweepRunner::configuration(const std::vector<size_t>& positions, bool only) const
{
    return makeConfiguration(m_sequence, positions, only, m_quantized);
}

ReferencePasses SweepRunner::runReferences(const ModelInput& batch, std::vector<GapAccumulator>* gaps)
{
    ReferencePasses passes;
    const PointFeatures input = BlockSequence::inputState(batch);
    passes.fp32Logits = m_sequence.run(0, input, nullptr);
    m_runner.beginPass(uniformPlan(m_bank.folded.size(), LayerPrecision::Float), nullptr, 0, &passes.floatRecord);
    passes.floatRecord.logits = m_sequence.run(0, input, &m_runner, &passes.floatRecord.entryStates);
    m_runner.beginPass(uniformPlan(m_bank.folded.size(), m_quantized), nullptr, 0, &passes.quantizedRecord,
                       measuresGap() ? gaps : nullptr);
    passes.quantizedRecord.logits = m_sequence.run(0, input, &m_runner, &passes.quantizedRecord.entryStates);
    if (measuresGap()) {
        m_runner.beginPass(uniformPlan(m_bank.folded.size(), LayerPrecision::Simulated));
        passes.simulatedLogits = m_sequence.run(0, input, &m_runner);
    }
    return passes;
}

at::Tensor SweepRunner::runConfiguration(const SweepConfiguration& configuration, const ReferencePasses& passes)
{
    // The layers before the block of the first changed layer ran with the same precisions
    // and inputs in the reference pass, so its state at that block is this run's state.
    const PassRecord& record = configuration.fromQuantized ? passes.quantizedRecord : passes.floatRecord;
    m_runner.beginPass(configuration.plan, &record, configuration.replayEnd);
    return m_sequence.run(configuration.resumeBlock, record.entryStates.at(configuration.resumeBlock), &m_runner);
}

} // namespace pointq
