#include "quant/LayerSelection.h"

#include "common/Errors.h"

#include <fnmatch.h>

#include <regex>

namespace pointq {

namespace {

bool matchesWord(const ConvBlock& layer, const std::string& word)
{
    const std::string& name = layer.layerName();
    const LayerPlace& place = layer.place();
    if (name == word || (name.size() > word.size() && name.compare(0, word.size(), word) == 0 && name[word.size()] == '.'))
        return true;
    if (word.find_first_of("*?[") != std::string::npos && fnmatch(word.c_str(), name.c_str(), 0) == 0)
        return true;
    if (word == "head")
        return place.blockType == "ClsHead" || place.blockType == "SegHead";
    if (word == "decoder")
        return name.rfind("decoder.", 0) == 0;
    if (word == place.blockType)
        return true;

    static const std::regex stagePattern(R"(stage(\d+)(?:\.block(\d+))?)");
    std::smatch match;
    if (std::regex_match(word, match, stagePattern)) {
        if (std::stoi(match[1]) != place.stage)
            return false;
        return !match[2].matched || std::stoi(match[2]) == place.block;
    }
    return false;
}

} // namespace

std::set<std::string> selectLayers(const std::vector<std::shared_ptr<ConvBlock>>& layers,
                                   const std::vector<std::string>& words)
{
    std::set<std::string> selected;
    for (const std::string& word : words) {
        if (word.empty())
            continue;
        bool matched = false;
        for (const auto& layer : layers) {
            if (matchesWord(*layer, word)) {
                selected.insert(layer->layerName());
                matched = true;
            }
        }
        if (!matched) {
            throw QuantizationError("'" + word + "' matches no layer. Use a layer name such as '"
                                        + (layers.empty() ? std::string("encoder.encoder.1.0.convs.0") : layers.front()->layerName())
                                        + "', a prefix such as 'encoder.encoder.1', 'stage1', 'stage1.block0', 'head', 'decoder', "
                                          "a block type (stem, SetAbstraction, InvResMLP, GroupAll, ClsHead, FeaturePropagation, "
                                          "ShapeEmbedding, SegHead) or a glob; "
                                          "`pointq info` lists the layers",
                                    {}, "--skip");
        }
    }
    return selected;
}

} // namespace pointq
