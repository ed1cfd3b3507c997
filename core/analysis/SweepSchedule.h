#pragma once

// Internal to the sensitivity sweep: runs the reference passes and configurations of
// every batch on the sweep's workers.

#include "analysis/SweepRunner.h"
#include "common/Progress.h"
#include "eval/Evaluation.h"

#include <vector>

namespace pointq {

/// Logits of the reference passes by batch, the simulation gap sums and the largest cache
/// one batch held.
struct SweepOutputs {
    int64_t activationCacheBytes = 0;
    int64_t geometryCacheBytes = 0;
    std::vector<at::Tensor> fp32;
    std::vector<at::Tensor> quantized;
    std::vector<at::Tensor> simulated; ///< empty when the gap is not measured
    std::vector<GapAccumulator> gaps;
};

/// Runs every batch of `inputs`: sampling and grouping, the two halves of the reference
/// passes, then every configuration, whose logits go to configurations[i].logits in batch
/// order. The tasks of up to two batches are in flight at once. So while the last
/// configurations of a batch run, idle workers start the next batch's reference passes.
/// Configurations that re-run FP32 layers from an early
/// block start first, so that cheap ones fill in at the end. Cancellation is checked
/// before every task; the first error stops all workers and is rethrown.
SweepOutputs runBatches(SweepRunner& sweep, const ModelInputs& inputs, int64_t batchSize,
                        std::vector<SweepConfiguration>& configurations, const JobContext& context);

} // namespace pointq
