#include "CommandSupport.h"
#include "Commands.h"
#include "ReportInputs.h"

#include "analysis/SkipFile.h"
#include "common/Errors.h"
#include "common/Files.h"
#include "common/SystemInfo.h"
#include "report/ReportExport.h"
#include "report/ReportJsonReader.h"
#include "report/ReportWriter.h"

#include <QGuiApplication>

#include <iostream>
#include <memory>

namespace pointq::cli {

namespace {

std::vector<OptionSpec> reportOptions()
{
    std::vector<OptionSpec> specs{
        {"cfg", "FILE", "openpoints config (.yaml) of the model; each default.yaml above it is applied first"},
        {"pretrained", "FILE", "torch.save checkpoint ({'model': ...}, {'state_dict': ...} or a bare state dict)"},
        {"quantize-report", "FILE", "take the FP32-vs-INT8 figures from this `pointq quantize --report` JSON instead of "
                                    "measuring them; its config and checkpoint SHA-256 must match --cfg and --pretrained"},
        {"sensitivity-report", "FILE", "take the sweep from this `pointq sensitivity --report` JSON instead of running it"},
        {"skip-file", "FILE", "keep the layers a YAML file lists in FP32 (skip: [name, ...]) in the quantize run; not "
                              "with --quantize-report, whose own skip set is used"},
        {"no-sweep", "", "leave out the sensitivity sweep when no --sensitivity-report is given"},
        {"sweep-mode", "MODE", "sweep configurations: only (default: one layer quantized, the rest FP32), all-but or both"},
        {"sweep-groups", "", "also sweep stages, blocks and the head as a whole"},
        {"budget-oa", "PT", "let the sweep search a skip set whose overall accuracy is at most PT percentage points below FP32"},
        {"budget-agreement", "PCT", "let the sweep search a skip set whose top-1 agreement with FP32 is at least PCT percent"},
        {"calib", "N", "calibrate on the first N clouds of --data (default 32; with --quantize-report, the report's N "
                       "clouds of its calibration split)"},
        {"warmup", "N", "untimed runs before timing latency (default 5)"},
        {"runs", "N", "timed runs; the median and 10th/90th percentiles are reported (default 20)"},
        {"threads", "T", "LibTorch threads (default 2)"},
        {"histograms", "N", "histograms of the N most sensitive layers (default 4)"},
        {"snapshots", "N", "clouds drawn coloured by the FP32-INT8 error (default 4; 0 for none)"},
        {"output", "FILE", "write the PDF report here (A4); required"},
        {"json", "FILE", "write the report's figures as JSON here"},
        {"csv", "FILE", "write the report's figures as CSV (section,name,figure,value) here"},
    };
    const auto data = dataOptionSpecs();
    specs.insert(specs.begin() + 2, data.begin(), data.end());
    return specs;
}

// Fonts and QPdfWriter need a QGuiApplication. Without a display platform named by
// the user, the command uses Qt's offscreen platform so it runs on servers.
std::unique_ptr<QGuiApplication> startGuiApplication()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "pointq";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QGuiApplication>(argc, argv);
}

int64_t positiveInteger(const Arguments& arguments, const std::string& name, int64_t fallback, int64_t minimum)
{
    const int64_t value = arguments.integer(name, fallback);
    if (value < minimum)
        throw UsageError("--" + name + " must be at least " + std::to_string(minimum) + ", got " + arguments.value(name));
    return value;
}

QuantizeReport measureQuantization(const Arguments& arguments, const LoadedModel& loaded, const JobContext& context)
{
    QuantizeJobSettings settings;
    settings.configPath = arguments.value("cfg");
    settings.overrides = arguments.overrides();
    settings.checkpointPath = arguments.value("pretrained");
    settings.data = readDataOptions(arguments);
    settings.calibrationClouds = positiveInteger(arguments, "calib", 32, 1);
    if (arguments.has("skip-file"))
        settings.quantization.skip = readSkipFile(arguments.value("skip-file"));
    settings.threads = static_cast<int>(positiveInteger(arguments, "threads", 2, 1));
    settings.warmupRuns = static_cast<int>(positiveInteger(arguments, "warmup", 5, 0));
    settings.timedRuns = static_cast<int>(positiveInteger(arguments, "runs", 20, 1));
    return runQuantizeJob(settings, context);
}

QuantizeReport readQuantization(const Arguments& arguments, const LoadedModel& loaded)
{
    const std::string path = arguments.value("quantize-report");
    if (arguments.has("skip-file"))
        throw UsageError("--skip-file applies to a quantize run; with --quantize-report the report's own skip set is used");
    QuantizeReport report = report::readQuantizeReportJson(path);
    if (report.configSha256 != loaded.configSha256)
        throw Error("the quantize report was measured with a config of SHA-256 " + report.configSha256 + ", but --cfg "
                        + loaded.configPath + " has " + loaded.configSha256 + "; give the config of that run",
                    path);
    if (report.checkpointSha256 != loaded.checkpointSha256)
        throw Error("the quantize report was measured with a checkpoint of SHA-256 " + report.checkpointSha256
                        + ", but --pretrained has " + (loaded.checkpointSha256.empty() ? "none" : loaded.checkpointSha256)
                        + "; give the checkpoint of that run",
                    path);
    return report;
}

SensitivityReport runSweep(const Arguments& arguments, const JobContext& context)
{
    SensitivityJobSettings settings;
    settings.configPath = arguments.value("cfg");
    settings.overrides = arguments.overrides();
    settings.checkpointPath = arguments.value("pretrained");
    settings.data = readDataOptions(arguments);
    settings.calibrationClouds = positiveInteger(arguments, "calib", 32, 1);
    try {
        settings.sweep.mode = parseSweepMode(arguments.value("sweep-mode", "only"));
    } catch (const QuantizationError& error) {
        throw UsageError(error.detail());
    }
    settings.sweep.groups = arguments.has("sweep-groups");
    settings.threads = static_cast<int>(positiveInteger(arguments, "threads", 2, 1));
    if (arguments.has("budget-oa") && arguments.has("budget-agreement"))
        throw UsageError("give either --budget-oa or --budget-agreement, not both");
    settings.searchSkipSet = arguments.has("budget-oa") || arguments.has("budget-agreement");
    if (arguments.has("budget-oa")) {
        settings.budget.kind = SkipBudget::Kind::AccuracyDrop;
        settings.budget.value = arguments.number("budget-oa", 0.5);
    } else if (arguments.has("budget-agreement")) {
        settings.budget.kind = SkipBudget::Kind::Agreement;
        settings.budget.value = arguments.number("budget-agreement", 99.0);
    }
    return runSensitivityJob(settings, context);
}

} // namespace

int runReport(const std::vector<std::string>& words)
{
    const auto specs = reportOptions();
    if (printHelpIfAsked(words,
                         "pointq report --cfg CFG --pretrained CKPT --data DIR --output REPORT.pdf [--quantize-report R.json] "
                         "[--sensitivity-report S.json] [--json OUT.json] [--csv OUT.csv] [options] [key=value ...]",
                         "Writes an A4 PDF report: provenance, the FP32-vs-INT8 summary, latency, size and accuracy charts, "
                         "the layer sensitivity table and chart, histograms of the most sensitive layers, the clouds "
                         "coloured by the FP32-INT8 error, and the skip set. Figures come from the JSON reports when "
                         "given; what is missing is measured: without --quantize-report the model is quantized and "
                         "timed as `pointq quantize` does, without --sensitivity-report the sweep runs (unless "
                         "--no-sweep). Histograms and error snapshots always recalibrate on the run's calibration "
                         "clouds, because the JSON reports do not store the histograms: the first clouds of the split "
                         "that `pointq quantize --calib-split` named, read from --data, else the first evaluated clouds. "
                         "Runs without a display.",
                         specs))
        return 0;
    const Arguments arguments(words, specs);
    requireOption(arguments, "cfg", "the openpoints config of the model");
    requireOption(arguments, "output", "the PDF file to write");
    const std::string outputPath = arguments.value("output");
    const std::string jsonPath = arguments.value("json");
    const std::string csvPath = arguments.value("csv");
    checkOutputPath(outputPath, "output");
    checkOutputPath(jsonPath, "json");
    checkOutputPath(csvPath, "csv");
    const DataOptions data = readDataOptions(arguments);
    const int threads = applyThreads(arguments);
    const auto snapshots = static_cast<int>(positiveInteger(arguments, "snapshots", 4, 0));
    if (arguments.has("sensitivity-report") && (arguments.has("no-sweep") || arguments.has("budget-oa")
                                                || arguments.has("budget-agreement") || arguments.has("sweep-mode")))
        throw UsageError("--sensitivity-report replaces the sweep; leave out --no-sweep, --sweep-mode and the budgets");
    const std::unique_ptr<QGuiApplication> application = startGuiApplication();

    const JobContext context = terminalProgress();
    LoadedModel loaded = loadModel(arguments.value("cfg"), arguments.overrides(), arguments.value("pretrained"));
    report::ReportContent content;
    content.generatedAt = collectSystemInfo().date;
    content.histogramLayers = static_cast<int>(positiveInteger(arguments, "histograms", 4, 0));
    content.hasQuantize = true;
    if (arguments.has("quantize-report")) {
        content.quantize = readQuantization(arguments, loaded);
        content.quantizeSource = "read from " + arguments.value("quantize-report");
    } else {
        content.quantize = measureQuantization(arguments, loaded, context);
        content.quantizeSource = "measured by this pointq report run";
    }
    at::set_num_threads(threads);
    addCalibrationFigures(content, loaded, data, snapshots, context);

    if (arguments.has("sensitivity-report")) {
        content.sensitivity = report::readSensitivityReportJson(arguments.value("sensitivity-report"));
        content.hasSensitivity = true;
        content.sensitivitySource = "read from " + arguments.value("sensitivity-report");
    } else if (arguments.has("no-sweep")) {
        content.sensitivityAbsentReason = "The report was made with --no-sweep.";
    } else {
        content.sensitivity = runSweep(arguments, context);
        content.hasSensitivity = true;
        content.sensitivitySource = "measured by this pointq report run";
    }

    std::cout << quantizeReportTable(content.quantize);
    const int pages = report::ReportWriter(content).writePdf(outputPath);
    std::cout << "PDF report (" << pages << " pages) written to " << outputPath << "\n";
    if (!jsonPath.empty()) {
        writeTextFile(jsonPath, report::reportJson(content));
        std::cout << "JSON written to " << jsonPath << "\n";
    }
    if (!csvPath.empty()) {
        writeTextFile(csvPath, report::reportCsv(content));
        std::cout << "CSV written to " << csvPath << "\n";
    }
    return 0;
}

} // namespace pointq::cli
