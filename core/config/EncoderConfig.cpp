// parseEncoderArgs(): `model.encoder_args` of a PointNextEncoder, checked as openpoints'
// PointNextEncoder constructor uses it (openpoints/models/backbone/pointnext.py).
#include "config/ModelConfig.h"

#include "config/ConfigChecks.h"

#include <cmath>

namespace pointq {

namespace {

const std::string kEncoder = "model.encoder_args";

std::string encoderKey(const std::string& key)
{
    return kEncoder + "." + key;
}

// Values of one stage from a list item: a scalar, or a list padded with its last value to
// `blocks` entries. Entries beyond `blocks` are never used by openpoints, so they are dropped.
std::vector<double> stageValues(const Config& config, const YAML::Node& item, const std::string& key, int blocks)
{
    std::vector<double> values;
    if (item.IsSequence()) {
        if (item.size() == 0)
            throw config.error(key, "expected at least one value per stage for " + key + ", found an empty list");
        for (std::size_t i = 0; i < item.size(); ++i)
            values.push_back(config.toDouble(item[i], key + "[" + std::to_string(i) + "]"));
    } else {
        values.push_back(config.toDouble(item, key));
    }
    values.resize(static_cast<std::size_t>(blocks), values.back());
    return values;
}

// Expands radius or nsample like PointNextEncoder._to_full_list. A list gives per-stage values.
// A scalar gives each downsampling stage `value` for its first block and `value * scaling` for
// the others, then multiplies `value` by `scaling` for the next stage. Stride-1 stages keep
// `value` for every block. The products are rounded in double, exactly as Python rounds them.
std::vector<std::vector<double>> expandPerBlock(const Config& config, const EncoderArgs& encoder,
                                                const std::string& name, double fallback, double scaling)
{
    const std::string key = encoderKey(name);
    const YAML::Node node = config.find(key);
    std::vector<std::vector<double>> perStage;
    if (node.IsDefined() && node.IsSequence()) {
        if (node.size() != encoder.blocks.size())
            throw config.error(key, "expected one value or list per stage for " + key + " (" +
                                        std::to_string(encoder.blocks.size()) + " stages), found " +
                                        std::to_string(node.size()));
        for (std::size_t i = 0; i < node.size(); ++i)
            perStage.push_back(stageValues(config, node[i], key + "[" + std::to_string(i) + "]", encoder.blocks[i]));
        return perStage;
    }

    double value = node.IsDefined() ? config.toDouble(node, key) : fallback;
    for (std::size_t i = 0; i < encoder.strides.size(); ++i) {
        const std::size_t blocks = static_cast<std::size_t>(encoder.blocks[i]);
        if (encoder.strides[i] == 1) {
            perStage.emplace_back(blocks, value);
            continue;
        }
        std::vector<double> stage(blocks, value * scaling);
        stage.front() = value;
        perStage.push_back(stage);
        value *= scaling;
    }
    return perStage;
}

void checkRadii(const Config& config, const std::vector<std::vector<double>>& radii)
{
    for (const std::vector<double>& stage : radii) {
        for (const double radius : stage) {
            if (!(radius > 0.0) || !std::isfinite(radius))
                throw config.error(encoderKey("radius"), "expected positive radii for " + encoderKey("radius") +
                                                             ", found " + formatNumber(radius));
        }
    }
}

std::vector<std::vector<int>> toNsamples(const Config& config, const std::vector<std::vector<double>>& values)
{
    std::vector<std::vector<int>> nsamples;
    for (const std::vector<double>& stage : values) {
        std::vector<int> counts;
        for (const double value : stage) {
            if (value != std::floor(value) || !(value >= 1.0) || value > 1e9)
                throw config.error(encoderKey("nsample"), "expected positive integer neighbour counts for " +
                                                              encoderKey("nsample") + " (after nsample_scaling), found " +
                                                              formatNumber(value));
            counts.push_back(static_cast<int>(value));
        }
        nsamples.push_back(counts);
    }
    return nsamples;
}

void readStages(const Config& config, EncoderArgs& encoder)
{
    encoder.blocks = config.getIntList(encoderKey("blocks"), encoder.blocks);
    encoder.strides = config.getIntList(encoderKey("strides"), encoder.strides);
    if (encoder.blocks.size() != encoder.strides.size())
        throw config.error(encoderKey(config.has(encoderKey("strides")) ? "strides" : "blocks"),
                           "expected as many strides as blocks in " + kEncoder + ", found " +
                               std::to_string(encoder.blocks.size()) + " blocks and " +
                               std::to_string(encoder.strides.size()) + " strides");
    if (encoder.blocks.empty())
        throw config.error(encoderKey("blocks"), "expected at least one stage in " + encoderKey("blocks"));
    for (std::size_t i = 0; i < encoder.blocks.size(); ++i) {
        requirePositive(config, encoderKey("blocks[" + std::to_string(i) + "]"), encoder.blocks[i]);
        requirePositive(config, encoderKey("strides[" + std::to_string(i) + "]"), encoder.strides[i]);
    }
}

void readGrouping(const Config& config, EncoderArgs& encoder)
{
    encoder.featureType = readChoice(config, encoderKey("aggr_args.feature_type"), encoder.featureType,
                                     {"fj", "df", "assa", "assa_dp", "dp_fj", "pj", "dp", "pi_dp", "pj_dp",
                                      "dp_fj_df", "dp_fi_df", "pi_dp_fj_df"});
    encoder.reduction = readChoice(config, encoderKey("aggr_args.reduction"), encoder.reduction,
                                   {"sum", "max", "mean", "avg"}, true);
    encoder.groupName = readChoice(config, encoderKey("group_args.NAME"), encoder.groupName, {"ballquery", "knn"});
    encoder.normalizeDp = config.getBool(encoderKey("group_args.normalize_dp"), encoder.normalizeDp);
    encoder.relativeXyz = config.getBool(encoderKey("group_args.relative_xyz"), encoder.relativeXyz);
    encoder.sampler = readChoice(config, encoderKey("sampler"), encoder.sampler, {"fps", "random"}, true);
}

void readLayers(const Config& config, EncoderArgs& encoder)
{
    encoder.block = readChoice(config, encoderKey("block"), encoder.block, {"InvResMLP", "ResBlock"});
    encoder.convOrder = readChoice(config, encoderKey("conv_args.order"), encoder.convOrder,
                                   {"conv-norm-act", "norm-act-conv", "conv-act-norm"});
    encoder.activation = readOptionalName(config, encoderKey("act_args"), "act", encoder.activation);
    encoder.norm = readOptionalName(config, encoderKey("norm_args"), "norm", encoder.norm);
    encoder.normEps = config.getDouble(encoderKey("norm_args.eps"), encoder.normEps);
    encoder.normMomentum = config.getDouble(encoderKey("norm_args.momentum"), encoder.normMomentum);
}

} // namespace

EncoderArgs parseEncoderArgs(const Config& config)
{
    EncoderArgs encoder;
    const YAML::Node node = config.find(kEncoder);
    if (!node.IsDefined() || !node.IsMap())
        throw config.error(kEncoder, "expected a mapping " + kEncoder + " with NAME: PointNextEncoder");
    encoder.name = config.getString(encoderKey("NAME"), "");
    if (encoder.name != "PointNextEncoder")
        throw config.error(encoderKey("NAME"), "PointQ builds only the PointNextEncoder, found '" + encoder.name +
                                                   "' in " + encoderKey("NAME"));

    encoder.inChannels = requirePositive(config, encoderKey("in_channels"),
                                         config.getInt(encoderKey("in_channels"), encoder.inChannels));
    encoder.width = requirePositive(config, encoderKey("width"), config.getInt(encoderKey("width"), encoder.width));
    encoder.saLayers = requirePositive(config, encoderKey("sa_layers"),
                                       config.getInt(encoderKey("sa_layers"), encoder.saLayers));
    encoder.saUseRes = config.getBool(encoderKey("sa_use_res"), encoder.saUseRes);
    encoder.useRes = config.getBool(encoderKey("use_res"), encoder.useRes);
    encoder.expansion = requirePositive(config, encoderKey("expansion"),
                                        config.getDouble(encoderKey("expansion"), encoder.expansion));
    encoder.radiusScaling = requirePositive(config, encoderKey("radius_scaling"),
                                            config.getDouble(encoderKey("radius_scaling"), encoder.radiusScaling));
    encoder.nsampleScaling = requirePositive(config, encoderKey("nsample_scaling"),
                                             config.getDouble(encoderKey("nsample_scaling"), encoder.nsampleScaling));
    readStages(config, encoder);
    readGrouping(config, encoder);
    readLayers(config, encoder);

    encoder.radii = expandPerBlock(config, encoder, "radius", 0.1, encoder.radiusScaling);
    checkRadii(config, encoder.radii);
    encoder.nsamples = toNsamples(config, expandPerBlock(config, encoder, "nsample", 32, encoder.nsampleScaling));
    return encoder;
}

} // namespace pointq
