#pragma once

#include "analysis/BlockSequence.h"
#include "analysis/FakeQuant.h"
#include "quant/Calibrator.h"
#include "quant/QuantizedModel.h"

#include <string>
#include <vector>

namespace pointq {

enum class LayerPrecision { Float, Int8, Simulated };

/// Every layer of a model prepared at each precision, indexed by execution position.
struct LayerBank {
    std::vector<QuantizedLayer> folded;     ///< FP32 with batch norm folded, as QuantizedModel keeps skipped layers
    std::vector<QuantizedLayer> int8;       ///< INT8 kernels; empty when the bank has none
    std::vector<SimulatedLayer> simulated;  ///< fake quantization at the bank's bit width
    int bits = 8;
    std::string engine;                     ///< quantized engine of the INT8 kernels, empty without them
    bool engineFellBack = false;
};

/// Converts every layer with QuantizedModel::convert (once with all layers kept in FP32,
/// and with all in INT8 when withKernels) and simulates each at `bits`. Throws
/// QuantizationError for an uncalibrated layer or a bit width outside 2 to 16.
LayerBank prepareLayerBank(const PointNextClassifier& model, const BlockSequence& sequence, const Calibrator& calibration,
                           int bits, const std::string& engine, bool withKernels);

/// Block inputs, layer outputs and logits of one pass over a batch, for later passes to
/// resume from.
struct PassRecord {
    std::vector<PointFeatures> entryStates; ///< input of every block, by block index
    std::vector<at::Tensor> outputs;        ///< output of every layer, by execution position
    at::Tensor logits;
};

/// Running sums of the difference between simulated and INT8 kernel outputs of one layer
/// on the same input.
struct GapAccumulator {
    double kernelSquares = 0.0;
    double differenceSquares = 0.0;
    double maxAbsDifference = 0.0;
    double maxDifferenceInSteps = 0.0; ///< max |difference| / output scale of the layer
    int64_t values = 0;
};

/// Runs each layer at the precision a plan gives it. Outputs of the layers before a
/// resume position can be replayed from an earlier pass instead of recomputed, which is
/// exact because those layers saw the same input in that pass.
class PrecisionRunner : public LayerRunner {
public:
    /// perPointGrouping lets runOnGroups() run FP32 layers per point before gathering.
    PrecisionRunner(const BlockSequence& sequence, const LayerBank& bank, bool perPointGrouping = true);

    /// Prepares the next pass. plan has one precision per execution position. Layers whose
    /// entry of `replayed` is true return replay->outputs. When given, record receives every
    /// layer output. When given, gaps (one per position) accumulate the difference between
    /// the simulated and the kernel output of every INT8 layer.
    void beginPass(const std::vector<LayerPrecision>& plan, const PassRecord* replay = nullptr,
                   std::vector<bool> replayed = {}, PassRecord* record = nullptr,
                   std::vector<GapAccumulator>* gaps = nullptr);

    at::Tensor run(ConvBlock& block, const at::Tensor& input) override;
    /// The INT8 kernel's input parameters for a computed INT8 layer, std::nullopt otherwise.
    std::optional<InputQuantization> inputQuantization(const ConvBlock& block) const override;
    /// Replays a layer below the resume position and runs an FP32 layer on the groups
    /// (runFloatLayerOnGroups); std::nullopt for the other precisions.
    std::optional<at::Tensor> runOnGroups(ConvBlock& block, const at::Tensor& relativePositions,
                                          const at::Tensor& groupIndices, const at::Tensor& features) override;

private:
    bool isReplayed(size_t position) const { return position < m_replayed.size() && m_replayed[position]; }
    at::Tensor finish(size_t position, at::Tensor output);
    at::Tensor compute(size_t position, const at::Tensor& input, bool inputOnGrid);
    void accumulateGap(size_t position, const at::Tensor& input, const at::Tensor& kernelOutput);

    const BlockSequence& m_sequence;
    const LayerBank& m_bank;
    bool m_perPointGrouping = true;
    std::vector<LayerPrecision> m_plan;
    const PassRecord* m_replay = nullptr;
    std::vector<bool> m_replayed;
    PassRecord* m_record = nullptr;
    std::vector<GapAccumulator>* m_gaps = nullptr;
    // The previous layer's output: a simulated layer whose input is exactly this tensor
    // takes it as it is, as an INT8 kernel takes the previous kernel's quantized output.
    at::Tensor m_previousOutput;
    LayerPrecision m_previousPrecision = LayerPrecision::Float;
};

/// A plan with every layer at one precision.
std::vector<LayerPrecision> uniformPlan(size_t layers, LayerPrecision precision);

} // namespace pointq
