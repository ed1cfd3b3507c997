#include "CommandSupport.h"
#include "Commands.h"

#include "common/Errors.h"
#include "common/Resources.h"
#include "eval/Evaluation.h"
#include "quant/QuantizedModel.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace pointq::cli {

namespace {

using Clock = std::chrono::steady_clock;

double elapsedMs(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Times the FP32 model's convolution and linear layers.
class FloatLayerTimer : public LayerRunner {
public:
    at::Tensor run(ConvBlock& block, const at::Tensor& input) override
    {
        const auto start = Clock::now();
        at::Tensor output = block.forwardFloat(input);
        layerMs += elapsedMs(start);
        return output;
    }

    double layerMs = 0.0;
};

} // namespace


int runBench(const std::vector<std::string>& words)
{
    const std::vector<OptionSpec> specs{
        {"cfg", "FILE", "config to benchmark (default: the shipped cfgs/modelnet40ply2048/pointnext-s.yaml)"},
        {"pretrained", "FILE", "checkpoint (default: the bundled trained PointNeXt-S)"},
        {"data", "PATH", "calibration clouds (default: the bundled ModelNet40 HDF5 shapes)"},
        {"batch-sizes", "LIST", "comma-separated batch sizes (default 1,16)"},
        {"threads", "T", "LibTorch threads (default 2)"},
        {"warmup", "N", "untimed runs per measurement (default 3)"},
        {"runs", "N", "timed runs per measurement (default 20)"},
        {"train", "", "time training steps (forward + backward + AdamW) instead of inference; batch sizes default to 16"},
        {"sweep", "", "time the layer sensitivity sweep without caches, with cached activations, and with cached "
                      "activations and geometry (FP32 layers on grouped inputs, then per point), instead of inference; "
                      "the first batch size is the sweep's (default 4)"},
        {"clouds", "N", "--sweep: clouds to sweep (default 256); fewer real clouds are repeated"},
        {"mode", "MODE", "--sweep: only, all-but or both (default)"},
        {"no-groups", "", "--sweep: measure single layers only, not stages, blocks and the head"},
        {"no-uncached", "", "--sweep: leave out the slowest run, the one without caches"},
    };
    if (printHelpIfAsked(words, "pointq bench [options]",
                         "Times FP32, FP32 with batch norm folded, and INT8 forward passes in alternation "
                         "(median over the timed runs) and splits the time between layers and the rest "
                         "(sampling, grouping, pooling, dequantization).",
                         specs))
        return 0;
    const Arguments arguments(words, specs);
    const int threads = applyThreads(arguments);
    const BundledDefaults defaults = findBundledDefaults();
    const std::string cfg = arguments.value("cfg", defaults.parityConfig);
    const std::string checkpoint = arguments.value("pretrained", defaults.parityCheckpoint);
    DataOptions dataOptions;
    dataOptions.path = arguments.value("data", defaults.parityData);
    const int warmup = static_cast<int>(arguments.integer("warmup", 3));
    const int runs = static_cast<int>(arguments.integer("runs", 20));
    std::vector<int64_t> batchSizes;
    for (const auto& item : arguments.list("batch-sizes"))
        batchSizes.push_back(std::stoll(item));
    if (arguments.has("train"))
        return runTrainBench(cfg, arguments.has("cfg") && !arguments.has("pretrained") ? std::string() : checkpoint,
                             arguments.overrides(), dataOptions, batchSizes.empty() ? std::vector<int64_t>{16} : batchSizes,
                             static_cast<int>(arguments.integer("warmup", 1)), static_cast<int>(arguments.integer("runs", 5)));
    if (arguments.has("sweep")) {
        SweepBenchSettings sweep;
        sweep.configPath = cfg;
        sweep.checkpointPath = checkpoint;
        sweep.overrides = arguments.overrides();
        sweep.data = dataOptions;
        sweep.clouds = arguments.integer("clouds", 256);
        if (sweep.clouds < 1)
            throw UsageError("--clouds must be at least 1, got " + arguments.value("clouds"));
        sweep.withUncached = !arguments.has("no-uncached");
        try {
            sweep.sweep.mode = parseSweepMode(arguments.value("mode", "both"));
        } catch (const QuantizationError& error) {
            throw UsageError(error.detail());
        }
        sweep.sweep.groups = !arguments.has("no-groups");
        sweep.sweep.batchSize = batchSizes.empty() ? 4 : batchSizes.front();
        if (sweep.sweep.batchSize < 1)
            throw UsageError("the sweep batch size must be at least 1, got " + std::to_string(sweep.sweep.batchSize));
        return runSweepBench(sweep);
    }
    if (batchSizes.empty())
        batchSizes = {1, 16};

    LoadedModel loaded = loadModel(cfg, arguments.overrides(), checkpoint);
    const JobContext context;
    const EvaluationData data = loadEvaluationData(dataOptions, loaded.dataset, loaded.args.encoder.inChannels, context);
    Calibrator calibrator;
    {
        torch::NoGradGuard noGrad;
        loaded.model->forward(sliceInputs(data.inputs, 0, std::min<int64_t>(32, data.inputs.pos.size(0))), &calibrator);
    }
    auto quantized = QuantizedModel::convert(*loaded.model, calibrator, QuantSettings{}, loaded.config.dump());
    // The same network with batch norm folded and every layer kept in FP32: the
    // fastest FP32 baseline PointQ has, so the INT8 gain is not measured only
    // against unfused eager layers.
    QuantSettings allFloat;
    allFloat.skip = {"encoder", "prediction"};
    auto folded = QuantizedModel::convert(*loaded.model, calibrator, allFloat, loaded.config.dump());

    std::printf("PointQ bench: %s, %lld points, %d threads, engine %s%s, %d warm-up + %d timed runs\n", cfg.c_str(),
                static_cast<long long>(data.inputs.pos.size(1)), threads, quantized->engine().c_str(),
                quantized->engineFellBack() ? " (FALLBACK)" : "", warmup, runs);
    std::printf("INT8: features quantized per point before grouping; INT8-grouped: the grouped float input quantized "
                "per neighbour (the earlier path, same logits)\n");
    std::printf("%6s %10s %12s %15s %10s %9s %11s   %s\n", "batch", "FP32 ms", "FP32-fold ms", "INT8-grouped ms",
                "INT8 ms", "speed-up", "vs folded", "where the time goes (ms per pass)");
    for (const int64_t batch : batchSizes) {
        const ModelInput input = repeatToBatch(data.inputs, batch);
        const std::vector<LatencyStats> latency = measureLatencyInterleaved(
            {[&] { loaded.model->forward(input); }, [&] { folded->forward(input); },
             [&] {
                 quantized->setQuantizeBeforeGrouping(false);
                 quantized->forward(input);
                 quantized->setQuantizeBeforeGrouping(true);
             },
             [&] { quantized->forward(input); }},
            warmup, runs, context);
        const LatencyStats& fp32 = latency[0];
        const LatencyStats& foldedFloat = latency[1];
        const LatencyStats& int8Grouped = latency[2];
        const LatencyStats& int8 = latency[3];

        torch::NoGradGuard noGrad;
        FloatLayerTimer floatTimer;
        auto start = Clock::now();
        loaded.model->forward(input, &floatTimer);
        const double floatTotal = elapsedMs(start);
        const auto timeInt8Pass = [&](bool quantizeBeforeGrouping) {
            LayerTimings timings;
            quantized->setQuantizeBeforeGrouping(quantizeBeforeGrouping);
            quantized->setTimings(&timings);
            const auto passStart = Clock::now();
            quantized->forward(input);
            const double total = elapsedMs(passStart);
            quantized->setTimings(nullptr);
            quantized->setQuantizeBeforeGrouping(true);
            return std::make_pair(timings, total);
        };
        const auto [groupedTimings, groupedTotal] = timeInt8Pass(false);
        const auto [int8Timings, int8Total] = timeInt8Pass(true);
        const auto rest = [](const LayerTimings& timings, double total) {
            return total - timings.int8KernelMs - timings.quantizeMs - timings.floatLayerMs;
        };

        std::printf("%6lld %10.2f %12.2f %15.2f %10.2f %8.2fx %10.2fx   FP32: layers %.1f, rest %.1f | "
                    "INT8-grouped: kernels %.1f, quantize %.1f, rest %.1f | INT8: kernels %.1f, quantize %.1f, "
                    "FP32 layers %.1f, rest %.1f\n",
                    static_cast<long long>(batch), fp32.medianMs, foldedFloat.medianMs, int8Grouped.medianMs,
                    int8.medianMs, fp32.medianMs / int8.medianMs, foldedFloat.medianMs / int8.medianMs,
                    floatTimer.layerMs, floatTotal - floatTimer.layerMs, groupedTimings.int8KernelMs,
                    groupedTimings.quantizeMs, rest(groupedTimings, groupedTotal), int8Timings.int8KernelMs,
                    int8Timings.quantizeMs, int8Timings.floatLayerMs, rest(int8Timings, int8Total));
    }
    std::printf("INT8 quantize: float layer inputs quantized by the layers; the per-point quantization before "
                "grouping counts as rest\n");
    std::printf("size: FP32 state dict %lld bytes; INT8 model file measured by `pointq quantize`\n",
                static_cast<long long>(serializedFloatModelBytes(*loaded.model)));
    return 0;
}

} // namespace pointq::cli
