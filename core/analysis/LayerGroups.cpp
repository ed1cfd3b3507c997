#include "analysis/LayerGroups.h"

namespace pointq {

namespace {

void addPositions(LayerGroup& group, const NetworkBlock& block)
{
    for (size_t position = block.firstLayer; position < block.endLayer; ++position)
        group.positions.push_back(position);
    if (group.blockType.empty())
        group.blockType = block.type;
    else if (group.blockType.find(block.type) == std::string::npos)
        group.blockType += "+" + block.type;
}

} // namespace

std::vector<LayerGroup> layerGroups(const BlockSequence& sequence)
{
    std::vector<LayerGroup> groups;
    const auto& blocks = sequence.blocks();
    size_t b = 0;
    while (b < blocks.size()) {
        if (blocks[b].stage < 0) {
            LayerGroup head{"head", "head", {}, {}};
            addPositions(head, blocks[b]);
            if (!head.positions.empty())
                groups.push_back(head);
            ++b;
            continue;
        }
        const int stage = blocks[b].stage;
        LayerGroup stageGroup{"stage" + std::to_string(stage), "stage", {}, {}};
        std::vector<LayerGroup> blockGroups;
        for (; b < blocks.size() && blocks[b].stage == stage; ++b) {
            LayerGroup blockGroup{stageGroup.name + ".block" + std::to_string(blocks[b].block), "block", {}, {}};
            addPositions(blockGroup, blocks[b]);
            addPositions(stageGroup, blocks[b]);
            if (!blockGroup.positions.empty())
                blockGroups.push_back(blockGroup);
        }
        if (stageGroup.positions.empty())
            continue;
        groups.push_back(stageGroup);
        if (blockGroups.size() > 1)
            groups.insert(groups.end(), blockGroups.begin(), blockGroups.end());
    }
    return groups;
}

} // namespace pointq
