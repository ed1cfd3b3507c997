#pragma once

// Internal to the sensitivity sweep: the configurations it measures and the runner that
// resumes each of them from cached reference passes.

#include "analysis/PrecisionRunner.h"
#include "analysis/Sensitivity.h"

#include <memory>
#include <vector>

namespace pointq {

// One configuration of the sweep: a precision per layer, and the reference pass that
// agrees with it on every layer before the first one it changes.
struct SweepConfiguration {
    std::vector<LayerPrecision> plan;
    bool fromQuantized = false; // resume from the fully quantized pass, else from FP32
    size_t resumeBlock = 0;     // block of the first changed layer; earlier blocks are not run
    std::vector<bool> replayed; // by position: the output is taken from the reference pass
    std::vector<at::Tensor> logits;
};

// Builds the configuration that differs from its reference in `positions`: those layers
// quantized and the rest FP32 when `only`, else those layers FP32 and the rest quantized.
// It replays the layers before the first changed one and, when a block's skip convolution
// is its only changed layer, the block's other layers, which do not read that output.
SweepConfiguration makeConfiguration(const BlockSequence& sequence, const std::vector<size_t>& positions, bool only,
                                LayerPrecision quantized);

// Passes over one batch that every configuration resumes from.
struct ReferencePasses {
    PointFeatures input;                 // the batch's clouds as the first block takes them
    std::vector<BlockGeometry> geometry; // by block index; empty when geometry is not cached
    at::Tensor fp32Logits;
    PassRecord floatRecord;
    PassRecord quantizedRecord;
    at::Tensor simulatedLogits;

    // Bytes of the cached activations (entry states and layer outputs of both records),
    // each storage counted once, and of the cached geometry.
    int64_t activationBytes() const;
    int64_t geometryBytes() const;
    // The geometry for BlockSequence::run, nullptr when it is not cached.
    const std::vector<BlockGeometry>* cachedGeometry() const;
};

/// Prepares the layers once and runs the reference passes and configurations of a sweep.
class SweepRunner {
public:
    SweepRunner(PointNextClassifier& model, const Calibrator& calibration, const ModelInput& probe,
                const SensitivitySettings& settings);

    const BlockSequence& sequence() const { return m_sequence; }
    const LayerBank& bank() const { return m_bank; }
    bool usesKernels() const { return m_withKernels; }
    bool measuresGap() const { return m_withKernels && m_settings.measureGap; }

    SweepConfiguration configuration(const std::vector<size_t>& positions, bool only) const;

    int workers() const { return static_cast<int>(m_runners.size()); }

    /// Starts the reference passes of a batch: keeps its input and, when geometry is
    /// cached, samples and groups it. The two halves below then run in either order or
    /// side by side on different workers.
    ReferencePasses beginReferences(const ModelInput& batch) const;
    /// Runs the FP32 model and the folded FP32 model with its record kept.
    void runFloatReferences(ReferencePasses& passes, int worker);
    /// Runs the fully quantized model with its record kept and, when the gap is measured,
    /// adds each INT8 layer's gap to `gaps` and runs the fully simulated model.
    void runQuantizedReferences(ReferencePasses& passes, std::vector<GapAccumulator>* gaps, int worker);

    /// Runs a configuration from the block of its first changed layer to the logits, with
    /// the runner of the given worker. Workers may run configurations concurrently.
    at::Tensor runConfiguration(const SweepConfiguration& configuration, const ReferencePasses& passes, int worker);

private:
    const SensitivitySettings& m_settings;
    BlockSequence m_sequence;
    bool m_withKernels;
    LayerBank m_bank;
    LayerPrecision m_quantized;
    std::vector<std::unique_ptr<PrecisionRunner>> m_runners; // one per worker
};

} // namespace pointq
