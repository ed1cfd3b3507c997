#include "train/TrainStep.h"

#include "eval/Metrics.h"

#include <torch/nn/utils/clip_grad.h>

#include <chrono>

namespace pointq {

torch::optim::AdamW makeOptimizer(torch::nn::Module& model, const TrainRecipe& recipe, double lr)
{
    std::vector<at::Tensor> decay, noDecay;
    for (const auto& item : model.named_parameters(true)) {
        const std::string& name = item.key();
        const bool isBias = name.size() >= 5 && name.compare(name.size() - 5, 5, ".bias") == 0;
        (item.value().dim() <= 1 || isBias ? noDecay : decay).push_back(item.value());
    }
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(lr).weight_decay(recipe.weightDecay)));
    groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(lr).weight_decay(0.0)));
    return torch::optim::AdamW(groups, torch::optim::AdamWOptions(lr));
}

void setLearningRate(torch::optim::AdamW& optimizer, double lr)
{
    for (auto& group : optimizer.param_groups())
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

at::Tensor trainStep(PointNextClassifier& model, torch::optim::AdamW& optimizer, const TrainRecipe& recipe,
                     const ModelInput& input, const at::Tensor& labels, LayerRunner* runner, double* loss)
{
    const at::Tensor logits = model.forward(input, runner);
    const at::Tensor batchLoss = classificationLoss(recipe, logits, labels);
    optimizer.zero_grad();
    batchLoss.backward();
    if (recipe.gradNormClip > 0.0)
        torch::nn::utils::clip_grad_norm_(model.parameters(), recipe.gradNormClip);
    optimizer.step();
    if (loss)
        *loss = batchLoss.item<double>();
    return logits.detach();
}

TrainThroughput measureTrainThroughput(PointNextClassifier& model, const TrainRecipe& recipe, const ModelInput& input,
                                       const at::Tensor& labels, int warmup, int steps)
{
    model.train();
    torch::optim::AdamW optimizer = makeOptimizer(model, recipe, recipe.lr);
    for (int i = 0; i < warmup; ++i)
        trainStep(model, optimizer, recipe, input, labels, nullptr, nullptr);
    std::vector<double> samples;
    for (int i = 0; i < steps; ++i) {
        const auto start = std::chrono::steady_clock::now();
        trainStep(model, optimizer, recipe, input, labels, nullptr, nullptr);
        samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    TrainThroughput result;
    result.batchSize = input.positions.size(0);
    result.threads = at::get_num_threads();
    result.timedSteps = steps;
    result.medianStepMs = percentile(samples, 50);
    result.cloudsPerSecond = result.medianStepMs > 0 ? 1000.0 * static_cast<double>(result.batchSize) / result.medianStepMs : 0.0;
    return result;
}

} // namespace pointq
