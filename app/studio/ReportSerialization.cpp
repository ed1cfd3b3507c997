#include "ReportSerialization.h"

#include "common/Errors.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

namespace pointq::studio {

namespace {

// JSON has no infinity or NaN, and SQNR is infinite for an exact layer, so those
// travel as the strings "inf", "-inf" and "nan".
QJsonValue number(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return value;
}

QJsonValue required(const QJsonObject& object, const char* key)
{
    const auto found = object.constFind(QLatin1String(key));
    if (found == object.constEnd())
        throw DataError(std::string("the session's run report has no key '") + key + "'");
    return *found;
}

// Reads a number written by number(); key names the value in the error.
double toNumber(const QJsonValue& value, const char* key)
{
    if (value.isDouble())
        return value.toDouble();
    const QString text = value.toString();
    if (text == QLatin1String("inf"))
        return std::numeric_limits<double>::infinity();
    if (text == QLatin1String("-inf"))
        return -std::numeric_limits<double>::infinity();
    if (text == QLatin1String("nan"))
        return std::numeric_limits<double>::quiet_NaN();
    throw DataError(std::string("the session's run report has a non-number at key '") + key + "'");
}

double readNumber(const QJsonObject& object, const char* key)
{
    return toNumber(required(object, key), key);
}

std::string readString(const QJsonObject& object, const char* key)
{
    return required(object, key).toString().toStdString();
}

QJsonArray stringsToJson(const std::vector<std::string>& values)
{
    QJsonArray array;
    for (const std::string& value : values)
        array.append(QString::fromStdString(value));
    return array;
}

std::vector<std::string> stringsFromJson(const QJsonObject& object, const char* key)
{
    std::vector<std::string> values;
    for (const QJsonValue& value : required(object, key).toArray())
        values.push_back(value.toString().toStdString());
    return values;
}

QJsonObject histogramToJson(const ValueHistogram& histogram)
{
    QJsonArray counts;
    for (int64_t count : histogram.counts)
        counts.append(static_cast<qint64>(count));
    return {{"minimum", number(histogram.minimum)}, {"maximum", number(histogram.maximum)}, {"counts", counts}};
}

ValueHistogram histogramFromJson(const QJsonObject& object)
{
    ValueHistogram histogram;
    histogram.minimum = static_cast<float>(readNumber(object, "minimum"));
    histogram.maximum = static_cast<float>(readNumber(object, "maximum"));
    for (const QJsonValue& count : required(object, "counts").toArray())
        histogram.counts.push_back(count.toInteger());
    return histogram;
}

QJsonObject measurementToJson(const ModelMeasurement& measurement)
{
    const LatencyStats& latency = measurement.latency;
    return {{"overall_accuracy", number(measurement.metrics.overallAccuracy)},
            {"mean_class_accuracy", number(measurement.metrics.meanClassAccuracy)},
            {"samples", static_cast<qint64>(measurement.metrics.samples)},
            {"classes_present", static_cast<qint64>(measurement.metrics.classesPresent)},
            {"batch_size", static_cast<qint64>(latency.batchSize)},
            {"threads", latency.threads},
            {"warmup_runs", latency.warmupRuns},
            {"timed_runs", latency.timedRuns},
            {"median_ms", number(latency.medianMs)},
            {"p10_ms", number(latency.p10Ms)},
            {"p90_ms", number(latency.p90Ms)},
            {"mean_ms", number(latency.meanMs)},
            {"size_bytes", static_cast<qint64>(measurement.sizeBytes)}};
}

ModelMeasurement measurementFromJson(const QJsonObject& object)
{
    ModelMeasurement measurement;
    measurement.metrics.overallAccuracy = readNumber(object, "overall_accuracy");
    measurement.metrics.meanClassAccuracy = readNumber(object, "mean_class_accuracy");
    measurement.metrics.samples = required(object, "samples").toInteger();
    measurement.metrics.classesPresent = required(object, "classes_present").toInteger();
    LatencyStats& latency = measurement.latency;
    latency.batchSize = required(object, "batch_size").toInteger();
    latency.threads = required(object, "threads").toInt();
    latency.warmupRuns = required(object, "warmup_runs").toInt();
    latency.timedRuns = required(object, "timed_runs").toInt();
    latency.medianMs = readNumber(object, "median_ms");
    latency.p10Ms = readNumber(object, "p10_ms");
    latency.p90Ms = readNumber(object, "p90_ms");
    latency.meanMs = readNumber(object, "mean_ms");
    measurement.sizeBytes = required(object, "size_bytes").toInteger();
    return measurement;
}

QJsonObject layerToJson(const LayerSummary& layer, const LayerStatistics* statistics)
{
    QJsonObject object{{"name", QString::fromStdString(layer.name)},
                       {"stage", QString::fromStdString(layer.stage)},
                       {"block_type", QString::fromStdString(layer.blockType)},
                       {"kind", QString::fromStdString(layer.kind)},
                       {"int8", layer.int8},
                       {"input_min", number(layer.inputMin)},
                       {"input_max", number(layer.inputMax)},
                       {"output_min", number(layer.outputMin)},
                       {"output_max", number(layer.outputMax)},
                       {"input_scale", number(layer.inputScale)},
                       {"output_scale", number(layer.outputScale)},
                       {"input_zero_point", static_cast<qint64>(layer.inputZeroPoint)},
                       {"output_zero_point", static_cast<qint64>(layer.outputZeroPoint)}};
    if (!statistics)
        return object;
    QJsonArray channelAbsMax;
    for (float value : statistics->channelWeightAbsMax)
        channelAbsMax.append(number(value));
    object.insert("statistics", QJsonObject{{"input", histogramToJson(statistics->input)},
                                            {"output", histogramToJson(statistics->output)},
                                            {"weight", histogramToJson(statistics->weight)},
                                            {"input_clip_min", number(statistics->inputClipMin)},
                                            {"input_clip_max", number(statistics->inputClipMax)},
                                            {"output_clip_min", number(statistics->outputClipMin)},
                                            {"output_clip_max", number(statistics->outputClipMax)},
                                            {"channel_weight_abs_max", channelAbsMax},
                                            {"sqnr_db", number(statistics->sqnrDb)},
                                            {"sqnr_measured", statistics->sqnrMeasured}});
    return object;
}

LayerStatistics statisticsFromJson(const std::string& name, const QJsonObject& object)
{
    LayerStatistics statistics;
    statistics.name = name;
    statistics.input = histogramFromJson(required(object, "input").toObject());
    statistics.output = histogramFromJson(required(object, "output").toObject());
    statistics.weight = histogramFromJson(required(object, "weight").toObject());
    statistics.inputClipMin = static_cast<float>(readNumber(object, "input_clip_min"));
    statistics.inputClipMax = static_cast<float>(readNumber(object, "input_clip_max"));
    statistics.outputClipMin = static_cast<float>(readNumber(object, "output_clip_min"));
    statistics.outputClipMax = static_cast<float>(readNumber(object, "output_clip_max"));
    for (const QJsonValue& value : required(object, "channel_weight_abs_max").toArray())
        statistics.channelWeightAbsMax.push_back(static_cast<float>(value.toDouble()));
    statistics.sqnrDb = readNumber(object, "sqnr_db");
    statistics.sqnrMeasured = required(object, "sqnr_measured").toBool();
    return statistics;
}

LayerSummary layerFromJson(const QJsonObject& object)
{
    LayerSummary layer;
    layer.name = readString(object, "name");
    layer.stage = readString(object, "stage");
    layer.blockType = readString(object, "block_type");
    layer.kind = readString(object, "kind");
    layer.int8 = required(object, "int8").toBool();
    layer.inputMin = static_cast<float>(readNumber(object, "input_min"));
    layer.inputMax = static_cast<float>(readNumber(object, "input_max"));
    layer.outputMin = static_cast<float>(readNumber(object, "output_min"));
    layer.outputMax = static_cast<float>(readNumber(object, "output_max"));
    layer.inputScale = readNumber(object, "input_scale");
    layer.outputScale = readNumber(object, "output_scale");
    layer.inputZeroPoint = required(object, "input_zero_point").toInteger();
    layer.outputZeroPoint = required(object, "output_zero_point").toInteger();
    return layer;
}

QJsonObject segmentationMetricsToJson(const SegmentationMetrics& metrics)
{
    QJsonArray classIoU;
    for (double value : metrics.classIoU)
        classIoU.append(number(value));
    return {{"class_iou", classIoU},
            {"mean_iou", number(metrics.meanIoU)},
            {"mean_iou_all_classes", number(metrics.meanIoUAllClasses)},
            {"overall_accuracy", number(metrics.overallAccuracy)},
            {"mean_class_accuracy", number(metrics.meanClassAccuracy)},
            {"points", static_cast<qint64>(metrics.points)},
            {"classes_present", static_cast<qint64>(metrics.classesPresent)}};
}

SegmentationMetrics segmentationMetricsFromJson(const QJsonObject& object)
{
    SegmentationMetrics metrics;
    for (const QJsonValue& value : required(object, "class_iou").toArray())
        metrics.classIoU.push_back(toNumber(value, "class_iou"));
    metrics.meanIoU = readNumber(object, "mean_iou");
    metrics.meanIoUAllClasses = readNumber(object, "mean_iou_all_classes");
    metrics.overallAccuracy = readNumber(object, "overall_accuracy");
    metrics.meanClassAccuracy = readNumber(object, "mean_class_accuracy");
    metrics.points = required(object, "points").toInteger();
    metrics.classesPresent = required(object, "classes_present").toInteger();
    return metrics;
}

// The figures of a segmentation scene. The per-point positions and labels stay out
// because a scene can have millions of points. A reopened session shows the figures,
// and its label colourings wait for a new run.
QJsonObject sceneToJson(const SegmentationComparison& scene)
{
    return {{"scene_file", QString::fromStdString(scene.sceneFile)},
            {"labels_source", QString::fromStdString(scene.labelsSource)},
            {"points", static_cast<qint64>(scene.points)},
            {"voxels", static_cast<qint64>(scene.voxels)},
            {"passes", static_cast<qint64>(scene.passes)},
            {"passes_for_full_coverage", static_cast<qint64>(scene.passesForFullCoverage)},
            {"crops", static_cast<qint64>(scene.crops)},
            {"uncovered_points", static_cast<qint64>(scene.uncoveredPoints)},
            {"class_count", static_cast<qint64>(scene.classCount)},
            {"labelled", scene.labelled},
            {"fp32", segmentationMetricsToJson(scene.fp32)},
            {"int8", segmentationMetricsToJson(scene.int8)},
            {"int8_against_fp32", segmentationMetricsToJson(scene.int8AgainstFp32)},
            {"class_names", stringsToJson(scene.classNames)},
            {"point_agreement", number(scene.pointAgreement)},
            {"logit_sqnr_db", number(scene.logitSqnrDb)},
            {"max_logit_difference", number(scene.maxLogitDifference)}};
}

SegmentationComparison sceneFromJson(const QJsonObject& object)
{
    SegmentationComparison scene;
    scene.sceneFile = readString(object, "scene_file");
    scene.labelsSource = readString(object, "labels_source");
    scene.points = required(object, "points").toInteger();
    scene.voxels = required(object, "voxels").toInteger();
    scene.passes = required(object, "passes").toInteger();
    scene.passesForFullCoverage = required(object, "passes_for_full_coverage").toInteger();
    scene.crops = required(object, "crops").toInteger();
    scene.uncoveredPoints = required(object, "uncovered_points").toInteger();
    scene.classCount = required(object, "class_count").toInteger();
    scene.labelled = required(object, "labelled").toBool();
    scene.fp32 = segmentationMetricsFromJson(required(object, "fp32").toObject());
    scene.int8 = segmentationMetricsFromJson(required(object, "int8").toObject());
    scene.int8AgainstFp32 = segmentationMetricsFromJson(required(object, "int8_against_fp32").toObject());
    scene.classNames = stringsFromJson(object, "class_names");
    scene.pointAgreement = readNumber(object, "point_agreement");
    scene.logitSqnrDb = readNumber(object, "logit_sqnr_db");
    scene.maxLogitDifference = readNumber(object, "max_logit_difference");
    return scene;
}

QJsonObject settingsToJson(const QuantizeJobSettings& settings)
{
    return {{"config", QString::fromStdString(settings.configPath)},
            {"overrides", stringsToJson(settings.overrides)},
            {"checkpoint", QString::fromStdString(settings.checkpointPath)},
            {"data", QString::fromStdString(settings.data.path)},
            {"synthetic", settings.data.synthetic},
            {"calibration_clouds", static_cast<qint64>(settings.calibrationClouds)},
            {"observer", observerKindName(settings.quantization.observer)},
            {"percentile", number(settings.quantization.percentile)},
            {"skip", stringsToJson(settings.quantization.skip)},
            {"engine", QString::fromStdString(settings.quantization.engine)},
            {"threads", settings.threads},
            {"votes", static_cast<qint64>(settings.data.votes)}};
}

QuantizeJobSettings settingsFromJson(const QJsonObject& object)
{
    QuantizeJobSettings settings;
    settings.configPath = readString(object, "config");
    settings.overrides = stringsFromJson(object, "overrides");
    settings.checkpointPath = readString(object, "checkpoint");
    settings.data.path = readString(object, "data");
    settings.data.synthetic = required(object, "synthetic").toBool();
    settings.calibrationClouds = required(object, "calibration_clouds").toInteger();
    settings.quantization.observer =
        readString(object, "observer") == "percentile" ? ObserverKind::Percentile : ObserverKind::MinMax;
    settings.quantization.percentile = readNumber(object, "percentile");
    settings.quantization.skip = stringsFromJson(object, "skip");
    settings.quantization.engine = readString(object, "engine");
    settings.threads = required(object, "threads").toInt();
    // Sessions saved before segmentation runs have no votes; 0 is the default.
    settings.data.votes = object.value("votes").toInteger(0);
    return settings;
}

} // namespace

QJsonObject reportToJson(const QuantizeReport& report)
{
    QJsonArray layers;
    for (size_t i = 0; i < report.layers.size(); ++i)
        layers.append(layerToJson(report.layers[i],
                                  i < report.layerStatistics.size() ? &report.layerStatistics[i] : nullptr));
    QJsonObject object{{"settings", settingsToJson(report.settings)},
            {"pointq_version", QString::fromStdString(report.pointqVersion)},
            {"libtorch_version", QString::fromStdString(report.system.libtorchVersion)},
            {"blas", QString::fromStdString(report.system.blas)},
            {"cpu", QString::fromStdString(report.system.cpuModel)},
            {"date", QString::fromStdString(report.system.date)},
            {"config_sha256", QString::fromStdString(report.configSha256)},
            {"checkpoint_sha256", QString::fromStdString(report.checkpointSha256)},
            {"data_description", QString::fromStdString(report.dataDescription)},
            {"synthetic_data", report.syntheticData},
            {"labelled", report.labelled},
            {"evaluated_clouds", static_cast<qint64>(report.evaluatedClouds)},
            {"calibrated_clouds", static_cast<qint64>(report.calibratedClouds)},
            {"engine", QString::fromStdString(report.engine)},
            {"engine_fell_back", report.engineFellBack},
            {"fp32", measurementToJson(report.fp32)},
            {"int8", measurementToJson(report.int8)},
            {"top1_agreement", number(report.top1Agreement)},
            {"logit_sqnr_db", number(report.logitSqnrDb)},
            {"max_logit_difference", number(report.maxLogitDifference)},
            {"layers", layers},
            {"warnings", stringsToJson(report.warnings)}};
    if (report.segmentation)
        object.insert("segmentation_scene", sceneToJson(report.scene));
    return object;
}

QuantizeReport reportFromJson(const QJsonObject& object)
{
    QuantizeReport report;
    report.settings = settingsFromJson(required(object, "settings").toObject());
    report.pointqVersion = readString(object, "pointq_version");
    report.system.libtorchVersion = readString(object, "libtorch_version");
    report.system.blas = readString(object, "blas");
    report.system.cpuModel = readString(object, "cpu");
    report.system.date = readString(object, "date");
    report.configSha256 = readString(object, "config_sha256");
    report.checkpointSha256 = readString(object, "checkpoint_sha256");
    report.dataDescription = readString(object, "data_description");
    report.syntheticData = required(object, "synthetic_data").toBool();
    report.labelled = required(object, "labelled").toBool();
    report.evaluatedClouds = required(object, "evaluated_clouds").toInteger();
    report.calibratedClouds = required(object, "calibrated_clouds").toInteger();
    report.engine = readString(object, "engine");
    report.engineFellBack = required(object, "engine_fell_back").toBool();
    report.fp32 = measurementFromJson(required(object, "fp32").toObject());
    report.int8 = measurementFromJson(required(object, "int8").toObject());
    report.top1Agreement = readNumber(object, "top1_agreement");
    report.logitSqnrDb = readNumber(object, "logit_sqnr_db");
    report.maxLogitDifference = readNumber(object, "max_logit_difference");
    for (const QJsonValue& value : required(object, "layers").toArray()) {
        const QJsonObject layer = value.toObject();
        report.layers.push_back(layerFromJson(layer));
        if (layer.contains("statistics"))
            report.layerStatistics.push_back(statisticsFromJson(report.layers.back().name, layer["statistics"].toObject()));
    }
    report.warnings = stringsFromJson(object, "warnings");
    if (object.contains("segmentation_scene")) {
        report.segmentation = true;
        report.scene = sceneFromJson(required(object, "segmentation_scene").toObject());
    }
    return report;
}

} // namespace pointq::studio
