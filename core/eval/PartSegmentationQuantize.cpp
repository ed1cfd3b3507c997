// The part segmentation branch of runQuantizeJob and its report sections.
#include "eval/PartSegmentationJob.h"
#include "common/Plural.h"
#include "eval/QuantizeSteps.h"

#include "common/Errors.h"
#include "common/Json.h"
#include "common/Log.h"
#include "data/ShapeNetPart.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace pointq {

namespace {

std::vector<PartShape> readShapes(const ShapeNetPartData& data, int64_t count, const JobContext& context)
{
    std::vector<PartShape> shapes;
    shapes.reserve(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
        context.checkCancelled();
        shapes.push_back(data.get(static_cast<size_t>(i)));
        context.report(static_cast<double>(i + 1) / static_cast<double>(count), "reading shapes");
    }
    return shapes;
}

// Runs forward over the shapes in batches and concatenates the (S, 50, N) logits.
at::Tensor predictPartLogits(const std::function<at::Tensor(const ModelInput&)>& forward,
                             const std::vector<PartBatch>& batches, const JobContext& context, const char* what)
{
    std::vector<at::Tensor> logits;
    for (size_t i = 0; i < batches.size(); ++i) {
        context.checkCancelled();
        logits.push_back(forward(batches[i].input));
        context.report(static_cast<double>(i + 1) / static_cast<double>(batches.size()), what);
    }
    return at::cat(logits, 0);
}

void writePartMetrics(JsonWriter& json, const std::string& key, const PartSegmentationMetrics& metrics,
                      const std::vector<std::string>& names)
{
    json.beginObject(key)
        .value("instance_miou", metrics.instanceMeanIoU)
        .value("class_miou", metrics.classMeanIoU)
        .value("shapes", metrics.shapes);
    json.beginArray("category_iou");
    for (size_t c = 0; c < metrics.categoryIoU.size(); ++c) {
        json.beginObject().value("category", static_cast<int64_t>(c));
        if (c < names.size())
            json.value("name", names[c]);
        json.value("iou", metrics.categoryIoU[c]).endObject();
    }
    json.endArray().endObject();
}

std::string row(const std::string& name, const std::string& a, const std::string& b, const std::string& c,
                const std::string& d)
{
    char buffer[256];
    std::snprintf(buffer, sizeof(buffer), "  %-22s %10s %10s %10s %14s\n", name.c_str(), a.c_str(), b.c_str(),
                  c.c_str(), d.c_str());
    return buffer;
}

} // namespace

QuantizedRun quantizePartSegmentationModel(QuantizeReport& report, LoadedModel& loaded,
                                           const QuantizeJobSettings& settings, const StageContext& stage)
{
    auto& model = *loaded.model;
    const DataOptions& dataOptions = settings.data;
    if (dataOptions.synthetic)
        throw DataError("part segmentation models are measured on ShapeNetPart shapes; pass --data with a "
                        "shapenetcore_partanno_segmentation_benchmark_v0_normal folder instead of --synthetic");
    if (dataOptions.path.empty() || !isShapeNetPartFolder(dataOptions.path))
        throw DataError("BasePartSeg models need a ShapeNetPart folder (shapenetcore_partanno_segmentation_"
                        "benchmark_v0_normal layout, with synsetoffset2category.txt) as --data",
                        dataOptions.path);

    stage(0.0, 0.02).report(0.0, "listing shapes");
    const ShapeNetPartData data(dataOptions.path, dataOptions.split);
    int64_t count = static_cast<int64_t>(data.size());
    if (dataOptions.limit > 0)
        count = std::min(count, dataOptions.limit);
    const std::vector<PartShape> shapes = readShapes(data, count, stage(0.02, 0.1));

    PartInputOptions input;
    input.numPoints = loaded.dataset.numPoints > 0 ? loaded.dataset.numPoints : 2048;
    input.furthestPointSampling = loaded.dataset.presample;
    input.gravityDim = loaded.dataset.gravityDim;
    input.featureKeys = loaded.dataset.featureKeys;
    input.inChannels = loaded.args.encoder.inChannels;

    PartSegmentationComparison& parts = report.parts;
    parts.categoryNames = data.categoryNames();
    parts.shapes = count;
    parts.pointsPerShape = input.numPoints;
    std::vector<PartBatch> batches;
    for (int64_t begin = 0; begin < count; begin += settings.evalBatchSize) {
        const int64_t end = std::min(count, begin + settings.evalBatchSize);
        int64_t repeated = 0;
        batches.push_back(makePartBatch({shapes.begin() + begin, shapes.begin() + end}, input, &repeated));
        parts.repeatedShapes += repeated;
    }
    report.partSegmentation = true;
    report.labelled = true;
    report.evaluatedClouds = count;
    std::vector<std::string> files = data.files();
    files.resize(static_cast<size_t>(count));
    report.dataFiles = files;
    report.dataDescription = data.description() + "; " + std::to_string(count) + " evaluated, "
                             + std::to_string(input.numPoints) + " points each by "
                             + (input.furthestPointSampling ? "furthest point sampling (dataset.val.presample)"
                                                            : "taking the first rows");
    if (parts.repeatedShapes > 0)
        addQuantizeWarning(report, countedNoun(parts.repeatedShapes, "shape has", "shapes have") + " fewer than "
                                       + std::to_string(input.numPoints)
                                       + " points and were padded by repeating their rows");
    addQuantizeWarning(report, "part predictions are the argmax over all 50 part logits without openpoints' "
                               "optional refinement (cfg refine), so mIoU can be slightly below openpoints' figure");

    // The layer runners check the cancel token before every layer, so Cancel stops within a layer.
    const JobContext fp32Context = stage(0.1, 0.3);
    CancellableLayerRunner fp32Runner(fp32Context, nullptr);
    const at::Tensor fp32Logits = predictPartLogits(
        [&](const ModelInput& in) { return model.forward(in, &fp32Runner); }, batches, fp32Context, "evaluating FP32");

    report.calibratedClouds = std::min<int64_t>(settings.calibrationClouds, count);
    if (report.calibratedClouds < 1)
        throw QuantizationError("--calib must be at least 1");
    QuantizedRun run;
    run.calibrator = Calibrator(settings.quantization.observer, settings.quantization.percentile);
    const JobContext calibration = stage(0.3, 0.4);
    CancellableLayerRunner calibrationRunner(calibration, &run.calibrator);
    for (int64_t begin = 0; begin < report.calibratedClouds; begin += settings.evalBatchSize) {
        calibration.checkCancelled();
        const int64_t end = std::min(report.calibratedClouds, begin + settings.evalBatchSize);
        const PartBatch batch =
            makePartBatch({shapes.begin() + begin, shapes.begin() + end}, input);
        model.forward(batch.input, &calibrationRunner);
        calibration.report(static_cast<double>(end) / static_cast<double>(report.calibratedClouds), "calibrating");
    }
    stage(0.4, 0.4).report(0.0, "converting to INT8");
    run.model = QuantizedModel::convert(model, run.calibrator, settings.quantization, loaded.config.dump());
    QuantizedModel& quantized = *run.model;
    const JobContext int8Context = stage(0.4, 0.6);
    quantized.setLayerOutputObserver([&int8Context](const QuantizedLayer&, const at::Tensor&) {
        int8Context.checkCancelled();
    });
    at::Tensor int8Logits;
    try {
        int8Logits = predictPartLogits([&](const ModelInput& in) { return quantized.forward(in); }, batches,
                                       int8Context, "evaluating INT8");
    } catch (...) {
        quantized.setLayerOutputObserver({});
        throw;
    }
    quantized.setLayerOutputObserver({});

    std::vector<at::Tensor> labels, categories, positions;
    for (const PartBatch& batch : batches) {
        labels.push_back(batch.labels);
        categories.push_back(batch.categories);
        positions.push_back(batch.positions);
    }
    parts.groundTruth = at::cat(labels, 0);
    parts.categories = at::cat(categories, 0);
    parts.positions = at::cat(positions, 0);
    parts.fp32Labels = fp32Logits.argmax(1);
    parts.int8Labels = int8Logits.argmax(1);
    const auto& partsOfCategory = shapeNetPartParts();
    parts.fp32 = partSegmentationMetrics(parts.fp32Labels, parts.groundTruth, parts.categories, partsOfCategory);
    parts.int8 = partSegmentationMetrics(parts.int8Labels, parts.groundTruth, parts.categories, partsOfCategory);
    parts.int8AgainstFp32 = partSegmentationMetrics(parts.int8Labels, parts.fp32Labels, parts.categories, partsOfCategory);
    parts.pointAgreement = pointAgreement(parts.fp32Labels, parts.int8Labels);
    parts.logitSqnrDb = sqnrDb(fp32Logits, int8Logits);
    parts.maxLogitDifference = (fp32Logits - int8Logits).abs().max().item<double>();

    // The summary rows hold the per-point accuracy over the 50 parts; the mIoU figures are in
    // the part section.
    for (auto* measurement : {&report.fp32, &report.int8}) {
        ConfusionMatrix matrix(static_cast<int64_t>(50));
        matrix.add(measurement == &report.fp32 ? parts.fp32Labels : parts.int8Labels, parts.groundTruth);
        const SegmentationMetrics metrics = segmentationMetrics(matrix);
        measurement->metrics.overallAccuracy = metrics.overallAccuracy;
        measurement->metrics.meanClassAccuracy = metrics.meanClassAccuracy;
        measurement->metrics.samples = metrics.points;
        measurement->metrics.classesPresent = metrics.classesPresent;
    }
    report.top1Agreement = parts.pointAgreement;
    report.logitSqnrDb = parts.logitSqnrDb;
    report.maxLogitDifference = parts.maxLogitDifference;
    // Latency is timed on settings.latencyBatchSize shapes, repeating shapes when fewer were read.
    std::vector<PartShape> timingShapes;
    for (int64_t i = 0; i < settings.latencyBatchSize; ++i)
        timingShapes.push_back(shapes[static_cast<size_t>(i % count)]);
    run.timingInput = makePartBatch(timingShapes, input).input;
    return run;
}

void writePartSegmentationJson(JsonWriter& json, const PartSegmentationComparison& parts)
{
    json.beginObject("part_segmentation")
        .value("shapes", parts.shapes)
        .value("points_per_shape", parts.pointsPerShape)
        .value("padded_shapes", parts.repeatedShapes)
        .value("point_agreement", parts.pointAgreement)
        .value("logit_sqnr_db", parts.logitSqnrDb);
    writePartMetrics(json, "fp32", parts.fp32, parts.categoryNames);
    writePartMetrics(json, "int8", parts.int8, parts.categoryNames);
    json.value("instance_miou_delta", parts.int8.instanceMeanIoU - parts.fp32.instanceMeanIoU)
        .value("class_miou_delta", parts.int8.classMeanIoU - parts.fp32.classMeanIoU);
    writePartMetrics(json, "int8_against_fp32", parts.int8AgainstFp32, parts.categoryNames);
    json.endObject();
}

std::string partSegmentationTable(const PartSegmentationComparison& parts)
{
    std::ostringstream out;
    out << "\nshapes:   " << parts.shapes << " of " << parts.pointsPerShape << " points\n\n";
    out << row("part segmentation", "FP32", "INT8", "delta", "INT8 vs FP32");
    const auto figureRow = [&out](const std::string& name, double fp32, double int8, double int8AgainstFp32) {
        out << row(name, formatTableCell(fp32), formatTableCell(int8), formatTableCell(int8 - fp32),
                   formatTableCell(int8AgainstFp32));
    };
    figureRow("instance mIoU (%)", parts.fp32.instanceMeanIoU, parts.int8.instanceMeanIoU,
              parts.int8AgainstFp32.instanceMeanIoU);
    figureRow("class mIoU (%)", parts.fp32.classMeanIoU, parts.int8.classMeanIoU, parts.int8AgainstFp32.classMeanIoU);
    out << "\n" << row("category IoU (%)", "FP32", "INT8", "delta", "INT8 vs FP32");
    for (size_t c = 0; c < parts.fp32.categoryIoU.size(); ++c) {
        if (std::isnan(parts.fp32.categoryIoU[c]))
            continue; // no shape of this category was evaluated
        const std::string name =
            c < parts.categoryNames.size() ? parts.categoryNames[c] : "category " + std::to_string(c);
        figureRow(name, parts.fp32.categoryIoU[c], parts.int8.categoryIoU[c], parts.int8AgainstFp32.categoryIoU[c]);
    }
    return out.str();
}

} // namespace pointq
