#include "CommandSupport.h"
#include "Commands.h"

#include "common/Plural.h"
#include "config/ModelConfig.h"
#include "eval/Metrics.h"
#include "io/Npy.h"
#include "quant/QuantizedModel.h"

#include <filesystem>
#include <iostream>

namespace pointq::cli {

namespace {

std::vector<OptionSpec> evalOptions()
{
    std::vector<OptionSpec> specs{
        {"cfg", "FILE", "openpoints config (.yaml) of an FP32 model"},
        {"pretrained", "FILE", "torch.save checkpoint of the FP32 model"},
        {"model", "FILE", "an INT8 model written by `pointq quantize --output` (instead of --cfg/--pretrained)"},
        {"batch-size", "B", "clouds per forward pass (default 16)"},
        {"threads", "T", "LibTorch threads (default 2)"},
        {"logits", "FILE", "write the logits as a float32 .npy array, one row per cloud in the data set's order"},
        {"dump-stages", "DIR", "write every encoder stage's positions, features, sampling and grouping indices as .npy"},
    };
    const auto data = dataOptionSpecs();
    specs.insert(specs.begin() + 3, data.begin(), data.end());
    return specs;
}

// Collects the encoder stages of every batch and writes them as stage<s>_<what>.npy.
class StageDump {
public:
    void add(const std::vector<StageOutput>& trace)
    {
        m_stages.resize(trace.size());
        for (size_t s = 0; s < trace.size(); ++s) {
            m_stages[s]["pos"].push_back(trace[s].positions);
            m_stages[s]["feat"].push_back(trace[s].features);
            if (trace[s].sampleIndices.defined())
                m_stages[s]["fps_idx"].push_back(trace[s].sampleIndices);
            if (trace[s].groupIndices.defined())
                m_stages[s]["bq_idx"].push_back(trace[s].groupIndices);
        }
    }

    void write(const std::string& folder) const
    {
        std::filesystem::create_directories(folder);
        for (size_t s = 0; s < m_stages.size(); ++s)
            for (const auto& [name, parts] : m_stages[s])
                writeNpy(folder + "/stage" + std::to_string(s) + "_" + name + ".npy", at::cat(parts, 0).contiguous());
    }

private:
    std::vector<std::map<std::string, std::vector<at::Tensor>>> m_stages;
};

// Prints the top class of the first clouds, so unlabelled data still shows what the model saw.
void printPredictions(const at::Tensor& logits, const EvaluationData& data)
{
    constexpr int64_t shown = 20;
    const at::Tensor probabilities = logits.softmax(1);
    const auto [confidence, predicted] = probabilities.max(1);
    const int64_t count = std::min<int64_t>(shown, logits.size(0));
    for (int64_t i = 0; i < count; ++i) {
        const int64_t label = predicted[i].item<int64_t>();
        const std::string name = i < static_cast<int64_t>(data.inputs.names.size()) ? data.inputs.names[i]
                                                                                     : "cloud " + std::to_string(i);
        const std::string className = label < static_cast<int64_t>(data.classNames.size())
                                          ? " (" + data.classNames[label] + ")"
                                          : std::string();
        std::printf("  %s: class %lld%s, probability %.3f\n", name.c_str(), static_cast<long long>(label),
                    className.c_str(), confidence[i].item<double>());
    }
    if (logits.size(0) > count)
        std::printf("  ... %lld more clouds (--logits FILE writes them all)\n",
                    static_cast<long long>(logits.size(0) - count));
}

} // namespace

int runEval(const std::vector<std::string>& words)
{
    const auto specs = evalOptions();
    if (printHelpIfAsked(words, "pointq eval (--cfg CFG --pretrained CKPT | --model MODEL.pq) --data DIR [options] [key=value ...]",
                         "Evaluates one model, FP32 or INT8, on the clouds and prints its accuracy.", specs))
        return 0;
    const Arguments arguments(words, specs);
    if (arguments.has("model") == arguments.has("cfg"))
        throw UsageError("give either --cfg (with --pretrained) for an FP32 model or --model for an INT8 model");
    if (arguments.has("model") && !arguments.overrides().empty())
        throw UsageError("config overrides do not apply to --model: its config is stored in the file");
    applyThreads(arguments);
    const int64_t batchSize = arguments.integer("batch-size", 16);
    if (batchSize < 1)
        throw UsageError("--batch-size must be at least 1");
    const DataOptions dataOptions = readDataOptions(arguments);
    checkOutputPath(arguments.value("logits"), "logits");

    std::unique_ptr<QuantizedModel> quantized;
    std::shared_ptr<PointNextClassifier> floatModel;
    DatasetArgs datasetArgs;
    int64_t inChannels = 3;
    std::string modelDescription;
    if (arguments.has("model")) {
        quantized = QuantizedModel::load(arguments.value("model"));
        const Config config = Config::fromYamlText(quantized->configYaml(), arguments.value("model"));
        datasetArgs = parseDatasetArgs(config);
        inChannels = parseModelArgs(config).encoder.inChannels;
        modelDescription = "INT8 model " + arguments.value("model") + " (" + std::to_string(quantized->int8LayerCount())
                           + " of " + std::to_string(quantized->layers().size()) + " layers INT8, engine " + quantized->engine()
                           + (quantized->engineFellBack() ? ", FALLBACK: onednn not available" : "") + ")";
    } else {
        LoadedModel loaded = loadModel(arguments.value("cfg"), arguments.overrides(), arguments.value("pretrained"));
        floatModel = loaded.model;
        datasetArgs = loaded.dataset;
        inChannels = loaded.args.encoder.inChannels;
        modelDescription = "FP32 model " + arguments.value("cfg")
                           + (arguments.has("pretrained") ? " with " + arguments.value("pretrained") : " with RANDOM weights");
    }

    const std::string modelName = quantized ? parseModelArgs(Config::fromYamlText(quantized->configYaml(), arguments.value("model"))).name
                                            : floatModel->args().name;
    if (modelName != "BaseCls")
        throw UsageError("pointq eval evaluates classification models (BaseCls); for " + modelName
                         + " use pointq quantize, which evaluates FP32 and INT8 on a scene point by point");

    const JobContext context = terminalProgress();
    const EvaluationData data = loadEvaluationData(dataOptions, datasetArgs, inChannels, context);
    const bool dumping = arguments.has("dump-stages");
    StageDump dump;
    const at::Tensor logits = predictLogits(
        [&](const ModelInput& input) {
            std::vector<StageOutput> trace;
            at::Tensor output = quantized ? quantized->forward(input, dumping ? &trace : nullptr)
                                          : floatModel->forward(input, nullptr, dumping ? &trace : nullptr);
            if (dumping)
                dump.add(trace);
            return output;
        },
        data.inputs, batchSize, context, "evaluating");

    if (data.synthetic)
        std::cout << "*** SYNTHETIC DATA: generated shapes, not real clouds ***\n";
    std::cout << "model:  " << modelDescription << "\n";
    std::cout << "data:   " << data.description << "\n";
    if (data.labelled) {
        const ClassificationMetrics metrics = classificationMetrics(logits, data.inputs.labels);
        std::printf("overall accuracy %.2f%%, mean class accuracy %.2f%% (%lld clouds, %lld classes present)\n",
                    metrics.overallAccuracy, metrics.meanClassAccuracy, static_cast<long long>(metrics.samples),
                    static_cast<long long>(metrics.classesPresent));
    } else {
        std::cout << "the clouds have no labels, so no accuracy; " << countedNoun(logits.size(0), "cloud", "clouds")
                  << " evaluated\n";
        printPredictions(logits, data);
    }
    if (arguments.has("logits")) {
        writeNpy(arguments.value("logits"), logits.contiguous());
        std::cout << "logits written to " << arguments.value("logits") << "\n";
    }
    if (dumping) {
        dump.write(arguments.value("dump-stages"));
        writeNpy(arguments.value("dump-stages") + "/pos.npy", data.inputs.pos.contiguous());
        writeNpy(arguments.value("dump-stages") + "/x.npy", data.inputs.x.contiguous());
        writeNpy(arguments.value("dump-stages") + "/logits.npy", logits.contiguous());
        std::cout << "stages written to " << arguments.value("dump-stages") << "\n";
    }
    return 0;
}

} // namespace pointq::cli
