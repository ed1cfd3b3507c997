#pragma once

#include "analysis/BlockSequence.h"

#include <string>
#include <vector>

namespace pointq {

/// Layers that belong together in the config's structure: a stage, a block of a stage
/// with several blocks, or the head.
struct LayerGroup {
    std::string name;      ///< "stage1", "stage2.block1" or "head", words that `--skip` accepts
    std::string level;     ///< "stage", "block" or "head"
    std::string blockType; ///< type of the blocks, joined with '+' when a stage mixes types
    std::vector<size_t> positions; ///< execution positions of the layers
};

/// Every stage in order, each followed by its blocks when it has more than one (a
/// stage of one block is the same group as that block), then the head. Groups without
/// layers are left out.
std::vector<LayerGroup> layerGroups(const BlockSequence& sequence);

} // namespace pointq
