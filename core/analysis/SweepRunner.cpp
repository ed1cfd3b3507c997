#include "analysis/SweepRunner.h"

#include "analysis/Workers.h"

#include <ATen/Parallel.h>

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
{
    const int workers = settings.workers > 0 ? settings.workers : at::get_num_threads();
    for (int worker = 0; worker < workers; ++worker)
        m_runners.push_back(std::make_unique<PrecisionRunner>(m_sequence, m_bank));
}

SweepConfiguration SweepRunner::configuration(const std::vector<size_t>& positions, bool only) const
{
    return makeConfiguration(m_sequence, positions, only, m_quantized);
}

ReferencePasses SweepRunner::runReferences(const ModelInput& batch, std::vector<GapAccumulator>* gaps)
{
    ReferencePasses passes;
    const PointFeatures input = BlockSequence::inputState(batch);
    const size_t layers = m_bank.folded.size();
    // Two independent halves of similar cost: FP32 and folded FP32, then quantized and
    // simulated. Only the quantized pass writes the gap sums.
    const auto floatPasses = [&](PrecisionRunner& runner) {
        passes.fp32Logits = m_sequence.run(0, input, nullptr);
        runner.beginPass(uniformPlan(layers, LayerPrecision::Float), nullptr, 0, &passes.floatRecord);
        passes.floatRecord.logits = m_sequence.run(0, input, &runner, &passes.floatRecord.entryStates);
    };
    const auto quantizedPasses = [&](PrecisionRunner& runner) {
        runner.beginPass(uniformPlan(layers, m_quantized), nullptr, 0, &passes.quantizedRecord, measuresGap() ? gaps : nullptr);
        passes.quantizedRecord.logits = m_sequence.run(0, input, &runner, &passes.quantizedRecord.entryStates);
        if (measuresGap()) {
            runner.beginPass(uniformPlan(layers, LayerPrecision::Simulated));
            passes.simulatedLogits = m_sequence.run(0, input, &runner);
        }
    };
    if (workers() == 1) {
        floatPasses(*m_runners[0]);
        quantizedPasses(*m_runners[0]);
        return passes;
    }
    runOnWorkers(2, [&](int worker) {
        if (worker == 0)
            floatPasses(*m_runners[0]);
        else
            quantizedPasses(*m_runners[1]);
    });
    return passes;
}

at::Tensor SweepRunner::runConfiguration(const SweepConfiguration& configuration, const ReferencePasses& passes, int worker)
{
    // The layers before the block of the first changed layer ran with the same precisions
    // and inputs in the reference pass, so its state at that block is this run's state.
    const PassRecord& record = configuration.fromQuantized ? passes.quantizedRecord : passes.floatRecord;
    PrecisionRunner& runner = *m_runners.at(static_cast<size_t>(worker));
    runner.beginPass(configuration.plan, &record, configuration.replayEnd);
    return m_sequence.run(configuration.resumeBlock, record.entryStates.at(configuration.resumeBlock), &runner);
}

} // namespace pointq
