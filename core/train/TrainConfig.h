#pragma once

#include "config/Config.h"
#include "data/Transforms.h"

#include <ATen/ATen.h>

#include <string>

namespace pointq {

/// The training recipe of an openpoints classification config: optimizer, schedule,
/// criterion, clipping, batch size and augmentations.
struct TrainRecipe {
    double lr = 0.001;             ///< lr
    double minLr = 0.0;            ///< min_lr; lr / 1000 when null or absent (see parseTrainRecipe)
    double weightDecay = 0.05;     ///< optimizer.weight_decay
    int epochs = 100;              ///< epochs
    int warmupEpochs = 0;          ///< warmup_epochs
    double warmupLr = 1.0e-6;      ///< warmup_lr
    std::string criterion = "CrossEntropy";  ///< criterion_args.NAME
    double labelSmoothing = 0.0;   ///< criterion_args.label_smoothing
    double gradNormClip = 0.0;     ///< grad_norm_clip; 0 disables clipping
    int batchSize = 32;            ///< batch_size
    int numPoints = 1024;          ///< dataset.train.num_points, else num_points
    Augmentation augmentation;     ///< datatransforms.train with datatransforms.kwargs
};

/// Reads the recipe. Throws ConfigError naming the key for an optimizer other than
/// AdamW, a scheduler other than cosine, a criterion other than CrossEntropy or
/// SmoothCrossEntropy, an unimplemented transform, or a non-positive value.
/// NOTE: min_lr null falls back to lr / 1000, a PointQ choice; the scanobjectnn
/// configs' t_max is not read, the cosine runs over `epochs`.
TrainRecipe parseTrainRecipe(const Config& config);

/// Learning rate of an epoch (0-based) for a per-epoch cosine schedule with linear
/// warmup, as timm's CosineLRScheduler (t_initial = epochs, no cycles) gives it:
/// warmupLr + epoch * (lr - warmupLr) / warmupEpochs during warmup, then
/// minLr + (lr - minLr) * (1 + cos(pi * epoch / epochs)) / 2.
double cosineLearningRate(const TrainRecipe& recipe, int epoch, int epochs);

/// Mean loss over a batch. SmoothCrossEntropy is openpoints' smoothed one-hot target:
/// 1 - eps on the label and eps / (classes - 1) on every other class. CrossEntropy
/// uses LibTorch's cross entropy with label_smoothing (eps / classes on every class).
at::Tensor classificationLoss(const TrainRecipe& recipe, const at::Tensor& logits, const at::Tensor& labels);

} // namespace pointq
