#include "train/TrainData.h"

#include "common/Errors.h"
#include "data/Dataset.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace pointq {

namespace {

CloudSet readSplit(const std::string& spec, const std::string& split, int64_t numPoints, int gravityDim,
                   const JobContext& context, TrainingData* info)
{
    DatasetOptions datasetOptions;
    datasetOptions.split = split;
    const std::unique_ptr<Dataset> dataset = openDataset(spec, datasetOptions);
    if (dataset->size() == 0)
        throw DataError("the " + split + " split has no clouds", spec);
    if (dataset->classNames().empty())
        throw DataError("the " + split + " split has no class labels; training needs a labelled data set", spec);

    PreprocessOptions preprocess = dataset->preprocessOptions(numPoints);
    preprocess.gravityDim = gravityDim;
    std::vector<Sample> samples;
    samples.reserve(dataset->size());
    for (size_t i = 0; i < dataset->size(); ++i) {
        context.checkCancelled();
        samples.push_back(dataset->get(i));
        context.report(static_cast<double>(i + 1) / static_cast<double>(dataset->size()), "reading " + split + " clouds");
    }
    // in_channels 3 here: only positions are kept, features are rebuilt after augmentation.
    const ModelInputs inputs = makeModelInputs(samples, preprocess, 3);
    if (info != nullptr) {
        info->classNames = dataset->classNames();
        info->description = dataset->description();
        info->synthetic = dataset->isSynthetic();
    }
    return CloudSet{inputs.pos.contiguous(), inputs.labels.contiguous()};
}

} // namespace

CloudSet CloudSet::select(const at::Tensor& indices) const
{
    return CloudSet{positions.index_select(0, indices).contiguous(), labels.index_select(0, indices).contiguous()};
}

TrainingData loadTrainingData(const TrainDataOptions& options, const JobContext& context)
{
    if (!(options.validationFraction >= 0.0 && options.validationFraction < 1.0))
        throw ConfigError("the validation fraction must be at least 0 and below 1, got "
                          + std::to_string(options.validationFraction));
    TrainingData data;
    const CloudSet all = readSplit(options.spec, "train", options.numPoints, options.gravityDim, context, &data);
    data.test = readSplit(options.spec, "test", options.numPoints, options.gravityDim, context, nullptr);

    const int64_t total = all.size();
    int64_t heldOut = static_cast<int64_t>(std::llround(options.validationFraction * static_cast<double>(total)));
    if (options.validationFraction > 0.0)
        heldOut = std::max<int64_t>(heldOut, 1);
    if (heldOut >= total)
        throw DataError("a validation fraction of " + std::to_string(options.validationFraction) + " leaves no training cloud out of "
                            + std::to_string(total),
                        options.spec);
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(options.seed ^ 0x5eedull);
    const at::Tensor order = at::randperm(total, generator, at::kLong);
    data.validation = all.select(order.slice(0, 0, heldOut));
    data.train = all.select(order.slice(0, heldOut, total));
    return data;
}

at::Tensor featuresFromPositions(const at::Tensor& positions, int64_t inChannels, int gravityDim)
{
    const at::Tensor transposed = positions.transpose(1, 2).contiguous();
    if (inChannels == 3)
        return transposed;
    if (inChannels == 4) {
        const at::Tensor up = positions.select(2, gravityDim);
        const at::Tensor heights = up - std::get<0>(up.min(1, true));
        return at::cat({transposed, heights.unsqueeze(1)}, 1).contiguous();
    }
    throw ConfigError("training supports encoder in_channels 3 (x = pos) or 4 (pos and heights), got "
                          + std::to_string(inChannels),
                      {}, "key model.encoder_args.in_channels");
}

at::Tensor augmentBatch(const at::Tensor& positions, const Augmentation& augmentation, at::Generator& generator)
{
    if (augmentation.names().empty())
        return positions;
    std::vector<at::Tensor> clouds;
    clouds.reserve(static_cast<size_t>(positions.size(0)));
    for (int64_t i = 0; i < positions.size(0); ++i)
        clouds.push_back(augmentation.apply(positions[i], generator));
    return at::stack(clouds).contiguous();
}

} // namespace pointq
