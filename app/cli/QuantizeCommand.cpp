#include "CommandSupport.h"
#include "Commands.h"

#include "analysis/SkipFile.h"
#include "common/Files.h"
#include "data/Dataset.h"
#include "eval/QuantizeJob.h"

#include <iostream>

namespace pointq::cli {

namespace {

std::vector<OptionSpec> quantizeOptions()
{
    std::vector<OptionSpec> specs{
        {"cfg", "FILE", "openpoints config (.yaml); each default.yaml above it is applied first"},
        {"pretrained", "FILE", "torch.save checkpoint ({'model': ...}, {'state_dict': ...} or a bare state dict)"},
        {"calib", "N", "calibrate on the first N clouds of --data (default 32)"},
        {"calib-split", "NAME", "calibrate on the first clouds of this split of --data (train or test) instead of the "
                                "evaluated clouds, e.g. train to keep the evaluated test clouds out of calibration"},
        {"skip", "LAYERS", "keep these layers in FP32: names, prefixes (encoder.encoder.1), stage1, stage1.block0, head, decoder, "
                           "block types or globs; comma-separated or repeated",
         true},
        {"skip-file", "FILE", "keep the layers a YAML file lists in FP32 (skip: [name, ...], as `pointq sensitivity "
                              "--skip-out` writes it); adds to --skip"},
        {"observer", "KIND", "activation range observer: minmax (default) or percentile"},
        {"percentile", "P", "percentile of the percentile observer, in percent (default 99.99)"},
        {"engine", "NAME", "quantized engine: auto (default: onednn, else qnnpack), onednn or qnnpack"},
        {"batch-size", "B", "clouds per forward pass during evaluation and calibration (default 16)"},
        {"latency-batch", "B", "clouds per forward pass when timing latency (default 1)"},
        {"threads", "T", "LibTorch threads for every step (default 2)"},
        {"warmup", "N", "untimed runs before timing (default 5)"},
        {"runs", "N", "timed runs; the median and 10th/90th percentiles are reported (default 20)"},
        {"output", "FILE", "write the INT8 model here (.pq); it reloads with `pointq eval --model`"},
        {"report", "FILE", "write every figure as JSON here"},
    };
    const auto data = dataOptionSpecs();
    specs.insert(specs.begin() + 2, data.begin(), data.end());
    return specs;
}

ObserverKind parseObserver(const std::string& name)
{
    if (name == "minmax")
        return ObserverKind::MinMax;
    if (name == "percentile")
        return ObserverKind::Percentile;
    throw UsageError("--observer must be minmax or percentile, got '" + name + "'");
}

} // namespace

int runQuantize(const std::vector<std::string>& words)
{
    const auto specs = quantizeOptions();
    if (printHelpIfAsked(words, "pointq quantize --cfg CFG --pretrained CKPT --data DIR [options] [key=value ...]",
                         "Post-training INT8 quantization: evaluates the FP32 model, calibrates activation ranges, "
                         "converts to LibTorch INT8 kernels, evaluates and times both, and prints a comparison.",
                         specs))
        return 0;
    const Arguments arguments(words, specs);
    requireOption(arguments, "cfg", "the openpoints config of the model");

    QuantizeJobSettings settings;
    settings.configPath = arguments.value("cfg");
    settings.overrides = arguments.overrides();
    settings.checkpointPath = arguments.value("pretrained");
    settings.data = readDataOptions(arguments);
    settings.calibrationClouds = arguments.integer("calib", 32);
    if (arguments.has("calib-split"))
        settings.calibrationSplit = normalizeSplit(arguments.value("calib-split"));
    settings.quantization.skip = arguments.list("skip");
    if (arguments.has("skip-file")) {
        const std::vector<std::string> listed = readSkipFile(arguments.value("skip-file"));
        settings.quantization.skip.insert(settings.quantization.skip.end(), listed.begin(), listed.end());
    }
    settings.quantization.observer = parseObserver(arguments.value("observer", "minmax"));
    settings.quantization.percentile = arguments.number("percentile", 99.99);
    if (!(settings.quantization.percentile > 50.0 && settings.quantization.percentile <= 100.0))
        throw UsageError("--percentile must be above 50 and at most 100");
    settings.quantization.engine = arguments.value("engine", "auto");
    settings.evalBatchSize = arguments.integer("batch-size", 16);
    settings.latencyBatchSize = arguments.integer("latency-batch", 1);
    settings.threads = applyThreads(arguments);
    settings.warmupRuns = static_cast<int>(arguments.integer("warmup", 5));
    settings.timedRuns = static_cast<int>(arguments.integer("runs", 20));
    settings.outputPath = arguments.value("output");
    const std::string reportPath = arguments.value("report");
    checkOutputPath(settings.outputPath, "output");
    checkOutputPath(reportPath, "report");

    const QuantizeReport report = runQuantizeJob(settings, terminalProgress());
    std::cout << quantizeReportTable(report);
    if (!settings.outputPath.empty())
        std::cout << "INT8 model written to " << settings.outputPath << "\n";
    if (!reportPath.empty()) {
        writeTextFile(reportPath, quantizeReportJson(report));
        std::cout << "report written to " << reportPath << "\n";
    }
    return 0;
}

} // namespace pointq::cli
