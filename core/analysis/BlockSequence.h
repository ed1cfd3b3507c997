#pragma once

#include "model/Classifier.h"

#include <optional>
#include <string>
#include <vector>

namespace pointq {

/// One block of a PointNeXt classifier in execution order: an encoder block
/// ("encoder.encoder.<stage>.<block>", a SetAbstraction or an InvResMLP) or the head.
struct NetworkBlock {
    std::string name;         ///< openpoints module name, "prediction" for the head
    std::string type;         ///< "stem", "SetAbstraction", "GroupAll", "InvResMLP" or "ClsHead"
    int stage = -1;           ///< encoder stage, -1 for the head
    int block = -1;           ///< block within the stage, -1 for the head
    torch::nn::Module* module = nullptr;
    size_t firstLayer = 0;    ///< execution position of the block's first layer
    size_t endLayer = 0;      ///< one past the execution position of its last layer
    /// Execution position of a SetAbstraction's skip convolution (SetAbstraction::skipConv()).
    std::optional<size_t> skipLayer;
};

/// The classifier as a sequence of blocks that can be run from any block on, given the
/// positions and features that enter that block. A sensitivity sweep uses it to re-run
/// only the part of the network that a change of precision can affect. The result is
/// bit-identical to a full forward pass, which a test checks.
class BlockSequence {
public:
    /// Lists the model's blocks and layers. Runs the model once on `probe` (one cloud is
    /// enough) to record the order in which layers execute. Throws QuantizationError when
    /// a block's layers do not execute contiguously, which re-running from a block needs.
    BlockSequence(PointNextClassifier& model, const ModelInput& probe);

    const std::vector<NetworkBlock>& blocks() const { return m_blocks; }
    /// Layers in execution order.
    const std::vector<ConvBlock*>& layers() const { return m_layers; }
    /// Execution position of a layer, by block pointer; throws for a foreign block.
    size_t positionOf(const ConvBlock& layer) const;
    /// Index of the block that runs the layer at this execution position.
    size_t blockOfPosition(size_t position) const { return m_blockOfPosition.at(position); }

    /// The state that enters block 0.
    static PointFeatures inputState(const ModelInput& input) { return PointFeatures{input.positions, input.features}; }

    /// Samples and groups the positions that enter block 0 through every block, as run()
    /// does, and returns each block's geometry by block index.
    std::vector<BlockGeometry> computeGeometry(const at::Tensor& positions) const;

    /// Runs blocks first, first + 1, ... from `state`, the input of block `first`, and
    /// returns the logits. When entryStates is given it receives the input state of every
    /// block run, at index block - first. When geometry is given (computeGeometry() of the
    /// same clouds) the blocks take their sampling and grouping from it.
    at::Tensor run(size_t first, PointFeatures state, LayerRunner* runner,
                   std::vector<PointFeatures>* entryStates = nullptr,
                   const std::vector<BlockGeometry>* geometry = nullptr) const;

private:
    PointNextClassifier& m_model;
    std::vector<NetworkBlock> m_blocks;
    std::vector<ConvBlock*> m_layers;
    std::map<const ConvBlock*, size_t> m_positions;
    std::vector<size_t> m_blockOfPosition;
};

} // namespace pointq
