#include "eval/Evaluation.h"

#include "common/Errors.h"
#include "common/Files.h"
#include "common/Log.h"
#include "config/ModelConfig.h"
#include "data/Dataset.h"
#include "data/SyntheticDataset.h"
#include "eval/Metrics.h"

#include <torch/serialize/output-archive.h>

#include <chrono>
#include <sstream>

namespace pointq {

LoadedModel loadModel(const std::string& configPath, const std::vector<std::string>& overrides,
                      const std::string& checkpointPath)
{
    LoadedModel loaded{Config::load(configPath, overrides), {}, {}, {}, configPath, sha256OfFile(configPath), {}, {}, {}, {}};
    loaded.args = parseModelArgs(loaded.config);
    loaded.dataset = parseDatasetArgs(loaded.config);
    loaded.model = buildModel(loaded.args);
    if (checkpointPath.empty()) {
        logWarning("pointq.model", "no checkpoint given (--pretrained): the model has random weights, so accuracy figures mean nothing");
    } else {
        const CheckpointContents checkpoint = readCheckpoint(checkpointPath);
        loadStateDict(*loaded.model, checkpoint.stateDict, true, checkpointPath);
        loaded.checkpointPath = checkpointPath;
        loaded.checkpointSha256 = sha256OfFile(checkpointPath);
        loaded.stateDictKey = checkpoint.stateDictKey;
        loaded.ignoredCheckpointKeys = checkpoint.ignoredKeys;
    }
    loaded.model->eval();
    return loaded;
}

EvaluationData loadEvaluationData(const DataOptions& options, const DatasetArgs& datasetArgs, int64_t inChannels,
                                  const JobContext& context)
{
    std::unique_ptr<Dataset> dataset;
    if (options.synthetic) {
        SyntheticOptions synthetic;
        synthetic.count = static_cast<size_t>(options.syntheticCount);
        dataset = std::make_unique<SyntheticDataset>(synthetic);
        logWarning("pointq.data", "using SYNTHETIC clouds, not real data: every figure below is measured on generated shapes");
    } else {
        if (options.path.empty())
            throw DataError("no data given: pass --data with a ModelNet40 folder, an HDF5 folder or cloud files, "
                            "or --synthetic to measure on generated shapes");
        DatasetOptions datasetOptions;
        datasetOptions.split = options.split;
        datasetOptions.lidarFormat = options.lidarFormat;
        datasetOptions.inferLidarFormat = options.inferLidarFormat;
        dataset = openDataset(options.path, datasetOptions);
    }

    const int64_t numPoints = datasetArgs.numPoints > 0 ? datasetArgs.numPoints : 1024;
    PreprocessOptions preprocess = dataset->preprocessOptions(numPoints);
    preprocess.sampling = options.sampling;
    preprocess.repeatShortClouds = options.repeatShortClouds;
    preprocess.gravityDim = datasetArgs.gravityDim;

    size_t count = dataset->size();
    if (options.limit > 0)
        count = std::min(count, static_cast<size_t>(options.limit));
    if (count == 0)
        throw DataError("the data set has no clouds", options.path);

    std::vector<Sample> samples;
    samples.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        context.checkCancelled();
        samples.push_back(dataset->get(i));
        context.report(static_cast<double>(i + 1) / static_cast<double>(count), "reading clouds");
    }

    EvaluationData data;
    data.inputs = makeModelInputs(samples, preprocess, inChannels);
    data.description = dataset->description();
    data.files = dataset->files();
    data.classNames = dataset->classNames();
    data.synthetic = dataset->isSynthetic();
    data.labelled = data.inputs.labels.defined() && data.inputs.labels.ge(0).any().item<bool>();
    return data;
}

ModelInput sliceInputs(const ModelInputs& inputs, int64_t begin, int64_t end)
{
    return ModelInput{inputs.pos.slice(0, begin, end).contiguous(), inputs.x.slice(0, begin, end).contiguous()};
}

ModelInput repeatToBatch(const ModelInputs& inputs, int64_t batchSize)
{
    const at::Tensor order = at::arange(batchSize, at::kLong).remainder(inputs.pos.size(0));
    return ModelInput{inputs.pos.index_select(0, order).contiguous(), inputs.x.index_select(0, order).contiguous()};
}

at::Tensor CancellableLayerRunner::run(ConvBlock& block, const at::Tensor& input)
{
    m_context.checkCancelled();
    return m_inner ? m_inner->run(block, input) : block.forwardFloat(input);
}

at::Tensor predictLogits(const std::function<at::Tensor(const ModelInput&)>& forward, const ModelInputs& inputs,
                         int64_t batchSize, const JobContext& context, const std::string& stage)
{
    torch::NoGradGuard noGrad;
    const int64_t total = inputs.pos.size(0);
    std::vector<at::Tensor> batches;
    for (int64_t begin = 0; begin < total; begin += batchSize) {
        context.checkCancelled();
        const int64_t end = std::min(total, begin + batchSize);
        batches.push_back(forward(sliceInputs(inputs, begin, end)));
        context.report(static_cast<double>(end) / static_cast<double>(total), stage);
    }
    return at::cat(batches, 0);
}

namespace {

double timeOnceMs(const std::function<void()>& run)
{
    const auto start = std::chrono::steady_clock::now();
    run();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

LatencyStats summarizeLatency(const std::vector<double>& samples, int warmup)
{
    LatencyStats stats;
    stats.warmupRuns = warmup;
    stats.timedRuns = static_cast<int>(samples.size());
    stats.threads = at::get_num_threads();
    stats.medianMs = percentile(samples, 50);
    stats.p10Ms = percentile(samples, 10);
    stats.p90Ms = percentile(samples, 90);
    double sum = 0.0;
    for (double sample : samples)
        sum += sample;
    stats.meanMs = samples.empty() ? 0.0 : sum / static_cast<double>(samples.size());
    return stats;
}

} // namespace

LatencyStats measureLatency(const std::function<void()>& run, int warmup, int runs, const JobContext& context)
{
    torch::NoGradGuard noGrad;
    for (int i = 0; i < warmup; ++i) {
        context.checkCancelled();
        run();
    }
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
        context.checkCancelled();
        samples.push_back(timeOnceMs(run));
        context.report(static_cast<double>(i + 1) / runs, "timing");
    }
    return summarizeLatency(samples, warmup);
}

std::vector<LatencyStats> measureLatencyInterleaved(const std::vector<std::function<void()>>& models, int warmup,
                                                    int runs, const JobContext& context)
{
    torch::NoGradGuard noGrad;
    for (int i = 0; i < warmup; ++i) {
        context.checkCancelled();
        for (const auto& run : models)
            run();
    }
    std::vector<std::vector<double>> samples(models.size());
    for (int i = 0; i < runs; ++i) {
        context.checkCancelled();
        for (size_t m = 0; m < models.size(); ++m)
            samples[m].push_back(timeOnceMs(models[m]));
        context.report(static_cast<double>(i + 1) / runs, "timing");
    }
    std::vector<LatencyStats> stats;
    for (const auto& modelSamples : samples)
        stats.push_back(summarizeLatency(modelSamples, warmup));
    return stats;
}

int64_t serializedFloatModelBytes(const PointNextClassifier& model)
{
    torch::serialize::OutputArchive archive;
    for (const auto& parameter : model.named_parameters())
        archive.write(parameter.key(), parameter.value());
    for (const auto& buffer : model.named_buffers())
        archive.write(buffer.key(), buffer.value(), true);
    std::ostringstream stream;
    archive.save_to(stream);
    return static_cast<int64_t>(stream.str().size());
}

} // namespace pointq
