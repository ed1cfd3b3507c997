#pragma once

#include "model/ConvBlock.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace pointq {

/// Resolves `--skip` words to layer names. A word matches a layer when it is
///  - the layer's full name ("encoder.encoder.1.0.convs.0") or a prefix of it that
///    ends at a dot boundary ("encoder.encoder.1" is all of stage 1);
///  - a glob with '*' and '?' over the full name ("encoder.encoder.*.0.skipconv");
///  - "stage<N>" (stage N), "stage<N>.block<M>", "head" (ClsHead or SegHead),
///    "decoder" (every decoder layer), or a block type: "stem", "SetAbstraction",
///    "InvResMLP", "GroupAll", "ClsHead", "FeaturePropagation", "ShapeEmbedding", "SegHead".
/// A word that matches no layer throws QuantizationError with examples.
std::set<std::string> selectLayers(const std::vector<std::shared_ptr<ConvBlock>>& layers,
                                   const std::vector<std::string>& words);

} // namespace pointq
