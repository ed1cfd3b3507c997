// parseModelArgs() and parseDatasetArgs(), with openpoints' defaults from
// models/classification/cls_base.py (BaseCls, ClsHead), models/segmentation/base_seg.py
// (BaseSeg, BasePartSeg, SegHead) and models/backbone/pointnext.py (the decoders).
#include "config/ModelConfig.h"

#include "config/ConfigChecks.h"

#include <sstream>

namespace pointq {

namespace {

const std::string kHead = "model.cls_args";
const std::string kDecoder = "model.decoder_args";

// "max,avg" -> {"max", "avg"}, as ClsHead and SegHead split global_feat.
std::vector<std::string> readGlobalFeat(const Config& config)
{
    const std::string key = kHead + ".global_feat";
    const YAML::Node node = config.find(key);
    if (!node.IsDefined() || node.IsNull())
        return {};
    std::vector<std::string> parts;
    std::istringstream stream(config.toString(node, key));
    std::string part;
    while (std::getline(stream, part, ',')) {
        if (part != "max" && part != "avg")
            throw config.error(key, "expected a comma-separated list of max and avg for " + key + ", found '" +
                                        config.toString(node, key) + "'");
        parts.push_back(part);
    }
    return parts;
}

std::vector<int> readHeadMlps(const Config& config, const ClsHeadArgs& head)
{
    const std::string key = kHead + ".mlps";
    const YAML::Node node = config.find(key);
    if (!node.IsDefined())
        return head.name == "SegHead" ? std::vector<int>{} : head.mlps;
    if (node.IsNull())
        return {};
    // SegHead wraps a single width into a list.
    std::vector<int> mlps = node.IsSequence() || head.name != "SegHead" ? config.getIntList(key, {})
                                                                        : std::vector<int>{config.toInt(node, key)};
    for (std::size_t i = 0; i < mlps.size(); ++i)
        requirePositive(config, key + "[" + std::to_string(i) + "]", mlps[i]);
    return mlps;
}

ClsHeadArgs parseHead(const Config& config, const ModelArgs& model)
{
    const std::string expectedName = model.name == "BaseCls" ? "ClsHead" : "SegHead";
    const YAML::Node node = config.find(kHead);
    if (!node.IsDefined() || !node.IsMap())
        throw config.error(kHead, "expected a mapping " + kHead + " with NAME: " + expectedName + " for a " +
                                      model.name + " model");

    ClsHeadArgs head;
    head.name = config.getString(kHead + ".NAME", "");
    if (head.name != expectedName)
        throw config.error(kHead + ".NAME", "expected " + expectedName + " for " + kHead + ".NAME of a " +
                                                model.name + " model, found '" + head.name + "'");
    if (!config.has(kHead + ".num_classes"))
        throw config.error(kHead, "missing " + kHead + ".num_classes");
    head.numClasses = requirePositive(config, kHead + ".num_classes", config.getInt(kHead + ".num_classes", 0));
    head.mlps = readHeadMlps(config, head);
    const YAML::Node mlpsNode = config.find(kHead + ".mlps");
    head.hiddenAsWideAsInput = head.name == "SegHead" && (!mlpsNode.IsDefined() || mlpsNode.IsNull());
    head.norm = readOptionalName(config, kHead + ".norm_args", "norm", head.name == "SegHead" ? "bn1d" : "");
    head.activation = readOptionalName(config, kHead + ".act_args", "act", head.activation);
    head.dropout = config.getDouble(kHead + ".dropout", head.dropout);
    if (head.dropout < 0.0 || head.dropout >= 1.0)
        throw config.error(kHead + ".dropout", "expected a dropout probability in [0, 1) for " + kHead +
                                                   ".dropout, found " + formatNumber(head.dropout));
    head.globalFeat = readGlobalFeat(config);
    // A SegHead is sized by the model from its decoder's output channels.
    head.inChannels = model.name == "BaseCls" ? model.encoder.stageChannels().back() : 0;
    return head;
}

DecoderArgs parseDecoder(const Config& config, const ModelArgs& model)
{
    DecoderArgs decoder;
    if (!config.has(kDecoder) || config.find(kDecoder).IsNull())
        return decoder;
    const std::string expectedName = model.name == "BasePartSeg" ? "PointNextPartDecoder" : "PointNextDecoder";
    decoder.name = config.getString(kDecoder + ".NAME", "");
    if (decoder.name != expectedName)
        throw config.error(kDecoder + ".NAME", "expected " + expectedName + " for " + kDecoder + ".NAME of a " +
                                                   model.name + " model, found '" + decoder.name + "'");
    decoder.decoderLayers = requirePositive(config, kDecoder + ".decoder_layers",
                                            config.getInt(kDecoder + ".decoder_layers", decoder.decoderLayers));
    decoder.decoderStages = requirePositive(config, kDecoder + ".decoder_stages",
                                            config.getInt(kDecoder + ".decoder_stages", decoder.decoderStages));
    decoder.clsMap = config.getString(kDecoder + ".cls_map", decoder.clsMap);
    decoder.decoderBlocks = config.getIntList(kDecoder + ".decoder_blocks", decoder.decoderBlocks);
    decoder.numShapeClasses = requirePositive(config, kDecoder + ".num_classes",
                                              config.getInt(kDecoder + ".num_classes", decoder.numShapeClasses));
    return decoder;
}

// Scene-scale segmentation settings. openpoints' test() voxelizes with
// dataset.common.voxel_size and crops with the test split's voxel_max.
void readSceneSettings(const Config& config, DatasetArgs& dataset)
{
    const YAML::Node voxelSize = config.find("dataset.common.voxel_size");
    if (voxelSize.IsDefined() && !voxelSize.IsNull()) {
        dataset.voxelSize = config.toDouble(voxelSize, "dataset.common.voxel_size");
        if (!(dataset.voxelSize > 0.0))
            throw config.error("dataset.common.voxel_size", "expected a positive dataset.common.voxel_size, found " +
                                                                formatNumber(dataset.voxelSize));
    }
    for (const std::string split : {"dataset.test", "dataset.val", "dataset.common"}) {
        const YAML::Node node = config.find(split + ".voxel_max");
        if (!node.IsDefined())
            continue;
        if (!node.IsNull())
            dataset.voxelMax = requirePositive(config, split + ".voxel_max", config.toInt(node, split + ".voxel_max"));
        break;
    }
    const YAML::Node ignore = config.find("ignore_index");
    if (ignore.IsDefined() && !ignore.IsNull())
        dataset.ignoreIndex = config.toInt(ignore, "ignore_index");
}

} // namespace

ModelArgs parseModelArgs(const Config& config)
{
    const YAML::Node node = config.find("model");
    if (!node.IsDefined() || !node.IsMap())
        throw config.error("model", "expected a mapping 'model' with NAME: BaseCls, BaseSeg or BasePartSeg");

    ModelArgs model;
    model.name = config.getString("model.NAME", "");
    if (model.name != "BaseCls" && model.name != "BaseSeg" && model.name != "BasePartSeg")
        throw config.error("model.NAME", "expected BaseCls, BaseSeg or BasePartSeg for model.NAME, found '" +
                                             model.name + "'");
    model.encoder = parseEncoderArgs(config);
    model.decoder = parseDecoder(config, model);
    model.head = parseHead(config, model);
    return model;
}

DatasetArgs parseDatasetArgs(const Config& config)
{
    DatasetArgs dataset;
    dataset.name = config.getString("dataset.common.NAME", dataset.name);
    dataset.dataDir = config.getString("dataset.common.data_dir", config.getString("dataset.common.data_root", ""));

    // openpoints builds the validation set from dataset.common updated with dataset.val,
    // or with dataset.test when there is no val section.
    const std::string split = config.has("dataset.val") ? "dataset.val" : "dataset.test";
    const std::string numPointsKey = config.has(split + ".num_points")             ? split + ".num_points"
                                     : config.has("dataset.common.num_points") ? "dataset.common.num_points"
                                                                               : "num_points";
    if (config.has(numPointsKey))
        dataset.numPoints = requirePositive(config, numPointsKey, config.getInt(numPointsKey, 0));

    if (config.has("num_classes"))
        dataset.numClasses = requirePositive(config, "num_classes", config.getInt("num_classes", 0));
    const YAML::Node transforms = config.find("datatransforms.val");
    if (transforms.IsDefined() && !transforms.IsNull())
        dataset.valTransforms = config.getStringList("datatransforms.val", {});
    dataset.gravityDim = config.getInt("datatransforms.kwargs.gravity_dim", dataset.gravityDim);
    if (dataset.gravityDim < 0 || dataset.gravityDim > 2)
        throw config.error("datatransforms.kwargs.gravity_dim",
                           "expected 0, 1 or 2 for datatransforms.kwargs.gravity_dim, found " +
                               std::to_string(dataset.gravityDim));
    dataset.featureKeys = config.getString("feature_keys", dataset.featureKeys);
    dataset.presample = config.getBool(split + ".presample", dataset.presample);
    dataset.batchSize = requirePositive(config, "batch_size", config.getInt("batch_size", dataset.batchSize));
    dataset.valBatchSize = requirePositive(config, "val_batch_size", config.getInt("val_batch_size", dataset.batchSize));
    readSceneSettings(config, dataset);
    return dataset;
}

} // namespace pointq
