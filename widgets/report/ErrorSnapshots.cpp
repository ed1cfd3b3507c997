#include "report/ErrorSnapshots.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "eval/PointDiagnostics.h"
#include "model/Classifier.h"
#include "quant/QuantizedModel.h"

namespace pointq::report {

const char* const segmentationSnapshotReason = "Error snapshots are drawn for classification models only.";

namespace {

std::string lastEncoderLayer(const PointNextClassifier& model)
{
    std::string name;
    for (const auto& block : model.layers())
        if (block->place().stage >= 0)
            name = block->layerName();
    return name;
}

// "cloud 1: airplane", counted from 1; the class is the cloud's label when it has one.
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

std::vector<CloudSnapshot> computeSnapshots(PointNextClassifier& floatModel, QuantizedModel& quantized,
                                            const EvaluationData& data, int gravityDim, int count)
{
    std::vector<CloudSnapshot> snapshots;
    const std::string layer = lastEncoderLayer(floatModel);
    const int64_t clouds = std::min<int64_t>(count, data.inputs.pos.size(0));
    for (int64_t i = 0; i < clouds; ++i) {
        PointCloud cloud;
        cloud.positions = data.inputs.pos[i].contiguous();
        // The evaluation clouds are already sampled and normalized, so the model takes them whole.
        PreprocessOptions options;
        options.numPoints = cloud.size();
        options.sampling = Sampling::First;
        options.normalization = Normalization::None;
        options.gravityDim = gravityDim;
        const LayerPointDifference difference = computeLayerPointDifference(floatModel, quantized, cloud, options, layer);
        CloudSnapshot snapshot;
        snapshot.title = cloudTitle(data, i);
        snapshot.layerName = layer;
        const at::Tensor positions = cloud.positions.to(at::kFloat).contiguous();
        snapshot.positions.assign(positions.data_ptr<float>(), positions.data_ptr<float>() + positions.numel());
        const at::Tensor error = difference.cloudDifference.to(at::kFloat).contiguous();
        snapshot.error.assign(error.data_ptr<float>(), error.data_ptr<float>() + error.numel());
        snapshots.push_back(std::move(snapshot));
    }
    return snapshots;
}

} // namespace

void addErrorSnapshots(ReportContent& content, PointNextClassifier& floatModel, QuantizedModel& quantized,
                       const EvaluationData& data, int gravityDim, int count)
{
    at::NoGradGuard noGrad;
    try {
        content.snapshots = computeSnapshots(floatModel, quantized, data, gravityDim, count);
    } catch (const Error& error) {
        content.snapshots.clear();
        content.snapshotAbsentReason = "The per-point error could not be computed: " + std::string(error.what());
        logWarning("pointq.report", content.snapshotAbsentReason);
        return;
    }
    content.snapshotMethod = "Drawn by PointQ's own orthographic projection with QPainter (turned 35 degrees about z, tilted "
                             "25 degrees), the same in `pointq report` and the workbench's export, because the VTK view "
                             "needs an OpenGL display that a headless report run does not have.";
}

} // namespace pointq::report
