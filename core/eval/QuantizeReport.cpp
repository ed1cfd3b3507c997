#include "eval/QuantizeJob.h"

#include "common/Json.h"
#include "eval/Provenance.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace pointq {

namespace {

void writeLatency(JsonWriter& json, const std::string& key, const LatencyStats& latency)
{
    json.beginObject(key)
        .value("batch_size", latency.batchSize)
        .value("threads", latency.threads)
        .value("warmup_runs", latency.warmupRuns)
        .value("timed_runs", latency.timedRuns)
        .value("median_ms", latency.medianMs)
        .value("p10_ms", latency.p10Ms)
        .value("p90_ms", latency.p90Ms)
        .value("mean_ms", latency.meanMs)
        .endObject();
}

void writeMeasurement(JsonWriter& json, const std::string& key, const ModelMeasurement& measurement, bool labelled)
{
    json.beginObject(key);
    if (labelled) {
        json.value("overall_accuracy", measurement.metrics.overallAccuracy)
            .value("mean_class_accuracy", measurement.metrics.meanClassAccuracy)
            .value("classes_present", measurement.metrics.classesPresent);
    } else {
        json.null("overall_accuracy").null("mean_class_accuracy");
    }
    writeLatency(json, "latency", measurement.latency);
    json.value("size_bytes", measurement.sizeBytes).endObject();
}

void writeStringArray(JsonWriter& json, const std::string& key, const std::vector<std::string>& values)
{
    json.beginArray(key);
    for (const auto& value : values)
        json.value("", value);
    json.endArray();
}

std::string formatDouble(const char* format, double value)
{
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), format, value);
    return buffer;
}

std::string formatRow(const std::string& name, const std::string& fp32, const std::string& int8, const std::string& change)
{
    char buffer[256];
    std::snprintf(buffer, sizeof(buffer), "  %-26s %14s %14s %16s\n", name.c_str(), fp32.c_str(), int8.c_str(), change.c_str());
    return buffer;
}

} // namespace

std::string quantizeReportJson(const QuantizeReport& report)
{
    const QuantizeJobSettings& settings = report.settings;
    JsonWriter json;
    json.beginObject();
    json.value("pointq_version", report.pointqVersion);
    json.value("synthetic_data", report.syntheticData);

    Provenance provenance;
    provenance.configPath = settings.configPath;
    provenance.configSha256 = report.configSha256;
    provenance.checkpointPath = settings.checkpointPath;
    provenance.checkpointSha256 = report.checkpointSha256;
    provenance.data = report.syntheticData ? std::string("SYNTHETIC") : settings.data.path;
    provenance.dataDescription = report.dataDescription;
    provenance.dataFiles = report.dataFiles;
    provenance.overrides = settings.overrides;
    provenance.engine = report.engine;
    provenance.engineFellBack = report.engineFellBack;
    provenance.availableEngines = report.availableEngines;
    provenance.system = report.system;
    provenance.threads = settings.threads;
    writeProvenance(json, provenance);

    // The calibration keys name the evaluated data again when the run calibrated on it, so
    // a reader finds the calibration clouds' origin in one place either way.
    const bool otherSplit = !settings.calibrationSplit.empty();
    json.beginObject("settings")
        .value("calibration_clouds", report.calibratedClouds)
        .value("calibration_split", otherSplit ? settings.calibrationSplit : std::string("evaluated"))
        .value("calibration_data_description", otherSplit ? report.calibrationDescription : report.dataDescription);
    writeStringArray(json, "calibration_data_files", otherSplit ? report.calibrationFiles : report.dataFiles);
    json.value("evaluated_clouds", report.evaluatedClouds)
        .value("observer", observerKindName(settings.quantization.observer))
        .value("percentile", settings.quantization.percentile)
        .value("eval_batch_size", settings.evalBatchSize)
        .value("output", settings.outputPath);
    writeStringArray(json, "skip", settings.quantization.skip);
    json.endObject();

    writeMeasurement(json, "fp32", report.fp32, report.labelled);
    writeMeasurement(json, "int8", report.int8, report.labelled);

    json.beginObject("comparison");
    if (report.labelled) {
        json.value("overall_accuracy_delta", report.int8.metrics.overallAccuracy - report.fp32.metrics.overallAccuracy)
            .value("mean_class_accuracy_delta", report.int8.metrics.meanClassAccuracy - report.fp32.metrics.meanClassAccuracy);
    }
    json.value("top1_agreement", report.top1Agreement)
        .value("logit_sqnr_db", report.logitSqnrDb)
        .value("max_logit_difference", report.maxLogitDifference)
        .value("latency_speedup", report.fp32.latency.medianMs / report.int8.latency.medianMs)
        .value("size_ratio", static_cast<double>(report.fp32.sizeBytes) / static_cast<double>(report.int8.sizeBytes))
        .endObject();
    if (report.segmentation)
        writeSegmentationJson(json, report.scene);
    if (report.partSegmentation)
        writePartSegmentationJson(json, report.parts);

    json.beginArray("layers");
    for (size_t i = 0; i < report.layers.size(); ++i) {
        const LayerSummary& layer = report.layers[i];
        json.beginObject()
            .value("name", layer.name)
            .value("stage", layer.stage)
            .value("block", layer.blockType)
            .value("kind", layer.kind)
            .value("precision", layer.int8 ? "int8" : "fp32")
            .value("input_min", static_cast<double>(layer.inputMin))
            .value("input_max", static_cast<double>(layer.inputMax))
            .value("output_min", static_cast<double>(layer.outputMin))
            .value("output_max", static_cast<double>(layer.outputMax));
        if (layer.int8) {
            json.value("input_scale", layer.inputScale)
                .value("input_zero_point", layer.inputZeroPoint)
                .value("output_scale", layer.outputScale)
                .value("output_zero_point", layer.outputZeroPoint);
            if (i < report.layerStatistics.size() && report.layerStatistics[i].sqnrMeasured)
                json.value("sqnr_db", report.layerStatistics[i].sqnrDb);
        }
        json.endObject();
    }
    json.endArray();
    writeStringArray(json, "warnings", report.warnings);
    json.endObject();
    return json.text();
}

std::string describeCalibrationClouds(const QuantizeReport& report)
{
    const std::string count = std::to_string(report.calibratedClouds);
    if (report.settings.calibrationSplit.empty())
        return report.calibratedClouds == 1 ? "the first evaluated cloud" : "the first " + count + " evaluated clouds";
    return (report.calibratedClouds == 1 ? std::string("the first cloud") : "the first " + count + " clouds") + " of the "
           + report.settings.calibrationSplit + " split";
}

std::string quantizeReportTable(const QuantizeReport& report)
{
    std::ostringstream out;
    if (report.syntheticData)
        out << "*** SYNTHETIC DATA: these figures come from generated shapes, not real clouds ***\n";
    out << "PointQ " << report.pointqVersion << "\n";
    out << "data:     " << report.dataDescription << "\n";
    if (report.calibrationDescription.empty()) {
        out << "clouds:   " << report.evaluatedClouds << " evaluated, first " << report.calibratedClouds
            << " used for calibration (" << observerKindName(report.settings.quantization.observer) << " observer)\n";
    } else {
        out << "clouds:   " << report.evaluatedClouds << " evaluated; calibration on the first " << report.calibratedClouds
            << " of the " << report.settings.calibrationSplit << " split, none of them evaluated ("
            << observerKindName(report.settings.quantization.observer) << " observer)\n";
        out << "calib:    " << report.calibrationDescription << "\n";
    }
    out << "engine:   " << report.engine << (report.engineFellBack ? " (FALLBACK: onednn not available)" : "")
        << "; threads " << report.settings.threads << "; LibTorch " << report.system.libtorchVersion << "; BLAS "
        << report.system.blas << "\n";
    int64_t int8Layers = 0;
    for (const auto& layer : report.layers)
        int8Layers += layer.int8 ? 1 : 0;
    out << "layers:   " << int8Layers << " of " << report.layers.size() << " INT8";
    if (!report.settings.quantization.skip.empty()) {
        out << ", kept FP32 by --skip:";
        for (const auto& layer : report.layers)
            if (!layer.int8)
                out << ' ' << layer.name;
    }
    out << "\n\n";

    out << formatRow("", "FP32", "INT8", "INT8 vs FP32");
    if (report.labelled) {
        const auto& fp32 = report.fp32.metrics;
        const auto& int8 = report.int8.metrics;
        out << formatRow("overall accuracy (%)", formatDouble("%.2f", fp32.overallAccuracy), formatDouble("%.2f", int8.overallAccuracy),
                         formatDouble("%+.2f pt", int8.overallAccuracy - fp32.overallAccuracy));
        out << formatRow("mean class accuracy (%)", formatDouble("%.2f", fp32.meanClassAccuracy),
                         formatDouble("%.2f", int8.meanClassAccuracy),
                         formatDouble("%+.2f pt", int8.meanClassAccuracy - fp32.meanClassAccuracy));
    } else {
        out << formatRow("accuracy", "no labels", "no labels", "");
    }
    const bool perPoint = report.segmentation || report.partSegmentation;
    out << formatRow(perPoint ? "point agreement (%)" : "top-1 agreement (%)", "",
                     formatDouble("%.2f", 100.0 * report.top1Agreement), "");
    out << formatRow("logit SQNR (dB)", "", formatDouble("%.2f", report.logitSqnrDb), "");
    const auto& fp32Latency = report.fp32.latency;
    const auto& int8Latency = report.int8.latency;
    const std::string latencyName = "latency median (ms, B=" + std::to_string(fp32Latency.batchSize) + ")";
    out << formatRow(latencyName, formatDouble("%.2f", fp32Latency.medianMs), formatDouble("%.2f", int8Latency.medianMs),
                     formatDouble("%.2fx faster", fp32Latency.medianMs / int8Latency.medianMs));
    out << formatRow("latency p10-p90 (ms)", formatDouble("%.1f", fp32Latency.p10Ms) + "-" + formatDouble("%.1f", fp32Latency.p90Ms),
                     formatDouble("%.1f", int8Latency.p10Ms) + "-" + formatDouble("%.1f", int8Latency.p90Ms), "");
    out << formatRow("model size (bytes)", std::to_string(report.fp32.sizeBytes), std::to_string(report.int8.sizeBytes),
                     formatDouble("%.2fx smaller", static_cast<double>(report.fp32.sizeBytes) / static_cast<double>(report.int8.sizeBytes)));
    if (report.segmentation)
        out << segmentationTable(report.scene) << "\n";
    if (report.partSegmentation)
        out << partSegmentationTable(report.parts) << "\n";
    out << "  (latency: " << fp32Latency.warmupRuns << " warm-up runs, then " << fp32Latency.timedRuns
        << " timed runs of each model in alternation)\n";
    for (const auto& warning : report.warnings)
        out << "warning: " << warning << "\n";
    if (report.syntheticData)
        out << "*** SYNTHETIC DATA ***\n";
    return out.str();
}

} // namespace pointq
