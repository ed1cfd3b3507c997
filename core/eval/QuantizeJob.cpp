#include "eval/QuantizeJob.h"

#include "eval/QuantizeSteps.h"

#include "common/Errors.h"
#include "common/Files.h"
#include "common/Log.h"
#include "quant/Int8Kernels.h"
#include "quant/LayerSelection.h"

#include <filesystem>
#include <optional>

#include <unistd.h>

namespace pointq {

namespace {

// Splits a job's progress into consecutive stages with fixed weights.
class StagedProgress {
public:
    explicit StagedProgress(const JobContext& parent) : m_parent(parent) {}

    JobContext stage(double from, double to) const
    {
        JobContext child;
        child.cancel = m_parent.cancel;
        const auto& parent = m_parent;
        child.progress = [&parent, from, to](double fraction, const std::string& name) {
            parent.report(from + (to - from) * fraction, name);
        };
        return child;
    }

private:
    const JobContext& m_parent;
};

std::vector<LayerSummary> summarizeLayers(const QuantizedModel& model, const Calibrator& calibration)
{
    std::vector<LayerSummary> summaries;
    for (const QuantizedLayer& layer : model.layers()) {
        LayerSummary summary;
        summary.name = layer.name;
        if (layer.place.stage >= 0)
            summary.stage = "stage" + std::to_string(layer.place.stage);
        else
            summary.stage = layer.name.rfind("decoder.", 0) == 0 ? "decoder" : "head";
        summary.blockType = layer.place.blockType;
        summary.kind = layerKindName(layer.kind);
        summary.int8 = !layer.keepFloat;
        const auto found = calibration.observations().find(layer.name);
        if (found != calibration.observations().end()) {
            summary.inputMin = found->second.input.minimum();
            summary.inputMax = found->second.input.maximum();
            summary.outputMin = found->second.output.minimum();
            summary.outputMax = found->second.output.maximum();
        }
        summary.inputScale = layer.inputScale;
        summary.outputScale = layer.outputScale;
        summary.inputZeroPoint = layer.inputZeroPoint;
        summary.outputZeroPoint = layer.outputZeroPoint;
        summaries.push_back(summary);
    }
    return summaries;
}

// Checks the job's cancel token after every layer of the quantized model while it
// lives, so that a cancelled evaluation stops within one layer, not one batch.
class QuantizedCancelCheck {
public:
    QuantizedCancelCheck(QuantizedModel& model, const JobContext& context) : m_model(model)
    {
        m_model.setLayerOutputObserver([&context](const QuantizedLayer&, const at::Tensor&) { context.checkCancelled(); });
    }
    ~QuantizedCancelCheck() { m_model.setLayerOutputObserver({}); }
    QuantizedCancelCheck(const QuantizedCancelCheck&) = delete;
    QuantizedCancelCheck& operator=(const QuantizedCancelCheck&) = delete;

private:
    QuantizedModel& m_model;
};

// Runs the INT8 model over the calibration clouds while a meter compares every INT8
// layer with its FP32 weights on the same input.
void measureLayerSqnr(const PointNextClassifier& model, QuantizedModel& quantized, const ModelInputs& inputs,
                      int64_t batchSize, const JobContext& context, std::vector<LayerStatistics>& statistics)
{
    LayerSqnrMeter meter(model.layers());
    const QuantizedCancelCheck cancelCheck(quantized, context);
    quantized.setLayerProbe([&meter](const QuantizedLayer& layer, const at::Tensor& input, const at::Tensor& output) {
        meter.record(layer.name, layer.relu, input, output);
    });
    try {
        predictLogits([&](const ModelInput& input) { return quantized.forward(input); }, inputs, batchSize, context,
                      "measuring per-layer SQNR");
    } catch (...) {
        quantized.setLayerProbe({});
        throw;
    }
    quantized.setLayerProbe({});
    meter.fill(statistics);
}

// The classification branch: evaluates FP32 on every cloud, calibrates on the first
// clouds, converts and evaluates INT8. Progress runs from 0.0 to 0.6.
QuantizedRun quantizeClassifier(QuantizeReport& report, LoadedModel& loaded, const QuantizeJobSettings& settings,
                                const StageContext& stage)
{
    const EvaluationData data = loadEvaluationData(settings.data, loaded.dataset, loaded.args.encoder.inChannels,
                                                   stage(0.0, 0.1));
    report.dataDescription = data.description;
    report.dataFiles = data.files;
    report.syntheticData = data.synthetic;
    report.labelled = data.labelled;
    report.evaluatedClouds = data.inputs.pos.size(0);
    if (data.synthetic)
        report.warnings.push_back("SYNTHETIC data: every figure is measured on generated shapes, not on real clouds");

    auto& model = *loaded.model;
    const JobContext fp32Context = stage(0.1, 0.3);
    CancellableLayerRunner fp32Runner(fp32Context, nullptr);
    const at::Tensor fp32Logits =
        predictLogits([&](const ModelInput& input) { return model.forward(input, &fp32Runner); }, data.inputs,
                      settings.evalBatchSize, fp32Context, "evaluating FP32");

    if (settings.calibrationClouds < 1)
        throw QuantizationError("--calib must be at least 1");
    // Calibration reads the first clouds of another split when one is named, so that the
    // evaluated clouds set no activation range.
    std::optional<EvaluationData> otherSplit;
    if (!settings.calibrationSplit.empty()) {
        DataOptions calibrationData = settings.data;
        calibrationData.split = settings.calibrationSplit;
        calibrationData.limit = settings.calibrationClouds;
        otherSplit = loadEvaluationData(calibrationData, loaded.dataset, loaded.args.encoder.inChannels, stage(0.3, 0.3));
        if (otherSplit->files == data.files && otherSplit->description == data.description)
            throw DataError("--calib-split " + settings.calibrationSplit + " reads the same clouds as the evaluation; "
                                "expected a data set with separate train and test splits",
                            settings.data.path);
        report.calibrationDescription = otherSplit->description;
        report.calibrationFiles = otherSplit->files;
    }
    const ModelInputs& calibrationSource = otherSplit ? otherSplit->inputs : data.inputs;
    report.calibratedClouds = std::min<int64_t>(settings.calibrationClouds, calibrationSource.pos.size(0));
    if (report.calibratedClouds < 1)
        throw DataError("the " + settings.calibrationSplit + " split has no clouds to calibrate on", settings.data.path);
    Calibrator calibrator(settings.quantization.observer, settings.quantization.percentile);
    ModelInputs calibrationInputs;
    calibrationInputs.pos = calibrationSource.pos.slice(0, 0, report.calibratedClouds);
    calibrationInputs.x = calibrationSource.x.slice(0, 0, report.calibratedClouds);
    const JobContext calibrationContext = stage(0.3, 0.4);
    CancellableLayerRunner calibrationRunner(calibrationContext, &calibrator);
    predictLogits([&](const ModelInput& input) { return model.forward(input, &calibrationRunner); }, calibrationInputs,
                  settings.evalBatchSize, calibrationContext, "calibrating");

    stage(0.4, 0.4).report(0.0, "converting to INT8");
    std::unique_ptr<QuantizedModel> quantized =
        QuantizedModel::convert(model, calibrator, settings.quantization, loaded.config.dump());

    at::Tensor int8Logits;
    {
        const JobContext int8Context = stage(0.4, 0.6);
        const QuantizedCancelCheck cancelCheck(*quantized, int8Context);
        int8Logits = predictLogits([&](const ModelInput& input) { return quantized->forward(input); }, data.inputs,
                                   settings.evalBatchSize, int8Context, "evaluating INT8");
    }

    if (data.labelled) {
        report.fp32.metrics = classificationMetrics(fp32Logits, data.inputs.labels);
        report.int8.metrics = classificationMetrics(int8Logits, data.inputs.labels);
    }
    report.top1Agreement = top1Agreement(fp32Logits, int8Logits);
    report.logitSqnrDb = sqnrDb(fp32Logits, int8Logits);
    report.maxLogitDifference = (fp32Logits - int8Logits).abs().max().item<double>();

    report.layerStatistics = collectLayerStatistics(model.layers(), calibrator, settings.histogramBins);
    if (settings.measureLayerSqnr)
        measureLayerSqnr(model, *quantized, calibrationInputs, settings.evalBatchSize, stage(0.6, 0.68),
                         report.layerStatistics);

    return QuantizedRun{std::move(quantized), std::move(calibrator), repeatToBatch(data.inputs, settings.latencyBatchSize)};
}

} // namespace

void addQuantizeWarning(QuantizeReport& report, const std::string& warning)
{
    report.warnings.push_back(warning);
    logWarning("pointq.quant", warning);
}

QuantizeReport runQuantizeJob(const QuantizeJobSettings& settings, const JobContext& context)
{
    std::unique_ptr<QuantizedModel> quantizedModel;
    return runQuantizeJob(settings, context, quantizedModel);
}

QuantizeReport runQuantizeJob(const QuantizeJobSettings& settings, const JobContext& context,
                              std::unique_ptr<QuantizedModel>& quantizedModel)
{
    if (settings.threads < 1)
        throw Error("--threads must be at least 1, got " + std::to_string(settings.threads));
    if (settings.evalBatchSize < 1 || settings.latencyBatchSize < 1)
        throw Error("batch sizes must be at least 1");
    if (settings.timedRuns < 1 || settings.warmupRuns < 0)
        throw Error("--runs must be at least 1 and --warmup at least 0");
    at::set_num_threads(settings.threads);
    torch::NoGradGuard noGrad;
    const StagedProgress progress(context);

    QuantizeReport report;
    report.settings = settings;
    report.system = collectSystemInfo();
    report.pointqVersion = pointqVersion();
    report.availableEngines = availableQuantizedEngines();
    if (report.system.referenceBlas)
        addQuantizeWarning(report, "LibTorch uses the reference BLAS (" + report.system.blas
                                  + "): FP32 is several times slower than with OpenBLAS, so the INT8 speed-up is overstated; "
                                    "run installer/deps.sh or select OpenBLAS with update-alternatives");
    if (report.system.slowBlasKernels)
        addQuantizeWarning(report, "OpenBLAS runs SSE kernels on this CPU although it has AVX2 (" + report.system.blas
                                  + "): FP32 is a few times slower than it could be, so the INT8 speed-up is overstated; "
                                    "unset OPENBLAS_CORETYPE or set it to Haswell or SkylakeX");

    context.report(0.0, "loading the model");
    LoadedModel loaded = loadModel(settings.configPath, settings.overrides, settings.checkpointPath);
    report.configSha256 = loaded.configSha256;
    report.checkpointSha256 = loaded.checkpointSha256;
    if (settings.checkpointPath.empty())
        report.warnings.push_back("no checkpoint: random weights, accuracy figures are meaningless");

    const StageContext stage = [&progress](double from, double to) { return progress.stage(from, to); };
    if (loaded.model->segments() && !settings.calibrationSplit.empty())
        throw ConfigError("--calib-split applies to classifiers; a segmentation model calibrates on the chunks of its scene");
    QuantizedRun run = loaded.args.name == "BasePartSeg" ? quantizePartSegmentationModel(report, loaded, settings, stage)
                       : loaded.model->segments()           ? quantizeSegmentationModel(report, loaded, settings, stage)
                                                            : quantizeClassifier(report, loaded, settings, stage);
    std::unique_ptr<QuantizedModel>& quantized = run.model;
    auto& model = *loaded.model;
    report.engine = quantized->engine();
    report.engineFellBack = quantized->engineFellBack();
    if (report.engineFellBack)
        report.warnings.push_back("onednn is not available: INT8 layers ran on " + report.engine);
    if (quantized->activationQuantMax() < 255)
        report.warnings.push_back(reducedRangeWarning(report.engine));
    report.layers = summarizeLayers(*quantized, run.calibrator);

    if (report.layerStatistics.empty())
        report.layerStatistics = collectLayerStatistics(model.layers(), run.calibrator, settings.histogramBins);
    const ModelInput& timingBatch = run.timingInput;
    const std::vector<LatencyStats> latency = measureLatencyInterleaved(
        {[&] { model.forward(timingBatch); }, [&] { quantized->forward(timingBatch); }}, settings.warmupRuns,
        settings.timedRuns, progress.stage(0.68, 0.98));
    report.fp32.latency = latency[0];
    report.int8.latency = latency[1];
    for (const LatencyStats& stats : latency) {
        if (stats.p90Ms > 1.5 * stats.p10Ms) {
            addQuantizeWarning(report, "latency varied by more than 50% between runs (10th to 90th percentile), so the machine was "
                               "busy; the models ran in alternation, which keeps their ratio fair, but repeat the command "
                               "for steadier absolute times");
            break;
        }
    }
    // A scene chunk is one cloud of its own size, so segmentation times batches of one.
    const int64_t latencyBatch = report.segmentation ? 1 : settings.latencyBatchSize;
    report.fp32.latency.batchSize = latencyBatch;
    report.int8.latency.batchSize = latencyBatch;

    report.fp32.sizeBytes = serializedFloatModelBytes(model);
    if (!settings.outputPath.empty()) {
        quantized->save(settings.outputPath);
        report.int8.sizeBytes = fileSize(settings.outputPath);
    } else {
        const std::string temporary = std::filesystem::temp_directory_path().string() + "/pointq-size-check-"
                                      + std::to_string(::getpid()) + ".pq";
        quantized->save(temporary);
        report.int8.sizeBytes = fileSize(temporary);
        std::filesystem::remove(temporary);
    }
    context.report(1.0, "done");
    quantizedModel = std::move(quantized);
    return report;
}

} // namespace pointq
