#include "eval/PointDiagnostics.h"

#include "common/Errors.h"
#include "data/Sample.h"
#include "model/Classifier.h"
#include "quant/QuantizedModel.h"

#include <torch/torch.h>

namespace pointq {

namespace {

struct PreparedInput {
    at::Tensor inputRows;
    ModelInput input;
};

PreparedInput prepareInput(const PointNextClassifier& model, const PointCloud& cloud, const PreprocessOptions& options)
{
    PreparedInput prepared;
    prepared.inputRows = selectPointIndices(cloud.positions, options, cloud.sourceFile);
    const Sample sample{cloud, -1, cloud.sourceFile};
    const ModelInputs inputs = makeModelInputs({sample}, options, model.args().encoder.inChannels);
    prepared.input = ModelInput{inputs.pos, inputs.x};
    return prepared;
}

// The trace's sample and group indices index the points that entered each
// stage, so composing them stage by stage yields rows of the input cloud.
CloudSampling composeSampling(const at::Tensor& inputRows, const std::vector<StageOutput>& trace)
{
    CloudSampling sampling;
    sampling.inputRows = inputRows;
    at::Tensor previousRows = inputRows;
    for (size_t s = 0; s < trace.size(); ++s) {
        const StageOutput& output = trace[s];
        StageSampling stage;
        stage.stage = static_cast<int>(s);
        stage.groupsAll = s > 0 && !output.sampleIndices.defined();
        if (output.sampleIndices.defined())
            stage.centreRows = previousRows.index_select(0, output.sampleIndices[0].to(at::kLong));
        else
            stage.centreRows = previousRows;
        if (output.groupIndices.defined())
            stage.neighbourRows = previousRows.index({output.groupIndices[0].to(at::kLong)});
        previousRows = stage.centreRows;
        sampling.stages.push_back(std::move(stage));
    }
    return sampling;
}

// Runs every block in FP32, as a runner-less forward pass would, and keeps the
// output of one of them.
class RecordingRunner : public LayerRunner {
public:
    explicit RecordingRunner(std::string layerName) : m_layerName(std::move(layerName)) {}

    at::Tensor run(ConvBlock& block, const at::Tensor& input) override
    {
        at::Tensor output = block.forwardFloat(toFloat(input));
        if (block.layerName() == m_layerName)
            m_output = output;
        return output;
    }

    const at::Tensor& output() const { return m_output; }

private:
    std::string m_layerName;
    at::Tensor m_output;
};

// Clears the quantized model's observer on every exit path, because it captures locals.
class ObserverGuard {
public:
    ObserverGuard(QuantizedModel& model, QuantizedModel::LayerOutputObserver observer) : m_model(model)
    {
        m_model.setLayerOutputObserver(std::move(observer));
    }
    ~ObserverGuard() { m_model.setLayerOutputObserver({}); }
    ObserverGuard(const ObserverGuard&) = delete;
    ObserverGuard& operator=(const ObserverGuard&) = delete;

private:
    QuantizedModel& m_model;
};

const ConvBlock& findEncoderLayer(const PointNextClassifier& model, const std::string& layerName)
{
    for (const auto& block : model.layers()) {
        if (block->layerName() != layerName)
            continue;
        if (block->place().stage < 0)
            throw QuantizationError("layer " + layerName +
                                    " belongs to the classification head, whose outputs are per cloud, not per "
                                    "point; choose an encoder layer");
        return *block;
    }
    throw QuantizationError("the model has no layer named " + layerName +
                            "; expected an encoder layer name such as " + model.layers().front()->layerName());
}

// Reduces (1, C, M) or (1, C, M, K) to one L2 norm per point M; a group-all
// stage's (1, C, 1, M) has its points on the last axis.
at::Tensor normPerPoint(const at::Tensor& values, bool groupsAll)
{
    const at::Tensor squared = values.to(at::kDouble).pow(2);
    at::Tensor sums;
    if (values.dim() == 3)
        sums = squared.sum({1});
    else if (groupsAll)
        sums = squared.sum({1, 2});
    else
        sums = squared.sum({1, 3});
    return sums[0].sqrt().to(at::kFloat);
}

} // namespace

CloudSampling traceCloudSampling(PointNextClassifier& model, const PointCloud& cloud, const PreprocessOptions& options)
{
    at::NoGradGuard noGrad;
    const PreparedInput prepared = prepareInput(model, cloud, options);
    std::vector<StageOutput> trace;
    model.forward(prepared.input, nullptr, &trace);
    return composeSampling(prepared.inputRows, trace);
}

LayerPointDifference computeLayerPointDifference(PointNextClassifier& floatModel, QuantizedModel& quantizedModel,
                                                 const PointCloud& cloud, const PreprocessOptions& options,
                                                 const std::string& layerName)
{
    at::NoGradGuard noGrad;
    const ConvBlock& block = findEncoderLayer(floatModel, layerName);
    const PreparedInput prepared = prepareInput(floatModel, cloud, options);

    RecordingRunner floatRunner(layerName);
    std::vector<StageOutput> trace;
    floatModel.forward(prepared.input, &floatRunner, &trace);

    at::Tensor quantizedOutput;
    {
        ObserverGuard guard(quantizedModel, [&](const QuantizedLayer& layer, const at::Tensor& output) {
            if (layer.name == layerName)
                quantizedOutput = toFloat(output);
        });
        quantizedModel.forward(prepared.input);
    }
    const at::Tensor& floatOutput = floatRunner.output();
    if (!floatOutput.defined() || !quantizedOutput.defined())
        throw QuantizationError("layer " + layerName + " did not run in the " +
                                (floatOutput.defined() ? "quantized" : "FP32") + " model");
    if (floatOutput.sizes() != quantizedOutput.sizes())
        throw QuantizationError("layer " + layerName + " has different output shapes in the FP32 and the quantized "
                                "model; the quantized model was converted from another config");

    const CloudSampling sampling = composeSampling(prepared.inputRows, trace);
    const StageSampling& stage = sampling.stages.at(static_cast<size_t>(block.place().stage));

    LayerPointDifference result;
    result.layerName = layerName;
    result.stage = stage.stage;
    result.pointRows = stage.centreRows;
    result.pointDifference = normPerPoint(floatOutput - quantizedOutput, stage.groupsAll);
    result.pointReference = normPerPoint(floatOutput, stage.groupsAll);
    if (result.pointDifference.size(0) != result.pointRows.size(0))
        throw QuantizationError("layer " + layerName + " outputs " + std::to_string(result.pointDifference.size(0)) +
                                " points but stage " + std::to_string(stage.stage) + " has " +
                                std::to_string(result.pointRows.size(0)));

    const at::Tensor layerPositions = cloud.positions.index_select(0, result.pointRows);
    result.cloudDifference = result.pointDifference.index_select(0, nearestPointIndices(cloud.positions, layerPositions));
    return result;
}

at::Tensor nearestPointIndices(const at::Tensor& cloudPositions, const at::Tensor& pointPositions)
{
    if (pointPositions.size(0) == 0)
        throw DataError("cannot find nearest points among an empty set of points");
    // Exact distances (no matrix-product expansion) so that equal distances
    // compare equal and argmin's first-index rule decides ties.
    constexpr int64_t chunkRows = 8192;
    constexpr int64_t exactDistances = 2;
    const at::Tensor points = pointPositions.to(at::kFloat).contiguous();
    std::vector<at::Tensor> parts;
    for (int64_t begin = 0; begin < cloudPositions.size(0); begin += chunkRows) {
        const at::Tensor chunk = cloudPositions.slice(0, begin, begin + chunkRows).to(at::kFloat).contiguous();
        parts.push_back(at::cdist(chunk, points, 2.0, exactDistances).argmin(1));
    }
    if (parts.empty())
        return at::empty({0}, at::kLong);
    return at::cat(parts);
}

} // namespace pointq
