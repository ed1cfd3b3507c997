#include "analysis/BlockSequence.h"

#include "common/Errors.h"

#include <algorithm>

namespace pointq {

namespace {

// Records the order in which layers run, then runs each in FP32.
class OrderRecorder : public LayerRunner {
public:
    at::Tensor run(ConvBlock& block, const at::Tensor& input) override
    {
        order.push_back(&block);
        return block.forwardFloat(input);
    }

    std::vector<ConvBlock*> order;
};

bool isEncoderBlockName(const std::string& name)
{
    return name.rfind("encoder.encoder.", 0) == 0 && std::count(name.begin(), name.end(), '.') == 3;
}

bool startsWithModule(const std::string& layerName, const std::string& moduleName)
{
    return layerName.size() > moduleName.size() && layerName.compare(0, moduleName.size(), moduleName) == 0
           && layerName[moduleName.size()] == '.';
}

} // namespace

BlockSequence::BlockSequence(PointNextClassifier& model, const ModelInput& probe)
    : m_model(model)
{
    for (const auto& item : model.named_modules("", false)) {
        NetworkBlock block;
        block.name = item.key();
        block.module = item.value().get();
        if (isEncoderBlockName(block.name)) {
            if (const auto* abstraction = block.module->as<SetAbstraction>())
                block.type = abstraction->isHead() ? "stem" : (abstraction->groupsAll() ? "GroupAll" : "SetAbstraction");
            else if (block.module->as<InvResMLP>())
                block.type = "InvResMLP";
            else
                continue;
            const std::string indices = block.name.substr(std::string("encoder.encoder.").size());
            block.stage = std::stoi(indices.substr(0, indices.find('.')));
            block.block = std::stoi(indices.substr(indices.find('.') + 1));
        } else if (block.name == "prediction" && block.module->as<ClsHead>()) {
            block.type = "ClsHead";
        } else {
            continue;
        }
        m_blocks.push_back(block);
    }

    OrderRecorder recorder;
    {
        at::NoGradGuard noGrad;
        run(0, inputState(probe), &recorder);
    }
    m_layers = recorder.order;
    if (m_layers.size() != model.layers().size())
        throw QuantizationError("the model ran " + std::to_string(m_layers.size()) + " of its "
                                + std::to_string(model.layers().size()) + " layers on the probe cloud");

    size_t position = 0;
    for (size_t b = 0; b < m_blocks.size(); ++b) {
        NetworkBlock& block = m_blocks[b];
        block.firstLayer = position;
        while (position < m_layers.size() && startsWithModule(m_layers[position]->layerName(), block.name)) {
            m_positions[m_layers[position]] = position;
            m_blockOfPosition.push_back(b);
            ++position;
        }
        block.endLayer = position;
        if (const auto* abstraction = block.module->as<SetAbstraction>(); abstraction && abstraction->skipConv())
            block.skipLayer = positionOf(*abstraction->skipConv());
    }
    if (position != m_layers.size())
        throw QuantizationError("layer " + m_layers[position]->layerName()
                                + " runs outside the contiguous layers of its block, so the network cannot be re-run "
                                  "from a block");
}

size_t BlockSequence::positionOf(const ConvBlock& layer) const
{
    const auto found = m_positions.find(&layer);
    if (found == m_positions.end())
        throw QuantizationError("layer " + layer.layerName() + " does not belong to the model of this block sequence");
    return found->second;
}

std::vector<BlockGeometry> BlockSequence::computeGeometry(const at::Tensor& positions) const
{
    std::vector<BlockGeometry> geometry;
    at::Tensor current = positions;
    for (const NetworkBlock& block : m_blocks) {
        if (const auto* abstraction = block.module->as<SetAbstraction>())
            geometry.push_back(abstraction->computeGeometry(current));
        else if (const auto* mlp = block.module->as<InvResMLP>())
            geometry.push_back(mlp->computeGeometry(current));
        else
            geometry.push_back(BlockGeometry{});
        if (geometry.back().centres.defined())
            current = geometry.back().centres;
    }
    return geometry;
}

at::Tensor BlockSequence::run(size_t first, PointFeatures state, LayerRunner* runner,
                              std::vector<PointFeatures>* entryStates, const std::vector<BlockGeometry>* geometry) const
{
    // The same steps as PointNextEncoder::forward followed by PointNextClassifier's head
    // call; a test compares the two bit for bit.
    for (size_t b = first; b < m_blocks.size(); ++b) {
        if (entryStates)
            entryStates->push_back(state);
        torch::nn::Module* module = m_blocks[b].module;
        const BlockGeometry* blockGeometry = geometry ? &geometry->at(b) : nullptr;
        if (auto* abstraction = module->as<SetAbstraction>())
            state = abstraction->forward(state, runner, nullptr, blockGeometry);
        else if (auto* mlp = module->as<InvResMLP>())
            state = mlp->forward(state, runner, nullptr, blockGeometry);
        else
            return module->as<ClsHead>()->forward(state.features.squeeze(-1), runner);
    }
    throw QuantizationError("the model has no classification head after its encoder blocks");
}

} // namespace pointq
