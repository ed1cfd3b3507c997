#include "CommandSupport.h"
#include "Commands.h"

#include "config/ModelConfig.h"

#include <cstdio>
#include <iostream>
#include <map>

namespace pointq::cli {

namespace {

// Records each block's input and output shape during one forward pass.
class ShapeRecorder : public LayerRunner {
public:
    at::Tensor run(ConvBlock& block, const at::Tensor& input) override
    {
        at::Tensor output = block.forwardFloat(input);
        shapes[block.layerName()] = {input.sizes().vec(), output.sizes().vec()};
        return output;
    }

    std::map<std::string, std::pair<std::vector<int64_t>, std::vector<int64_t>>> shapes;
};

int64_t parameterCount(const torch::nn::Module& module)
{
    int64_t count = 0;
    for (const auto& parameter : module.parameters())
        count += parameter.numel();
    return count;
}

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string text = "(";
    for (size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + ")";
}

} // namespace

int runInfo(const std::vector<std::string>& words)
{
    const std::vector<OptionSpec> specs{
        {"cfg", "FILE", "openpoints config (.yaml)"},
        {"points", "N", "points per cloud for the shapes shown (default: the config's num_points, else 1024)"},
    };
    if (printHelpIfAsked(words, "pointq info --cfg CFG [--points N] [key=value ...]",
                         "Prints the network a config builds: stages, blocks and every convolution and linear layer "
                         "under its openpoints name, with input and output shapes for one cloud and parameter counts.",
                         specs))
        return 0;
    const Arguments arguments(words, specs);
    requireOption(arguments, "cfg", "the openpoints config to describe");
    const Config config = Config::load(arguments.value("cfg"), arguments.overrides());
    const ModelArgs args = parseModelArgs(config);
    const DatasetArgs dataset = parseDatasetArgs(config);
    auto model = buildModel(args);
    const int64_t points = arguments.integer("points", dataset.numPoints > 0 ? dataset.numPoints : 1024);
    if (points < 1)
        throw UsageError("--points must be positive");

    ShapeRecorder recorder;
    {
        torch::NoGradGuard noGrad;
        const at::Tensor positions = at::rand({1, points, 3}) * 2 - 1;
        at::Tensor features = positions.transpose(1, 2).contiguous();
        if (args.encoder.inChannels > 3)
            features = at::cat({features, at::zeros({1, args.encoder.inChannels - 3, points})}, 1);
        // BasePartSeg conditions on the shape category; category 0 serves to show the shapes.
        const at::Tensor shapeClasses = args.name == "BasePartSeg" ? at::zeros({1}, at::kLong) : at::Tensor();
        model->forward(ModelInput{positions, features, shapeClasses}, &recorder);
    }

    std::cout << args.name << " (" << args.encoder.name
              << (args.decoder.name.empty() ? std::string() : " + " + args.decoder.name) << " + " << args.head.name
              << "), config " << arguments.value("cfg") << "\n";
    std::cout << "input: " << points << " points, " << args.encoder.inChannels << " channels; "
              << args.head.numClasses << " classes\n";
    const auto channels = args.encoder.stageChannels();
    // Decoder layers have no encoder stage, so they are grouped as stage -2, apart from the head (-1).
    int lastStage = -3;
    for (const auto& layer : model->layers()) {
        const LayerPlace& place = layer->place();
        const int group = place.stage >= 0 ? place.stage : (layer->layerName().rfind("decoder.", 0) == 0 ? -2 : -1);
        if (group != lastStage) {
            lastStage = group;
            if (group == -2) {
                std::printf("decoder: %s, %lld decoder stages\n", args.decoder.name.c_str(),
                            static_cast<long long>(args.decoder.name == "PointNextDecoder" ? args.decoder.decoderStages
                                                                                           : args.encoder.blocks.size() - 1));
            } else if (place.stage >= 0) {
                const auto s = static_cast<size_t>(place.stage);
                std::printf("stage %d: %s, stride %d, radius %.6g, nsample %d, %d channels\n", place.stage,
                            place.blockType.c_str(), args.encoder.strides[s], args.encoder.radii[s][0],
                            args.encoder.nsamples[s][0], channels[s]);
            } else {
                std::printf("head: %s\n", args.head.name.c_str());
            }
        }
        const auto& shapes = recorder.shapes[layer->layerName()];
        std::printf("  %-34s %-6s %4lld -> %-4lld%s%s  params %9lld  in %-18s out %s\n", layer->layerName().c_str(),
                    layerKindName(layer->kind()), static_cast<long long>(layer->inChannels()),
                    static_cast<long long>(layer->outChannels()), layer->hasNorm() ? " +BN" : "    ",
                    layer->hasRelu() ? " +ReLU" : "      ", static_cast<long long>(parameterCount(*layer)),
                    shapeText(shapes.first).c_str(), shapeText(shapes.second).c_str());
    }
    std::printf("total: %zu quantizable layers, %lld parameters, %zu state_dict keys\n", model->layers().size(),
                static_cast<long long>(parameterCount(*model)), model->named_parameters().size() + model->named_buffers().size());
    return 0;
}

} // namespace pointq::cli
