#include "ReportInputs.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "eval/PointDiagnostics.h"
#include "quant/QuantizedModel.h"

namespace pointq::cli {

namespace {

// The last encoder layer: its per-point output carries the error of the whole encoder.
std::string lastEncoderLayer(const PointNextClassifier& model)
{
    std::string name;
    for (const auto& block : model.layers())
        if (block->place().stage >= 0)
            name = block->layerName();
    return name;
}

std::string cloudTitle(const EvaluationData& data, int64_t index)
{
    std::string title = "cloud " + std::to_string(index + 1);
    if (data.labelled && data.inputs.labels.defined()) {
        const int64_t label = data.inputs.labels[index].item<int64_t>();
        if (label >= 0 && label < static_cast<int64_t>(data.classNames.size()))
            title += ": " + data.classNames[static_cast<size_t>(label)];
    }
    return title;
}

void addSnapshots(report::ReportContent& content, PointNextClassifier& model, QuantizedModel& quantized,
                  const EvaluationData& data, const LoadedModel& loaded, int count)
{
    const std::string layer = lastEncoderLayer(model);
    const int64_t clouds = std::min<int64_t>(count, data.inputs.pos.size(0));
    for (int64_t i = 0; i < clouds; ++i) {
        PointCloud cloud;
        cloud.positions = data.inputs.pos[i].contiguous();
        PreprocessOptions options;
        options.numPoints = cloud.size();
        options.sampling = Sampling::First;
        options.normalization = Normalization::None;
        options.gravityDim = loaded.dataset.gravityDim;
        const LayerPointDifference difference = computeLayerPointDifference(model, quantized, cloud, options, layer);
        report::CloudSnapshot snapshot;
        snapshot.title = cloudTitle(data, i);
        snapshot.layerName = layer;
        const at::Tensor positions = cloud.positions.to(at::kFloat).contiguous();
        snapshot.positions.assign(positions.data_ptr<float>(), positions.data_ptr<float>() + positions.numel());
        const at::Tensor error = difference.cloudDifference.to(at::kFloat).contiguous();
        snapshot.error.assign(error.data_ptr<float>(), error.data_ptr<float>() + error.numel());
        content.snapshots.push_back(std::move(snapshot));
    }
    content.snapshotMethod = "Drawn by PointQ's own orthographic projection with QPainter (turned 35 degrees about z, tilted "
                             "25 degrees), because the VTK view needs an OpenGL display that a headless report run does not have.";
}

} // namespace

void addCalibrationFigures(report::ReportContent& content, LoadedModel& loaded, DataOptions data, int snapshotCount,
                           const JobContext& context)
{
    if (!content.hasQuantize)
        return;
    if (loaded.model->segments()) {
        content.snapshotAbsentReason = "Error snapshots are drawn for classification models only.";
        if (content.statistics.empty())
            content.statistics = content.quantize.layerStatistics;
        return;
    }
    const QuantizeJobSettings& settings = content.quantize.settings;
    const int64_t calibration = std::max<int64_t>(content.quantize.calibratedClouds, 1);
    data.limit = std::max<int64_t>(calibration, snapshotCount);
    torch::NoGradGuard noGrad;
    const EvaluationData evaluation = loadEvaluationData(data, loaded.dataset, loaded.args.encoder.inChannels, context);

    auto& model = *loaded.model;
    Calibrator calibrator(settings.quantization.observer, settings.quantization.percentile);
    ModelInputs calibrationInputs;
    const int64_t calibrated = std::min<int64_t>(calibration, evaluation.inputs.pos.size(0));
    calibrationInputs.pos = evaluation.inputs.pos.slice(0, 0, calibrated);
    calibrationInputs.x = evaluation.inputs.x.slice(0, 0, calibrated);
    predictLogits([&](const ModelInput& input) { return model.forward(input, &calibrator); }, calibrationInputs,
                  std::max<int64_t>(settings.evalBatchSize, 1), context, "calibrating for the histograms");
    content.statistics = collectLayerStatistics(model.layers(), calibrator, settings.histogramBins);

    if (snapshotCount <= 0) {
        content.snapshotAbsentReason = "No snapshots were requested (--snapshots 0).";
        return;
    }
    const std::unique_ptr<QuantizedModel> quantized =
        QuantizedModel::convert(model, calibrator, settings.quantization, loaded.config.dump());
    try {
        addSnapshots(content, model, *quantized, evaluation, loaded, snapshotCount);
    } catch (const Error& error) {
        content.snapshots.clear();
        content.snapshotAbsentReason = "The per-point error could not be computed: " + std::string(error.what());
        logWarning("pointq.report", content.snapshotAbsentReason);
    }
}

} // namespace pointq::cli
