#include "train/TrainConfig.h"

#include "common/Errors.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace pointq {

namespace {

double readPositive(const Config& config, const std::string& key, double fallback)
{
    const YAML::Node node = config.find(key);
    if (!node.IsDefined() || node.IsNull())
        return fallback;
    const double value = config.toDouble(node, key);
    if (!(value > 0.0))
        throw config.error(key, "expected a positive number, got " + std::to_string(value));
    return value;
}

double readNonNegative(const Config& config, const std::string& key, double fallback)
{
    const YAML::Node node = config.find(key);
    if (!node.IsDefined() || node.IsNull())
        return fallback;
    const double value = config.toDouble(node, key);
    if (!(value >= 0.0))
        throw config.error(key, "expected a number of at least 0, got " + std::to_string(value));
    return value;
}

std::string lowercase(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

TrainRecipe parseTrainRecipe(const Config& config)
{
    TrainRecipe recipe;
    recipe.lr = readPositive(config, "lr", recipe.lr);
    recipe.minLr = readNonNegative(config, "min_lr", recipe.lr / 1000.0);
    recipe.weightDecay = readNonNegative(config, "optimizer.weight_decay", recipe.weightDecay);
    recipe.epochs = static_cast<int>(readPositive(config, "epochs", recipe.epochs));
    recipe.warmupEpochs = static_cast<int>(readNonNegative(config, "warmup_epochs", 0));
    recipe.warmupLr = readNonNegative(config, "warmup_lr", recipe.warmupLr);
    recipe.gradNormClip = readNonNegative(config, "grad_norm_clip", 0.0);
    recipe.batchSize = static_cast<int>(readPositive(config, "batch_size", recipe.batchSize));
    recipe.numPoints = static_cast<int>(readPositive(
        config, config.has("dataset.train.num_points") ? "dataset.train.num_points" : "num_points", recipe.numPoints));

    const std::string optimizer = config.getString("optimizer.NAME", "adamw");
    if (lowercase(optimizer) != "adamw")
        throw config.error("optimizer.NAME", "PointQ trains with adamw only, got '" + optimizer + "'");
    const YAML::Node sched = config.find("sched");
    if (sched.IsDefined() && !sched.IsNull() && lowercase(config.getString("sched", "cosine")) != "cosine")
        throw config.error("sched", "PointQ trains with the cosine schedule only, got '" + config.getString("sched", "") + "'");

    recipe.criterion = config.getString("criterion_args.NAME", recipe.criterion);
    if (recipe.criterion != "CrossEntropy" && recipe.criterion != "SmoothCrossEntropy")
        throw config.error("criterion_args.NAME", "expected CrossEntropy or SmoothCrossEntropy, got '" + recipe.criterion + "'");
    recipe.labelSmoothing = readNonNegative(config, "criterion_args.label_smoothing", 0.0);
    if (recipe.labelSmoothing >= 1.0)
        throw config.error("criterion_args.label_smoothing", "expected a value below 1");

    recipe.augmentation = Augmentation::fromConfig(config);
    return recipe;
}

double cosineLearningRate(const TrainRecipe& recipe, int epoch, int epochs)
{
    if (epoch < recipe.warmupEpochs)
        return recipe.warmupLr + epoch * (recipe.lr - recipe.warmupLr) / recipe.warmupEpochs;
    constexpr double kPi = 3.14159265358979323846;
    return recipe.minLr + 0.5 * (recipe.lr - recipe.minLr) * (1.0 + std::cos(kPi * epoch / std::max(1, epochs)));
}

at::Tensor classificationLoss(const TrainRecipe& recipe, const at::Tensor& logits, const at::Tensor& labels)
{
    if (recipe.criterion == "SmoothCrossEntropy" && recipe.labelSmoothing > 0.0) {
        const int64_t classes = logits.size(1);
        const double eps = recipe.labelSmoothing;
        at::Tensor target = at::full_like(logits, eps / static_cast<double>(classes - 1));
        target.scatter_(1, labels.unsqueeze(1), 1.0 - eps);
        return -(target * at::log_softmax(logits, 1)).sum(1).mean();
    }
    return at::cross_entropy_loss(logits, labels, {}, at::Reduction::Mean, -100, recipe.labelSmoothing);
}

} // namespace pointq
