#include "CommandSupport.h"
#include "Commands.h"

#include "analysis/SensitivityJob.h"
#include "analysis/SkipFile.h"
#include "common/Files.h"
#include "common/Plural.h"

#include <csignal>
#include <iostream>

namespace pointq::cli {

namespace {

// Ctrl-C cancels the sweep at its next batch or configuration. The command then exits
// with 130 and writes no output file.
CancelToken interruptToken;

extern "C" void onInterrupt(int)
{
    interruptToken.cancel();
}

// Restores the default SIGINT action when the command ends, however it ends.
class InterruptCancels {
public:
    InterruptCancels() { m_previous = std::signal(SIGINT, onInterrupt); }
    ~InterruptCancels() { std::signal(SIGINT, m_previous == SIG_ERR ? SIG_DFL : m_previous); }
    InterruptCancels(const InterruptCancels&) = delete;
    InterruptCancels& operator=(const InterruptCancels&) = delete;

private:
    void (*m_previous)(int) = SIG_DFL;
};

std::vector<OptionSpec> sensitivityOptions()
{
    std::vector<OptionSpec> specs{
        {"cfg", "FILE", "openpoints config (.yaml); each default.yaml above it is applied first"},
        {"pretrained", "FILE", "torch.save checkpoint ({'model': ...}, {'state_dict': ...} or a bare state dict)"},
        {"clouds", "N", "sweep the first N clouds of --data (default: all)"},
        {"calibration", "N", "calibrate activation ranges on the first N clouds (default 32)"},
        {"mode", "MODE", "only (quantize one layer or group, the rest FP32), all-but (quantize all except one) or "
                         "both (default)"},
        {"bits", "B", "bit width, 2 to 16 (default 8); 8 runs LibTorch's INT8 kernels, other widths are simulated by "
                      "fake quantization in float"},
        {"simulate", "", "simulate 8 bits by fake quantization too, instead of running the INT8 kernels"},
        {"no-groups", "", "measure single layers only, not stages, blocks and the head as a whole"},
        {"budget-oa", "PT", "search the smallest FP32 skip set whose overall accuracy is at most PT percentage points "
                            "below FP32 (needs labels)"},
        {"budget-agreement", "PCT", "search the smallest FP32 skip set whose top-1 agreement with FP32 is at least PCT "
                                    "percent"},
        {"engine", "NAME", "quantized engine: auto (default: onednn, else qnnpack), onednn or qnnpack"},
        {"batch-size", "B", "clouds per forward pass (default 4; small batches keep the cached activations small)"},
        {"threads", "T", "threads (default 2): the sweep runs T configurations side by side with one LibTorch thread "
                         "each; calibration and the skip-set runs use T LibTorch threads"},
        {"report", "FILE", "write every figure and its provenance as JSON here"},
        {"csv", "FILE", "write one row per layer and per group as CSV here"},
        {"skip-out", "FILE", "write the skip set the search found as YAML (skip: [name, ...]) here; needs a budget"},
    };
    std::vector<OptionSpec> data;
    for (const auto& spec : dataOptionSpecs())
        if (spec.name != "limit") // --clouds takes its place
            data.push_back(spec);
    specs.insert(specs.begin() + 2, data.begin(), data.end());
    return specs;
}

SkipBudget readBudget(const Arguments& arguments)
{
    SkipBudget budget;
    if (arguments.has("budget-oa") && arguments.has("budget-agreement"))
        throw UsageError("give either --budget-oa or --budget-agreement, not both");
    if (arguments.has("budget-oa")) {
        budget.kind = SkipBudget::Kind::AccuracyDrop;
        budget.value = arguments.number("budget-oa", 0.5);
        if (!(budget.value >= 0.0 && budget.value <= 100.0))
            throw UsageError("--budget-oa is a drop in percentage points between 0 and 100, got "
                             + arguments.value("budget-oa"));
    } else {
        budget.kind = SkipBudget::Kind::Agreement;
        budget.value = arguments.number("budget-agreement", 99.0);
        if (!(budget.value > 0.0 && budget.value <= 100.0))
            throw UsageError("--budget-agreement is a percentage above 0 and at most 100, got "
                             + arguments.value("budget-agreement"));
    }
    return budget;
}

SensitivityJobSettings readSettings(const Arguments& arguments)
{
    requireOption(arguments, "cfg", "the openpoints config of the model");
    SensitivityJobSettings settings;
    settings.configPath = arguments.value("cfg");
    settings.overrides = arguments.overrides();
    settings.checkpointPath = arguments.value("pretrained");
    settings.data = readDataOptions(arguments);
    settings.data.limit = arguments.integer("clouds", 0);
    if (arguments.has("clouds") && settings.data.limit < 1)
        throw UsageError("--clouds must be at least 1, got " + arguments.value("clouds"));
    settings.calibrationClouds = arguments.integer("calibration", 32);
    if (settings.calibrationClouds < 1)
        throw UsageError("--calibration must be at least 1, got " + arguments.value("calibration"));
    try {
        settings.sweep.mode = parseSweepMode(arguments.value("mode", "both"));
    } catch (const QuantizationError& error) {
        throw UsageError(error.detail());
    }
    const int64_t bits = arguments.integer("bits", 8);
    if (bits < 2 || bits > 16)
        throw UsageError("--bits must be between 2 and 16, got " + arguments.value("bits"));
    settings.sweep.bits = static_cast<int>(bits);
    settings.sweep.simulate = arguments.has("simulate");
    settings.sweep.groups = !arguments.has("no-groups");
    settings.sweep.engine = arguments.value("engine", "auto");
    settings.sweep.batchSize = arguments.integer("batch-size", 4);
    if (settings.sweep.batchSize < 1)
        throw UsageError("--batch-size must be at least 1, got " + arguments.value("batch-size"));
    settings.threads = applyThreads(arguments);
    settings.searchSkipSet = arguments.has("budget-oa") || arguments.has("budget-agreement");
    settings.budget = readBudget(arguments);
    if (arguments.has("skip-out") && !settings.searchSkipSet)
        throw UsageError("--skip-out needs a budget to search for: add --budget-oa PT or --budget-agreement PCT");
    return settings;
}

std::vector<std::string> skipFileComment(const SensitivityReport& report)
{
    const SkipSearchResult& search = report.search;
    std::vector<std::string> comment{
        "Layers to keep in FP32, found by `pointq sensitivity` for " + describeBudget(search.budget) + ".",
        "Config " + report.provenance.configPath + ", checkpoint " + report.provenance.checkpointPath + ", "
            + countedNoun(report.sweep.clouds, "cloud", "clouds") + ", " + search.verifiedWith + ".",
        "Read by `pointq quantize --skip-file`.",
    };
    if (!search.met)
        comment.push_back("WARNING: this set does NOT meet the budget.");
    return comment;
}

} // namespace

int runSensitivity(const std::vector<std::string>& words)
{
    const auto specs = sensitivityOptions();
    if (printHelpIfAsked(words,
                         "pointq sensitivity --cfg CFG --pretrained CKPT --data DIR [--budget-oa PT | "
                         "--budget-agreement PCT] [options] [key=value ...]",
                         "Measures how much each layer, stage and block loses when quantized: the logit SQNR, cosine "
                         "similarity and top-1 agreement against FP32 and the change of overall accuracy, all end to "
                         "end. With a budget it searches the smallest set of layers to keep in FP32 and verifies it with "
                         "a run of the quantized model. Ctrl-C cancels.",
                         specs))
        return 0;
    const Arguments arguments(words, specs);
    const SensitivityJobSettings settings = readSettings(arguments);
    const std::string reportPath = arguments.value("report");
    const std::string csvPath = arguments.value("csv");
    const std::string skipPath = arguments.value("skip-out");
    checkOutputPath(reportPath, "report");
    checkOutputPath(csvPath, "csv");
    checkOutputPath(skipPath, "skip-out");

    JobContext context = terminalProgress();
    context.cancel = &interruptToken;
    SensitivityReport report;
    {
        const InterruptCancels interrupts;
        report = runSensitivityJob(settings, context);
    }
    std::cout << sensitivityReportTable(report);
    if (!reportPath.empty()) {
        writeTextFile(reportPath, sensitivityReportJson(report));
        std::cout << "report written to " << reportPath << "\n";
    }
    if (!csvPath.empty()) {
        writeTextFile(csvPath, sensitivityReportCsv(report));
        std::cout << "CSV written to " << csvPath << "\n";
    }
    if (!skipPath.empty()) {
        writeSkipFile(skipPath, report.search.skip, skipFileComment(report));
        std::cout << "skip set written to " << skipPath << "\n";
    }
    return 0;
}

} // namespace pointq::cli
