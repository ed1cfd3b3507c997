#include "CommandSupport.h"
#include "Commands.h"

#include "analysis/Sensitivity.h"
#include "eval/Evaluation.h"

#include <sys/resource.h>

#include <cmath>
#include <cstdio>

namespace pointq::cli {

namespace {

// The first `count` clouds of inputs, cycling through them again when there are fewer.
ModelInputs repeatClouds(const ModelInputs& inputs, int64_t count)
{
    const at::Tensor order = at::arange(count, at::kLong).remainder(inputs.pos.size(0));
    ModelInputs repeated;
    repeated.pos = inputs.pos.index_select(0, order).contiguous();
    repeated.x = inputs.x.index_select(0, order).contiguous();
    if (inputs.labels.defined())
        repeated.labels = inputs.labels.index_select(0, order);
    return repeated;
}

// Largest difference of any layer's or group's SQNR between two sweeps of the same
// clouds. Two infinite figures count as equal, and a finite against an infinite one
// gives an infinite difference.
double maxSqnrDifference(const SensitivityResult& a, const SensitivityResult& b)
{
    double largest = 0.0;
    const auto compare = [&largest](const OutputFigures& x, const OutputFigures& y) {
        if (x.sqnrDb == y.sqnrDb)
            return;
        largest = std::max(largest, std::abs(x.sqnrDb - y.sqnrDb));
    };
    for (size_t i = 0; i < a.layers.size() && i < b.layers.size(); ++i) {
        compare(a.layers[i].onlyThis, b.layers[i].onlyThis);
        compare(a.layers[i].allButThis, b.layers[i].allButThis);
    }
    for (size_t i = 0; i < a.groups.size() && i < b.groups.size(); ++i) {
        compare(a.groups[i].onlyThis, b.groups[i].onlyThis);
        compare(a.groups[i].allButThis, b.groups[i].allButThis);
    }
    return largest;
}

bool sameTop1Agreement(const SensitivityResult& a, const SensitivityResult& b)
{
    for (size_t i = 0; i < a.layers.size(); ++i)
        if (a.layers[i].onlyThis.top1Agreement != b.layers[i].onlyThis.top1Agreement
            || a.layers[i].allButThis.top1Agreement != b.layers[i].allButThis.top1Agreement)
            return false;
    return a.layers.size() == b.layers.size();
}

// User plus system CPU time of this process so far. On a shared machine it varies less
// than wall time, because waiting for a core is not counted.
double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& time) { return static_cast<double>(time.tv_sec) + 1e-6 * time.tv_usec; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

} // namespace

int runSweepBench(const SweepBenchSettings& bench)
{
    LoadedModel loaded = loadModel(bench.configPath, bench.overrides, bench.checkpointPath);
    DataOptions dataOptions = bench.data;
    dataOptions.limit = bench.clouds;
    const EvaluationData data = loadEvaluationData(dataOptions, loaded.dataset, loaded.args.encoder.inChannels, JobContext{});
    const int64_t realClouds = data.inputs.pos.size(0);
    const ModelInputs inputs = repeatClouds(data.inputs, bench.clouds);

    Calibrator calibration;
    const int64_t calibrationClouds = std::min<int64_t>(32, realClouds);
    predictLogits([&](const ModelInput& input) { return loaded.model->forward(input, &calibration); },
                  ModelInputs{data.inputs.pos.slice(0, 0, calibrationClouds), data.inputs.x.slice(0, 0, calibrationClouds),
                              {}, {}},
                  bench.sweep.batchSize, {}, "calibrating");

    std::printf("PointQ sweep bench: %s, %lld clouds of %lld points, mode %s%s, batch %lld, %d threads, "
                "calibration on %lld clouds\n",
                bench.configPath.c_str(), static_cast<long long>(bench.clouds),
                static_cast<long long>(inputs.pos.size(1)), sweepModeName(bench.sweep.mode),
                bench.sweep.groups ? " with groups" : ", layers only", static_cast<long long>(bench.sweep.batchSize),
                at::get_num_threads(), static_cast<long long>(calibrationClouds));
    std::printf("data: %s\n", data.description.c_str());
    if (realClouds < bench.clouds)
        std::printf("REPEATED: only %lld real clouds were found, so they are cycled to make %lld; the copies are "
                    "identical clouds, which take the same time as new ones\n",
                    static_cast<long long>(realClouds), static_cast<long long>(bench.clouds));

    struct Variant {
        const char* name;
        bool activations;
        bool geometry;
        bool perPoint;
    };
    std::vector<Variant> variants;
    if (bench.withUncached)
        variants.push_back({"uncached (every configuration from the clouds)", false, false, true});
    variants.push_back({"activations cached", true, false, true});
    variants.push_back({"both cached, FP32 layers on grouped inputs", true, true, false});
    variants.push_back({"both cached, FP32 layers per point", true, true, true});

    std::vector<SensitivityResult> results;
    std::printf("%-50s %10s %10s %14s %12s %14s\n", "sweep", "wall s", "CPU s", "configurations", "layers re-run",
                "cache MiB");
    std::vector<double> cpuSeconds;
    for (const Variant& variant : variants) {
        SensitivitySettings settings = bench.sweep;
        settings.cacheActivations = variant.activations;
        settings.cacheGeometry = variant.geometry;
        settings.perPointGrouping = variant.perPoint;
        const double cpuStart = processCpuSeconds();
        results.push_back(runSensitivitySweep(*loaded.model, calibration, inputs, settings, JobContext{}));
        cpuSeconds.push_back(processCpuSeconds() - cpuStart);
        const SensitivityResult& result = results.back();
        const double cacheMiB = static_cast<double>((variant.activations ? result.activationCacheBytes : 0)
                                                    + result.geometryCacheBytes) / 1048576.0;
        std::printf("%-50s %10.1f %10.1f %14lld %11.0f%% %14.1f\n", variant.name, result.sweepSeconds, cpuSeconds.back(),
                    static_cast<long long>(result.configurations), 100.0 * result.rerunFraction, cacheMiB);
        std::fflush(stdout);
    }
    const SensitivityResult& fastest = results.back();
    std::printf("cache of one batch: activations %.1f MiB, sampling and grouping %.1f MiB\n",
                static_cast<double>(fastest.activationCacheBytes) / 1048576.0,
                static_cast<double>(fastest.geometryCacheBytes) / 1048576.0);
    for (size_t i = 0; i + 1 < results.size(); ++i)
        std::printf("%s vs %s: %.2fx the speed (wall), %.2fx (CPU), max SQNR difference %.3g dB, top-1 agreement %s\n",
                    variants.back().name, variants[i].name, results[i].sweepSeconds / fastest.sweepSeconds,
                    cpuSeconds[i] / cpuSeconds.back(), maxSqnrDifference(results[i], fastest),
                    sameTop1Agreement(results[i], fastest) ? "equal" : "DIFFERS");
    return 0;
}

} // namespace pointq::cli
