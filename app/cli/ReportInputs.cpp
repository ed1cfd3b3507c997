#include "ReportInputs.h"

#include "common/Errors.h"
#include "quant/QuantizedModel.h"
#include "report/ErrorSnapshots.h"

#include <filesystem>
#include <optional>

namespace pointq::cli {

namespace {

std::string joinedFileNames(const std::vector<std::string>& paths)
{
    std::string names;
    for (const auto& path : paths)
        names += (names.empty() ? "" : ", ") + std::filesystem::path(path).filename().string();
    return names;
}

// Reads the first clouds of the split that the quantize run calibrated on. A split that
// the data no longer has, fewer clouds than the run calibrated on, or other files than
// the report recorded are errors, because recalibrating on other clouds would show
// other histograms and errors than the run had.
EvaluationData loadCalibrationSplit(const QuantizeReport& report, DataOptions data, const LoadedModel& loaded,
                                    const JobContext& context)
{
    const std::string& split = report.settings.calibrationSplit;
    const std::string fix = "; give --data the data set of that run";
    data.split = split;
    data.limit = report.calibratedClouds;
    EvaluationData calibration;
    try {
        calibration = loadEvaluationData(data, loaded.dataset, loaded.args.encoder.inChannels, context);
    } catch (const CancelledError&) {
        throw;
    } catch (const Error& error) {
        throw DataError("the quantize run calibrated on the " + split + " split, which cannot be read from this data ("
                            + error.what() + ")" + fix,
                        data.path);
    }
    const int64_t clouds = calibration.inputs.pos.size(0);
    if (clouds < report.calibratedClouds)
        throw DataError("the " + split + " split has " + std::to_string(clouds) + " clouds, but the quantize run calibrated on "
                            + std::to_string(report.calibratedClouds) + fix,
                        data.path);
    // Paths may differ when the data moved, so only the file names must match.
    const std::string found = joinedFileNames(calibration.files);
    const std::string recorded = joinedFileNames(report.calibrationFiles);
    if (!report.calibrationFiles.empty() && found != recorded)
        throw DataError("the " + split + " split reads " + found + ", but the quantize run calibrated on " + recorded + fix,
                        data.path);
    return calibration;
}

} // namespace

void addCalibrationFigures(report::ReportContent& content, LoadedModel& loaded, DataOptions data, int snapshotCount,
                           const JobContext& context)
{
    if (!content.hasQuantize)
        return;
    if (loaded.model->segments()) {
        content.snapshotAbsentReason = report::segmentationSnapshotReason;
        if (content.statistics.empty())
            content.statistics = content.quantize.layerStatistics;
        return;
    }
    const QuantizeReport& quantize = content.quantize;
    const QuantizeJobSettings& settings = quantize.settings;
    const int64_t calibration = std::max<int64_t>(quantize.calibratedClouds, 1);
    const bool otherSplit = !settings.calibrationSplit.empty();
    torch::NoGradGuard noGrad;

    // The evaluated clouds give the snapshots and, without a calibration split, the calibration clouds.
    std::optional<EvaluationData> evaluation;
    if (!otherSplit || snapshotCount > 0) {
        DataOptions evaluated = data;
        evaluated.limit = otherSplit ? snapshotCount : std::max<int64_t>(calibration, snapshotCount);
        evaluation = loadEvaluationData(evaluated, loaded.dataset, loaded.args.encoder.inChannels, context);
    }
    std::optional<EvaluationData> calibrationSplit;
    if (otherSplit)
        calibrationSplit = loadCalibrationSplit(quantize, data, loaded, context);
    const ModelInputs& calibrationSource = otherSplit ? calibrationSplit->inputs : evaluation->inputs;

    auto& model = *loaded.model;
    Calibrator calibrator(settings.quantization.observer, settings.quantization.percentile);
    ModelInputs calibrationInputs;
    const int64_t calibrated = std::min<int64_t>(calibration, calibrationSource.pos.size(0));
    calibrationInputs.pos = calibrationSource.pos.slice(0, 0, calibrated);
    calibrationInputs.x = calibrationSource.x.slice(0, 0, calibrated);
    predictLogits([&](const ModelInput& input) { return model.forward(input, &calibrator); }, calibrationInputs,
                  std::max<int64_t>(settings.evalBatchSize, 1), context, "calibrating for the histograms");
    content.statistics = collectLayerStatistics(model.layers(), calibrator, settings.histogramBins);

    if (snapshotCount <= 0) {
        content.snapshotAbsentReason = "No snapshots were requested (--snapshots 0).";
        return;
    }
    const std::unique_ptr<QuantizedModel> quantized =
        QuantizedModel::convert(model, calibrator, settings.quantization, loaded.config.dump());
    const int64_t shown = std::min<int64_t>(snapshotCount, evaluation->inputs.pos.size(0));
    content.snapshotClouds = "the first " + std::to_string(shown) + " evaluated clouds (" + evaluation->description + ")";
    report::addErrorSnapshots(content, model, *quantized, *evaluation, loaded.dataset.gravityDim, snapshotCount);
}

} // namespace pointq::cli
