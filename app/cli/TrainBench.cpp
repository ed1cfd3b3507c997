#include "CommandSupport.h"
#include "Commands.h"

#include "eval/Evaluation.h"
#include "train/TrainConfig.h"
#include "train/TrainStep.h"

#include <cstdio>

namespace pointq::cli {

int runTrainBench(const std::string& configPath, const std::string& checkpointPath,
                  const std::vector<std::string>& overrides, const DataOptions& data,
                  const std::vector<int64_t>& batchSizes, int warmup, int runs)
{
    at::manual_seed(0);
    // Starting from trained weights keeps the batch-norm statistics and gradients realistic.
    LoadedModel loaded = loadModel(configPath, overrides, checkpointPath);
    const TrainRecipe recipe = parseTrainRecipe(loaded.config);
    const EvaluationData clouds = loadEvaluationData(data, loaded.dataset, loaded.args.encoder.inChannels, JobContext{});
    std::printf("PointQ training bench: %s, %lld points, %d threads, forward + backward + AdamW step, "
                "%d warm-up + %d timed steps (median)\n",
                configPath.c_str(), static_cast<long long>(clouds.inputs.pos.size(1)), at::get_num_threads(), warmup, runs);
    std::printf("%6s %14s %12s\n", "batch", "step ms", "clouds/s");
    for (const int64_t batch : batchSizes) {
        if (batch < 2) {
            std::printf("%6lld   skipped: batch norm cannot train on one cloud\n", static_cast<long long>(batch));
            continue;
        }
        const ModelInput input = repeatToBatch(clouds.inputs, batch);
        const at::Tensor order = at::arange(batch, at::kLong).remainder(clouds.inputs.pos.size(0));
        at::Tensor labels = clouds.inputs.labels.index_select(0, order).clamp_min(0);
        labels = labels.remainder(loaded.args.head.numClasses);
        const TrainThroughput throughput = measureTrainThroughput(*loaded.model, recipe, input, labels, warmup, runs);
        std::printf("%6lld %14.1f %12.2f\n", static_cast<long long>(batch), throughput.medianStepMs,
                    throughput.cloudsPerSecond);
    }
    return 0;
}

} // namespace pointq::cli
