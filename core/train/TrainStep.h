#pragma once

#include "model/Classifier.h"
#include "train/TrainConfig.h"

#include <torch/optim/adamw.h>

namespace pointq {

/// AdamW over openpoints' two parameter groups: the recipe's weight decay for weights
/// with ndim > 1, none for biases and other one-dimensional parameters.
torch::optim::AdamW makeOptimizer(torch::nn::Module& model, const TrainRecipe& recipe, double lr);

/// Sets the learning rate of every parameter group.
void setLearningRate(torch::optim::AdamW& optimizer, double lr);

/// One optimizer step on a batch: forward (through `runner` when given), loss,
/// backward, gradient-norm clipping when the recipe sets it, and the AdamW update.
/// Returns the logits, detached, and stores the batch loss in `loss`.
at::Tensor trainStep(PointNextClassifier& model, torch::optim::AdamW& optimizer, const TrainRecipe& recipe,
                     const ModelInput& input, const at::Tensor& labels, LayerRunner* runner, double* loss);

/// Training throughput of forward + backward + AdamW step, in clouds per second.
struct TrainThroughput {
    int64_t batchSize = 0;
    int threads = 0;
    int timedSteps = 0;
    double medianStepMs = 0.0;
    double cloudsPerSecond = 0.0;  ///< batchSize / median step time
};

/// Times `steps` training steps on one batch after `warmup` untimed ones. The model is
/// left in training mode with updated weights.
TrainThroughput measureTrainThroughput(PointNextClassifier& model, const TrainRecipe& recipe, const ModelInput& input,
                                       const at::Tensor& labels, int warmup, int steps);

} // namespace pointq
