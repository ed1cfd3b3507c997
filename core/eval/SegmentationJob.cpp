#include "eval/SegmentationJob.h"

#include "common/Errors.h"
#include "eval/Evaluation.h"
#include "eval/Metrics.h"
#include "quant/QuantizedModel.h"

namespace pointq {

ScenePipelineOptions scenePipelineOptions(const DatasetArgs& dataset, const EncoderArgs& encoder, int64_t votes)
{
    ScenePipelineOptions options;
    options.voxelSize = dataset.voxelSize;
    options.voxelMax = dataset.voxelMax;
    options.maxPasses = votes;
    options.transforms = dataset.valTransforms;
    options.featureKeys = dataset.featureKeys;
    options.gravityDim = dataset.gravityDim;
    options.inChannels = encoder.inChannels;
    for (const int stride : encoder.strides)
        options.minimumPoints *= stride;
    return options;
}

SegmentationComparison compareSegmentation(PointNextClassifier& model, QuantizedModel& quantized,
                                           const PointCloud& scene, const ScenePlan& plan, int64_t classCount,
                                           int64_t ignoreIndex, const JobContext& context)
{
    torch::NoGradGuard noGrad;
    SegmentationComparison result;
    result.sceneFile = scene.sourceFile;
    result.points = plan.pointCount;
    result.voxels = plan.grid.counts.defined() ? plan.grid.counts.size(0) : plan.pointCount;
    result.passes = plan.passes;
    result.passesForFullCoverage = plan.passesForFullCoverage;
    result.crops = plan.crops;
    result.classCount = classCount;
    result.positions = scene.positions;

    JobContext fp32Context = context;
    fp32Context.progress = [&context](double fraction, const std::string& stage) { context.report(0.5 * fraction, stage); };
    JobContext int8Context = context;
    int8Context.progress = [&context](double fraction, const std::string& stage) {
        context.report(0.5 + 0.5 * fraction, stage);
    };
    // Both models check the cancel token before every layer, so a cancelled job stops
    // within one layer rather than one chunk of up to a whole scene.
    CancellableLayerRunner fp32Runner(fp32Context, nullptr);
    const ScenePrediction fp32 = predictScene([&](const ModelInput& input) { return model.forward(input, &fp32Runner); },
                                              plan, fp32Context, "evaluating FP32 on the scene");
    quantized.setLayerOutputObserver(
        [&int8Context](const QuantizedLayer&, const at::Tensor&) { int8Context.checkCancelled(); });
    ScenePrediction int8;
    try {
        int8 = predictScene([&](const ModelInput& input) { return quantized.forward(input); }, plan, int8Context,
                            "evaluating INT8 on the scene");
    } catch (...) {
        quantized.setLayerOutputObserver({});
        throw;
    }
    quantized.setLayerOutputObserver({});
    result.uncoveredPoints = fp32.uncoveredPoints;
    result.fp32Labels = fp32.labels;
    result.int8Labels = int8.labels;
    result.pointAgreement = pointAgreement(fp32.labels, int8.labels);
    result.logitSqnrDb = sqnrDb(fp32.logits, int8.logits);
    result.maxLogitDifference = (fp32.logits - int8.logits).abs().max().item<double>();

    ConfusionMatrix flips(classCount);
    flips.add(int8.labels, fp32.labels);
    result.int8AgainstFp32 = segmentationMetrics(flips);

    if (scene.labels.defined() && scene.labels.ge(0).any().item<bool>()) {
        result.labelled = true;
        result.groundTruth = scene.labels;
        ConfusionMatrix fp32Matrix(classCount);
        fp32Matrix.add(fp32.labels, scene.labels, ignoreIndex);
        ConfusionMatrix int8Matrix(classCount);
        int8Matrix.add(int8.labels, scene.labels, ignoreIndex);
        result.fp32 = segmentationMetrics(fp32Matrix);
        result.int8 = segmentationMetrics(int8Matrix);
    }
    return result;
}

SegmentationComparison predictSceneLabels(PointNextClassifier& model, QuantizedModel& quantized,
                                          const PointCloud& scene, const DatasetArgs& dataset, int64_t votes,
                                          const JobContext& context)
{
    if (!model.segments())
        throw ConfigError("the model is " + model.args().name + ", not a segmentation model (BaseSeg)");
    const ScenePlan plan = planScene(scene, scenePipelineOptions(dataset, model.args().encoder, votes));
    return compareSegmentation(model, quantized, scene, plan, model.args().head.numClasses, dataset.ignoreIndex,
                               context);
}

} // namespace pointq
