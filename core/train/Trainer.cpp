#include "train/Trainer.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "config/ModelConfig.h"
#include "eval/Evaluation.h"
#include "eval/Metrics.h"
#include "io/CheckpointWriter.h"
#include "quant/Int8Kernels.h"
#include "quant/LayerSelection.h"
#include "quant/QuantizedModel.h"
#include "train/FakeQuant.h"
#include "train/TrainData.h"
#include "train/TrainStep.h"

#include <ATen/CPUGeneratorImpl.h>

#include <chrono>

namespace pointq {

namespace {

using Clock = std::chrono::steady_clock;

// Everything one run needs, built once from the settings.
struct Run {
    TrainSettings settings;
    LoadedModel loaded;
    TrainRecipe recipe;
    TrainingData data;
    int64_t inChannels = 3;
    int gravityDim = 2;
    std::unique_ptr<FakeQuantRunner> runner;  // qat only
};

at::Tensor forwardBatch(Run& run, const at::Tensor& positions)
{
    const ModelInput input{positions, featuresFromPositions(positions, run.inChannels, run.gravityDim)};
    return run.loaded.model->forward(input, run.runner.get());
}

double accuracyPercent(const at::Tensor& logits, const at::Tensor& labels)
{
    return classificationMetrics(logits, labels).overallAccuracy;
}

double evaluate(Run& run, const CloudSet& clouds, const JobContext& context, const std::string& stage)
{
    torch::NoGradGuard noGrad;
    run.loaded.model->eval();
    if (run.runner)
        run.runner->setMode(FakeQuantRunner::Mode::Frozen);
    const int64_t batch = 32;
    std::vector<at::Tensor> logits;
    for (int64_t begin = 0; begin < clouds.size(); begin += batch) {
        context.checkCancelled();
        const int64_t end = std::min(clouds.size(), begin + batch);
        logits.push_back(forwardBatch(run, clouds.positions.slice(0, begin, end).contiguous()));
        context.report(static_cast<double>(end) / static_cast<double>(clouds.size()), stage);
    }
    return accuracyPercent(at::cat(logits), clouds.labels);
}

struct EpochTotals {
    double loss = 0.0;
    int64_t correct = 0;
    int64_t seen = 0;
    int64_t batches = 0;
};

// One pass over the shuffled training clouds. The last partial batch is dropped, as
// openpoints' loader does, because batch norm cannot train on a single cloud.
EpochTotals trainEpoch(Run& run, torch::optim::AdamW& optimizer, at::Generator& generator, int batchSize,
                       const JobContext& context, const std::string& stage)
{
    if (run.runner) {
        run.loaded.model->eval();  // batch norm stays frozen under fake quantization
        run.runner->setMode(FakeQuantRunner::Mode::Train);
    } else {
        run.loaded.model->train();
    }
    const int64_t total = run.data.train.size();
    const int64_t batches = total <= batchSize ? 1 : total / batchSize;
    const at::Tensor order = at::randperm(total, generator, at::kLong);
    EpochTotals totals;
    for (int64_t b = 0; b < batches; ++b) {
        context.checkCancelled();
        const at::Tensor indices = order.slice(0, b * batchSize, std::min(total, (b + 1) * batchSize));
        const CloudSet batch = run.data.train.select(indices);
        const at::Tensor positions = augmentBatch(batch.positions, run.recipe.augmentation, generator);
        const ModelInput input{positions, featuresFromPositions(positions, run.inChannels, run.gravityDim)};
        double loss = 0.0;
        const at::Tensor logits = trainStep(*run.loaded.model, optimizer, run.recipe, input, batch.labels, run.runner.get(), &loss);
        totals.loss += loss;
        totals.correct += logits.argmax(1).eq(batch.labels).sum().item<int64_t>();
        totals.seen += batch.size();
        totals.batches += 1;
        context.report(static_cast<double>(b + 1) / static_cast<double>(batches), stage);
    }
    return totals;
}

// With qat: calibrates on the first training clouds, as PTQ would, and starts the fake
// quantization from those ranges.
void prepareQat(Run& run, const JobContext& context)
{
    if (run.settings.pretrainedPath.empty())
        throw QuantizationError("quantization-aware training fine-tunes a trained model: pass --pretrained");
    torch::NoGradGuard noGrad;
    run.loaded.model->eval();
    Calibrator calibrator;
    const int64_t count = std::min(run.data.train.size(), std::max<int64_t>(1, run.settings.calibrationClouds));
    for (int64_t begin = 0; begin < count; begin += 16) {
        context.checkCancelled();
        const at::Tensor positions = run.data.train.positions.slice(0, begin, std::min(count, begin + 16)).contiguous();
        run.loaded.model->forward(ModelInput{positions, featuresFromPositions(positions, run.inChannels, run.gravityDim)},
                                  &calibrator);
    }
    const std::set<std::string> skipped = selectLayers(run.loaded.model->layers(), run.settings.skip);
    // Trained for the activation range the conversion at the end will use on this CPU.
    const std::string engine = selectQuantizedEngine(run.settings.engine);
    run.runner = std::make_unique<FakeQuantRunner>(*run.loaded.model, calibrator, skipped,
                                                   activationQuantMax(engine, cpuHasVnni()));
}

// loadModel, except that a model without a checkpoint is the expected start of training,
// not a mistake to warn about.
LoadedModel loadTrainableModel(const TrainSettings& settings)
{
    if (!settings.pretrainedPath.empty())
        return loadModel(settings.configPath, settings.overrides, settings.pretrainedPath);
    LoadedModel loaded{Config::load(settings.configPath, settings.overrides), {}, {}, {}, settings.configPath, {}, {}, {}, {}, {}};
    loaded.args = parseModelArgs(loaded.config);
    loaded.dataset = parseDatasetArgs(loaded.config);
    loaded.model = buildModel(loaded.args);
    return loaded;
}

Run prepareRun(const TrainSettings& settings, const JobContext& context)
{
    at::manual_seed(settings.seed);
    Run run{settings, loadTrainableModel(settings), {}, {}, 3, 2, nullptr};
    run.recipe = parseTrainRecipe(run.loaded.config);
    run.inChannels = run.loaded.args.encoder.inChannels;
    run.gravityDim = run.loaded.dataset.gravityDim;
    if (settings.lr > 0.0)
        run.recipe.lr = settings.lr;
    else if (settings.qat)
        run.recipe.lr /= 10.0;
    run.recipe.minLr = std::min(run.recipe.minLr, run.recipe.lr);
    if (settings.epochs > 0)
        run.recipe.epochs = settings.epochs;
    if (settings.batchSize > 0)
        run.recipe.batchSize = settings.batchSize;

    TrainDataOptions dataOptions{settings.dataSpec, run.recipe.numPoints, settings.validationFraction, settings.seed,
                                 run.gravityDim};
    run.data = loadTrainingData(dataOptions, context);
    if (settings.limitTrain > 0 && settings.limitTrain < run.data.train.size())
        run.data.train = run.data.train.select(at::arange(settings.limitTrain, at::kLong));
    if (run.data.train.size() < 2)
        throw DataError("training needs at least 2 clouds after the validation split, got "
                            + std::to_string(run.data.train.size()),
                        settings.dataSpec);
    const int64_t classes = run.loaded.args.head.numClasses;
    if (run.data.classNames.size() > static_cast<size_t>(classes))
        throw DataError("the data set has " + std::to_string(run.data.classNames.size()) + " classes but the model predicts "
                            + std::to_string(classes) + "; set num_classes (model.cls_args.num_classes) to match",
                        settings.dataSpec);
    if (run.data.synthetic)
        logWarning("pointq.train", "training on SYNTHETIC clouds: " + run.data.description);
    if (settings.qat)
        prepareQat(run, context);
    return run;
}

struct Snapshot {
    StateDict stateDict;
    std::map<std::string, FakeQuantRunner::LayerRanges> ranges;
};

Snapshot takeSnapshot(const Run& run)
{
    Snapshot snapshot;
    for (const auto& [name, tensor] : moduleStateDict(*run.loaded.model))
        snapshot.stateDict.insert(name, tensor.detach().clone());
    if (run.runner)
        snapshot.ranges = run.runner->ranges();
    return snapshot;
}

// Restores the best qat state, converts it to INT8, writes it and measures both forms.
void finishQat(Run& run, const Snapshot& best, TrainResult& result, const JobContext& context)
{
    loadStateDict(*run.loaded.model, best.stateDict, true);
    run.runner->setRanges(best.ranges);
    result.testAccuracy = evaluate(run, run.data.test, context, "testing the fake-quantized model");
    QuantSettings quantSettings;
    quantSettings.skip = run.settings.skip;
    quantSettings.engine = run.settings.engine;
    const auto quantized = QuantizedModel::convert(*run.loaded.model, run.runner->observations(), quantSettings,
                                                   run.loaded.config.dump());
    quantized->save(run.settings.outputPath);
    torch::NoGradGuard noGrad;
    const at::Tensor positions = run.data.test.positions;
    const ModelInputs inputs{positions, featuresFromPositions(positions, run.inChannels, run.gravityDim), run.data.test.labels, {}};
    const at::Tensor logits = predictLogits([&](const ModelInput& input) { return quantized->forward(input); }, inputs, 32,
                                            context, "testing the INT8 model");
    result.testAccuracyInt8 = accuracyPercent(logits, run.data.test.labels);
}

// Trains one epoch and validates, recording loss, accuracies and learning rate.
EpochRecord runEpoch(Run& run, torch::optim::AdamW& optimizer, at::Generator& generator, int epoch,
                     const JobContext& context)
{
    const int epochs = run.recipe.epochs;
    EpochRecord record;
    record.epoch = epoch + 1;
    record.epochs = epochs;
    record.lr = cosineLearningRate(run.recipe, epoch, epochs);
    setLearningRate(optimizer, record.lr);
    const std::string stage = "epoch " + std::to_string(record.epoch) + "/" + std::to_string(epochs);
    const EpochTotals totals = trainEpoch(run, optimizer, generator, run.recipe.batchSize, context, stage + " training");
    record.trainLoss = totals.loss / static_cast<double>(std::max<int64_t>(1, totals.batches));
    record.trainAccuracy = 100.0 * static_cast<double>(totals.correct) / static_cast<double>(std::max<int64_t>(1, totals.seen));
    const CloudSet& validation = run.data.validation.size() > 0 ? run.data.validation : run.data.train;
    record.validationAccuracy = evaluate(run, validation, context, stage + " validating");
    return record;
}

TrainResult describeRun(const Run& run)
{
    TrainResult result;
    result.recipe = run.recipe;
    result.trainClouds = run.data.train.size();
    result.validationClouds = run.data.validation.size();
    result.testClouds = run.data.test.size();
    result.dataDescription = run.data.description;
    result.synthetic = run.data.synthetic;
    return result;
}

} // namespace

TrainResult runTraining(const TrainSettings& settings, const JobContext& context,
                        const std::function<void(const EpochRecord&)>& onEpoch)
{
    Run run = prepareRun(settings, context);
    TrainResult result = describeRun(run);
    if (run.runner)
        result.testAccuracyBeforeQat = evaluate(run, run.data.test, context, "testing with PTQ ranges");

    torch::optim::AdamW optimizer = makeOptimizer(*run.loaded.model, run.recipe, run.recipe.lr);
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(settings.seed);
    const int epochs = run.recipe.epochs;
    const auto start = Clock::now();
    double bestValidation = -1.0;
    Snapshot best;
    for (int epoch = 0; epoch < epochs; ++epoch) {
        const auto epochStart = Clock::now();
        EpochRecord record = runEpoch(run, optimizer, generator, epoch, context);
        // Of equal accuracies the later epoch wins: it has trained longer at a lower rate.
        record.best = record.validationAccuracy >= bestValidation;
        if (record.best) {
            bestValidation = record.validationAccuracy;
            result.bestEpoch = record.epoch;
            if (run.runner)
                best = takeSnapshot(run);
            else
                writeCheckpoint(settings.outputPath, moduleStateDict(*run.loaded.model), record.epoch, bestValidation);
        }
        const auto now = Clock::now();
        record.seconds = std::chrono::duration<double>(now - epochStart).count();
        record.secondsLeft = std::chrono::duration<double>(now - start).count() / record.epoch * (epochs - record.epoch);
        result.epochs.push_back(record);
        if (onEpoch)
            onEpoch(record);
    }
    result.bestValidationAccuracy = bestValidation;

    if (run.runner) {
        finishQat(run, best, result, context);
    } else {
        // Reloading the written file checks that it round-trips through PointQ's own reader.
        loadStateDict(*run.loaded.model, readCheckpoint(settings.outputPath).stateDict, true, settings.outputPath);
        result.testAccuracy = evaluate(run, run.data.test, context, "testing the best checkpoint");
    }
    return result;
}

} // namespace pointq
