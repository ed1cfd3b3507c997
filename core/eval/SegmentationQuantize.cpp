// The segmentation branch of runQuantizeJob: one scene, evaluated by voting passes.
#include "eval/QuantizeSteps.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "common/Plural.h"
#include "eval/SegmentationScene.h"

#include <sstream>

namespace pointq {

namespace {

SegmentationScene readJobScene(const QuantizeJobSettings& settings, QuantizeReport& report)
{
    SegmentationScene result = readSegmentationScene(settings.data);
    report.dataFiles = {settings.data.path};
    if (result.formatAmbiguous)
        addQuantizeWarning(report, "the size of " + settings.data.path + " fits more than one .bin layout; it was "
                                       + result.formatNote + ". Pass --lidar-format if that is wrong");
    if (!result.cloud.labels.defined())
        addQuantizeWarning(report, "the scene has no labels, so mIoU and accuracy against ground truth are not "
                                   "measured; the INT8 predictions are scored against the FP32 predictions instead "
                                   "(give labels with --labels)");
    return result;
}

std::string formatMetres(double value)
{
    std::ostringstream text;
    text << value << " m";
    return text.str();
}

} // namespace

QuantizedRun quantizeSegmentationModel(QuantizeReport& report, LoadedModel& loaded, const QuantizeJobSettings& settings,
                                       const StageContext& stage)
{
    auto& model = *loaded.model;
    stage(0.0, 0.05).report(0.0, "reading the scene");
    const SegmentationScene source = readJobScene(settings, report);
    const PointCloud& scene = source.cloud;
    const ScenePlan plan =
        planScene(scene, scenePipelineOptions(loaded.dataset, loaded.args.encoder, settings.data.votes));
    report.segmentation = true;
    report.evaluatedClouds = static_cast<int64_t>(plan.chunks.size());
    const std::string voxels = loaded.dataset.voxelSize > 0.0
                                   ? countedNoun(plan.grid.counts.size(0), "voxel", "voxels") + " of "
                                         + formatMetres(loaded.dataset.voxelSize)
                                   : std::string("no voxel subsampling (the config sets no voxel_size)");
    report.dataDescription = "scene " + settings.data.path + ": " + countedNoun(plan.pointCount, "point", "points") + ", "
                             + voxels + ", " + countedNoun(plan.passes, "voting pass", "voting passes")
                             + (plan.crops > 0 ? ", " + countedNoun(plan.crops, "extra crop", "extra crops") : std::string())
                             + (source.formatNote.empty() ? std::string() : "; " + source.formatNote);
    if (plan.passes < plan.passesForFullCoverage)
        addQuantizeWarning(report, "--votes " + std::to_string(plan.passes) + " feeds fewer passes than the "
                                       + std::to_string(plan.passesForFullCoverage)
                                       + " that cover every point; points never fed take their voxel's mean logits");

    report.calibratedClouds = std::min<int64_t>(settings.calibrationClouds, report.evaluatedClouds);
    if (report.calibratedClouds < 1)
        throw QuantizationError("--calib must be at least 1");
    QuantizedRun run;
    run.calibrator = Calibrator(settings.quantization.observer, settings.quantization.percentile);
    for (int64_t i = 0; i < report.calibratedClouds; ++i) {
        const JobContext context = stage(0.05, 0.2);
        context.checkCancelled();
        CancellableLayerRunner calibrationRunner(context, &run.calibrator);
        model.forward(plan.chunks[static_cast<size_t>(i)].input, &calibrationRunner);
        context.report(static_cast<double>(i + 1) / static_cast<double>(report.calibratedClouds), "calibrating");
    }
    stage(0.2, 0.2).report(0.0, "converting to INT8");
    run.model = QuantizedModel::convert(model, run.calibrator, settings.quantization, loaded.config.dump());

    report.scene = compareSegmentation(model, *run.model, scene, plan, loaded.args.head.numClasses,
                                       loaded.dataset.ignoreIndex, stage(0.2, 0.6));
    report.labelled = report.scene.labelled;
    if (report.scene.labelled) {
        for (auto* measurement : {&report.fp32, &report.int8}) {
            const SegmentationMetrics& metrics = measurement == &report.fp32 ? report.scene.fp32 : report.scene.int8;
            measurement->metrics.overallAccuracy = metrics.overallAccuracy;
            measurement->metrics.meanClassAccuracy = metrics.meanClassAccuracy;
            measurement->metrics.samples = metrics.points;
            measurement->metrics.classesPresent = metrics.classesPresent;
        }
    }
    report.scene.labelsSource = source.labelsSource;
    report.scene.classNames = segmentationClassNames(loaded.dataset.name, loaded.args.head.numClasses);
    report.top1Agreement = report.scene.pointAgreement;
    report.logitSqnrDb = report.scene.logitSqnrDb;
    report.maxLogitDifference = report.scene.maxLogitDifference;
    run.timingInput = plan.chunks.front().input;
    return run;
}

} // namespace pointq
