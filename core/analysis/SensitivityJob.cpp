#include "analysis/SensitivityJob.h"

#include "analysis/PrecisionRunner.h"
#include "common/Errors.h"
#include "common/Log.h"
#include "quant/Int8Kernels.h"
#include "quant/LayerSelection.h"
#include "quant/QuantizedModel.h"

#include <ATen/Parallel.h>

namespace pointq {

namespace {

// Records a warning for the report and logs it.
void addWarning(SensitivityReport& report, const std::string& warning)
{
    report.warnings.push_back(warning);
    logWarning("pointq.analysis", warning);
}

ModelInputs firstClouds(const ModelInputs& inputs, int64_t count)
{
    ModelInputs first;
    first.pos = inputs.pos.slice(0, 0, count);
    first.x = inputs.x.slice(0, 0, count);
    if (inputs.labels.defined())
        first.labels = inputs.labels.slice(0, 0, count);
    return first;
}

// Logits of the quantized model with the named layers kept in FP32, run on LibTorch's
// INT8 kernels through QuantizedModel, independently of the sweep's machinery.
SkipEvaluator kernelEvaluator(const LoadedModel& loaded, const Calibrator& calibration, const ModelInputs& inputs,
                              const SensitivityJobSettings& settings)
{
    return [&loaded, &calibration, &inputs, &settings](const std::vector<std::string>& skip) {
        QuantSettings quantization;
        quantization.skip = skip;
        quantization.engine = settings.sweep.engine;
        const auto quantized = QuantizedModel::convert(*loaded.model, calibration, quantization, {});
        // Padded batches keep one batch shape, as in the sweep; see paddedBatch().
        std::vector<at::Tensor> logits;
        const int64_t total = inputs.pos.size(0);
        const int64_t batchSize = settings.sweep.batchSize;
        for (int64_t begin = 0; begin < total; begin += batchSize) {
            const int64_t end = std::min(total, begin + batchSize);
            logits.push_back(quantized->forward(paddedBatch(inputs, begin, end, batchSize)).slice(0, 0, end - begin));
        }
        return at::cat(logits);
    };
}

// The same with every quantized layer simulated at the sweep's bit width.
SkipEvaluator simulationEvaluator(const LoadedModel& loaded, const Calibrator& calibration, const ModelInputs& inputs,
                                  const SensitivityJobSettings& settings)
{
    auto sequence = std::make_shared<BlockSequence>(*loaded.model, sliceInputs(inputs, 0, 1));
    auto bank = std::make_shared<LayerBank>(
        prepareLayerBank(*loaded.model, *sequence, calibration, settings.sweep.bits, settings.sweep.engine, false));
    auto runner = std::make_shared<PrecisionRunner>(*sequence, *bank);
    return [&loaded, &inputs, &settings, sequence, bank, runner](const std::vector<std::string>& skip) {
        const std::set<std::string> floatLayers = selectLayers(loaded.model->layers(), skip);
        std::vector<LayerPrecision> plan = uniformPlan(sequence->layers().size(), LayerPrecision::Simulated);
        for (size_t position = 0; position < plan.size(); ++position)
            if (floatLayers.count(sequence->layers()[position]->layerName()))
                plan[position] = LayerPrecision::Float;
        return predictLogits(
            [&](const ModelInput& input) {
                runner->beginPass(plan);
                return sequence->run(0, BlockSequence::inputState(input), runner.get());
            },
            inputs, settings.sweep.batchSize, {}, "verifying");
    };
}

void fillProvenance(SensitivityReport& report, const LoadedModel& loaded, const EvaluationData& data)
{
    const SensitivityJobSettings& settings = report.settings;
    Provenance& provenance = report.provenance;
    provenance.configPath = settings.configPath;
    provenance.configSha256 = loaded.configSha256;
    provenance.checkpointPath = settings.checkpointPath;
    provenance.checkpointSha256 = loaded.checkpointSha256;
    provenance.data = data.synthetic ? std::string("SYNTHETIC") : settings.data.path;
    provenance.dataDescription = data.description;
    provenance.dataFiles = data.files;
    provenance.overrides = settings.overrides;
    provenance.availableEngines = availableQuantizedEngines();
    provenance.system = collectSystemInfo();
    provenance.threads = settings.threads;
}

void checkSettings(const SensitivityJobSettings& settings)
{
    if (settings.threads < 1)
        throw QuantizationError("the thread count must be at least 1, got " + std::to_string(settings.threads), {},
                                "--threads");
    if (settings.calibrationClouds < 1)
        throw QuantizationError("calibration needs at least 1 cloud, got " + std::to_string(settings.calibrationClouds),
                                {}, "--calibration");
    checkSimulatedBits(settings.sweep.bits);
}

} // namespace

SensitivityReport runSensitivityJob(const SensitivityJobSettings& settings, const JobContext& context)
{
    checkSettings(settings);
    at::set_num_threads(settings.threads);
    at::NoGradGuard noGrad;
    SensitivityReport report;
    report.settings = settings;
    report.pointqVersion = pointqVersion();

    context.report(0.0, "loading the model");
    const LoadedModel loaded = loadModel(settings.configPath, settings.overrides, settings.checkpointPath);
    if (settings.checkpointPath.empty())
        addWarning(report, "no checkpoint: random weights, so the sensitivities describe an untrained network");
    JobContext loading = context;
    loading.progress = [&context](double fraction, const std::string& stage) { context.report(0.05 * fraction, stage); };
    const EvaluationData data = loadEvaluationData(settings.data, loaded.dataset, loaded.args.encoder.inChannels, loading);
    report.syntheticData = data.synthetic;
    if (data.synthetic)
        addWarning(report, "SYNTHETIC data: every figure is measured on generated shapes, not on real clouds");
    fillProvenance(report, loaded, data);
    if (settings.searchSkipSet && settings.budget.kind == SkipBudget::Kind::AccuracyDrop && !data.labelled)
        throw QuantizationError("an accuracy budget needs labelled clouds and " + data.description
                                    + " has no labels; give --budget-agreement instead",
                                {}, "--budget-oa");

    report.calibratedClouds = std::min<int64_t>(settings.calibrationClouds, data.inputs.pos.size(0));
    Calibrator calibration;
    predictLogits([&](const ModelInput& input) { return loaded.model->forward(input, &calibration); },
                  firstClouds(data.inputs, report.calibratedClouds), settings.sweep.batchSize, {}, "calibrating");
    context.report(0.1, "calibrated");

    JobContext sweeping = context;
    const double sweepShare = settings.searchSkipSet ? 0.7 : 0.9;
    sweeping.progress = [&context, sweepShare](double fraction, const std::string& stage) {
        context.report(0.1 + sweepShare * fraction, stage);
    };
    report.sweep = runSensitivitySweep(*loaded.model, calibration, data.inputs, settings.sweep, sweeping);
    report.provenance.engine = report.sweep.engine;
    report.provenance.engineFellBack = report.sweep.engineFellBack;
    if (report.sweep.engineFellBack)
        addWarning(report, "onednn is not available: INT8 layers ran on " + report.sweep.engine);
    if (report.sweep.settings.bits != 8 || report.sweep.settings.simulate)
        addWarning(report, "figures come from fake quantization in float (" + report.sweep.backend
                               + "), not from INT8 kernels");

    if (settings.searchSkipSet) {
        const at::Tensor fp32Logits = predictLogits([&](const ModelInput& input) { return loaded.model->forward(input); },
                                                    data.inputs, settings.sweep.batchSize, {}, "FP32 reference");
        const bool kernels = settings.sweep.bits == 8 && !settings.sweep.simulate;
        const SkipEvaluator evaluate = kernels ? kernelEvaluator(loaded, calibration, data.inputs, settings)
                                               : simulationEvaluator(loaded, calibration, data.inputs, settings);
        JobContext searching = context;
        searching.progress = [&context](double fraction, const std::string& stage) {
            context.report(0.8 + 0.2 * fraction, stage);
        };
        report.search = searchSkipSet(report.sweep, settings.budget, evaluate, fp32Logits, data.inputs.labels,
                                      report.sweep.backend, searching);
        report.hasSearch = true;
        if (!report.search.met)
            addWarning(report, "no skip set meets the budget " + describeBudget(settings.budget)
                                   + ", not even every layer in FP32");
    }
    context.report(1.0, "done");
    return report;
}

} // namespace pointq
