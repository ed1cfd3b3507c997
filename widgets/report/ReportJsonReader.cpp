#include "report/ReportJsonReader.h"

#include "common/Errors.h"
#include "common/Files.h"
#include "data/Dataset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

namespace pointq::report {

namespace {

// A JSON object with the dotted key path that led to it, so errors can name the key.
class Node {
public:
    Node(QJsonObject object, std::string path, const std::string& file)
        : m_object(std::move(object)), m_path(std::move(path)), m_file(file)
    {
    }

    bool has(const char* key) const { return m_object.contains(QLatin1String(key)); }
    bool isNull(const char* key) const { return require(key).isNull(); }

    Node object(const char* key) const
    {
        const QJsonValue value = require(key);
        if (!value.isObject())
            fail(key, "an object");
        return Node(value.toObject(), keyPath(key), m_file);
    }

    std::vector<Node> objects(const char* key) const
    {
        const QJsonValue value = require(key);
        if (!value.isArray())
            fail(key, "an array of objects");
        std::vector<Node> nodes;
        const QJsonArray array = value.toArray();
        for (int i = 0; i < array.size(); ++i) {
            if (!array[i].isObject())
                fail(key, "an array of objects");
            nodes.emplace_back(array[i].toObject(), keyPath(key) + "[" + std::to_string(i) + "]", m_file);
        }
        return nodes;
    }

    std::string text(const char* key) const
    {
        const QJsonValue value = require(key);
        if (!value.isString())
            fail(key, "a string");
        return value.toString().toStdString();
    }

    double number(const char* key) const
    {
        const QJsonValue value = require(key);
        if (!value.isDouble())
            fail(key, "a number");
        return value.toDouble();
    }

    // A number that the writer stores as null when it is not finite or not measured.
    double numberOr(const char* key, double nullValue) const
    {
        const QJsonValue value = require(key);
        if (value.isNull())
            return nullValue;
        if (!value.isDouble())
            fail(key, "a number or null");
        return value.toDouble();
    }

    int64_t integer(const char* key) const { return static_cast<int64_t>(number(key)); }

    bool flag(const char* key) const
    {
        const QJsonValue value = require(key);
        if (!value.isBool())
            fail(key, "true or false");
        return value.toBool();
    }

    std::vector<std::string> strings(const char* key) const
    {
        const QJsonValue value = require(key);
        if (!value.isArray())
            fail(key, "an array of strings");
        std::vector<std::string> result;
        for (const QJsonValue& item : value.toArray()) {
            if (!item.isString())
                fail(key, "an array of strings");
            result.push_back(item.toString().toStdString());
        }
        return result;
    }

    [[noreturn]] void fail(const char* key, const char* expected) const
    {
        throw DataError(std::string("expected ") + expected, m_file, "key " + keyPath(key));
    }

private:
    std::string keyPath(const char* key) const { return m_path.empty() ? key : m_path + "." + key; }

    QJsonValue require(const char* key) const
    {
        if (!has(key))
            throw DataError("missing key; is this a PointQ report of the expected kind?", m_file, "key " + keyPath(key));
        return m_object.value(QLatin1String(key));
    }

    QJsonObject m_object;
    std::string m_path;
    const std::string& m_file;
};

QJsonObject parseFile(const std::string& path)
{
    const std::string bytes = readBinaryFile(path);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(bytes), &error);
    if (error.error != QJsonParseError::NoError)
        throw DataError("invalid JSON: " + error.errorString().toStdString(), path,
                        "byte " + std::to_string(error.offset));
    if (!document.isObject())
        throw DataError("expected a JSON object at the top level", path);
    return document.object();
}

Provenance readProvenance(const Node& root)
{
    const Node node = root.object("provenance");
    Provenance provenance;
    provenance.configPath = node.text("config");
    provenance.configSha256 = node.text("config_sha256");
    provenance.checkpointPath = node.text("checkpoint");
    provenance.checkpointSha256 = node.text("checkpoint_sha256");
    provenance.data = node.text("data");
    provenance.dataDescription = node.text("data_description");
    provenance.dataFiles = node.strings("data_files");
    provenance.overrides = node.strings("overrides");
    provenance.engine = node.text("quantized_engine");
    provenance.engineFellBack = node.flag("engine_fell_back");
    provenance.availableEngines = node.strings("available_engines");
    provenance.system.libtorchVersion = node.text("libtorch_version");
    provenance.system.blas = node.text("blas");
    provenance.system.cpuModel = node.text("cpu");
    provenance.system.logicalCores = static_cast<int>(node.integer("logical_cores"));
    provenance.threads = static_cast<int>(node.integer("threads"));
    provenance.system.date = node.text("date");
    return provenance;
}

LatencyStats readLatency(const Node& node)
{
    LatencyStats latency;
    latency.batchSize = node.integer("batch_size");
    latency.threads = static_cast<int>(node.integer("threads"));
    latency.warmupRuns = static_cast<int>(node.integer("warmup_runs"));
    latency.timedRuns = static_cast<int>(node.integer("timed_runs"));
    latency.medianMs = node.number("median_ms");
    latency.p10Ms = node.number("p10_ms");
    latency.p90Ms = node.number("p90_ms");
    latency.meanMs = node.number("mean_ms");
    return latency;
}

ModelMeasurement readMeasurement(const Node& node, bool labelled)
{
    ModelMeasurement measurement;
    if (labelled) {
        measurement.metrics.overallAccuracy = node.number("overall_accuracy");
        measurement.metrics.meanClassAccuracy = node.number("mean_class_accuracy");
    }
    measurement.latency = readLatency(node.object("latency"));
    measurement.sizeBytes = node.integer("size_bytes");
    return measurement;
}

ObserverKind readObserver(const Node& node)
{
    const std::string name = node.text("observer");
    if (name == observerKindName(ObserverKind::MinMax))
        return ObserverKind::MinMax;
    if (name == observerKindName(ObserverKind::Percentile))
        return ObserverKind::Percentile;
    node.fail("observer", "\"minmax\" or \"percentile\"");
}

// A file without the calibration split comes from a run that calibrated on the evaluated
// clouds, because PointQ wrote the split once --calib-split existed. A file with the split
// but without its description and files leaves those empty.
void readCalibrationData(const Node& settings, QuantizeReport& report)
{
    if (!settings.has("calibration_split"))
        return;
    const std::string split = settings.text("calibration_split");
    if (split == "evaluated")
        return;
    try {
        normalizeSplit(split);
    } catch (const ConfigError&) {
        settings.fail("calibration_split", "\"evaluated\", \"train\", \"test\" or \"val\"");
    }
    report.settings.calibrationSplit = split;
    if (settings.has("calibration_data_description"))
        report.calibrationDescription = settings.text("calibration_data_description");
    if (settings.has("calibration_data_files"))
        report.calibrationFiles = settings.strings("calibration_data_files");
}

void readLayers(const Node& root, QuantizeReport& report)
{
    for (const Node& node : root.objects("layers")) {
        LayerSummary layer;
        layer.name = node.text("name");
        layer.stage = node.text("stage");
        layer.blockType = node.text("block");
        layer.kind = node.text("kind");
        layer.int8 = node.text("precision") == "int8";
        layer.inputMin = static_cast<float>(node.number("input_min"));
        layer.inputMax = static_cast<float>(node.number("input_max"));
        layer.outputMin = static_cast<float>(node.number("output_min"));
        layer.outputMax = static_cast<float>(node.number("output_max"));
        LayerStatistics statistics;
        statistics.name = layer.name;
        if (layer.int8) {
            layer.inputScale = node.number("input_scale");
            layer.inputZeroPoint = node.integer("input_zero_point");
            layer.outputScale = node.number("output_scale");
            layer.outputZeroPoint = node.integer("output_zero_point");
            if (node.has("sqnr_db")) {
                statistics.sqnrDb = node.numberOr("sqnr_db", std::numeric_limits<double>::infinity());
                statistics.sqnrMeasured = true;
            }
        }
        report.layers.push_back(layer);
        report.layerStatistics.push_back(statistics);
    }
}

OutputFigures readFigures(const Node& node)
{
    OutputFigures figures;
    figures.sqnrDb = node.numberOr("logit_sqnr_db", std::numeric_limits<double>::infinity());
    figures.cosineSimilarity = node.number("cosine_similarity");
    figures.top1Agreement = node.number("top1_agreement");
    figures.hasAccuracy = !node.isNull("overall_accuracy");
    if (figures.hasAccuracy) {
        figures.overallAccuracy = node.number("overall_accuracy");
        figures.accuracyDelta = node.number("overall_accuracy_delta");
    }
    return figures;
}

SensitivitySettings readSweepSettings(const Node& node)
{
    SensitivitySettings settings;
    settings.mode = parseSweepMode(node.text("mode"));
    settings.bits = static_cast<int>(node.integer("bits"));
    settings.simulate = node.flag("simulated");
    settings.batchSize = node.integer("batch_size");
    settings.groups = node.flag("groups");
    return settings;
}

void readSweepLayers(const Node& root, SensitivityResult& sweep)
{
    for (const Node& node : root.objects("layers")) {
        LayerSensitivity layer;
        layer.name = node.text("name");
        layer.stage = node.text("stage");
        layer.block = static_cast<int>(node.integer("block"));
        layer.blockType = node.text("block_type");
        layer.kind = node.text("kind");
        layer.position = static_cast<size_t>(node.integer("position"));
        layer.hasOnly = node.has("only_this_quantized");
        if (layer.hasOnly)
            layer.onlyThis = readFigures(node.object("only_this_quantized"));
        layer.hasAllBut = node.has("all_but_this_quantized");
        if (layer.hasAllBut)
            layer.allButThis = readFigures(node.object("all_but_this_quantized"));
        if (node.has("simulation_vs_kernel")) {
            const Node gapNode = node.object("simulation_vs_kernel");
            SimulationGap gap;
            gap.name = layer.name;
            gap.maxAbsDifference = gapNode.number("max_abs_difference");
            gap.maxDifferenceInSteps = gapNode.number("max_difference_in_steps");
            gap.sqnrDb = gapNode.numberOr("sqnr_db", std::numeric_limits<double>::infinity());
            sweep.gaps.push_back(gap);
            sweep.hasGap = true;
        }
        sweep.layers.push_back(layer);
    }
}

void readSweepGroups(const Node& root, SensitivityResult& sweep)
{
    for (const Node& node : root.objects("groups")) {
        GroupSensitivity group;
        group.name = node.text("name");
        group.level = node.text("level");
        group.blockType = node.text("block_type");
        group.layers = node.strings("layers");
        group.hasOnly = node.has("only_this_quantized");
        if (group.hasOnly)
            group.onlyThis = readFigures(node.object("only_this_quantized"));
        group.hasAllBut = node.has("all_but_this_quantized");
        if (group.hasAllBut)
            group.allButThis = readFigures(node.object("all_but_this_quantized"));
        sweep.groups.push_back(group);
    }
}

SkipSearchResult readSearch(const Node& node)
{
    SkipSearchResult search;
    const std::string kind = node.text("budget_kind");
    search.budget.kind = kind == "top1_agreement" ? SkipBudget::Kind::Agreement : SkipBudget::Kind::AccuracyDrop;
    search.budget.value = node.number("budget_value");
    search.verifiedWith = node.text("verified_with");
    search.met = node.flag("met");
    search.noSkip = readFigures(node.object("no_skip"));
    for (const Node& stepNode : node.objects("steps")) {
        SkipStep step;
        step.layer = stepNode.text("layer");
        step.sensitivity = stepNode.text("ranked_by");
        step.after = readFigures(stepNode.object("after"));
        step.meetsBudget = stepNode.flag("meets_budget");
        search.steps.push_back(step);
    }
    for (const Node& removalNode : node.objects("removal_checks")) {
        SkipRemoval removal;
        removal.layer = removalNode.text("layer");
        removal.without = readFigures(removalNode.object("without_it"));
        removal.meetsBudget = removalNode.flag("meets_budget_without_it");
        removal.removed = removalNode.flag("removed");
        search.removals.push_back(removal);
    }
    search.skip = node.strings("skip");
    search.verified = readFigures(node.object("verified"));
    return search;
}

} // namespace

QuantizeReport readQuantizeReportJson(const std::string& path)
{
    const Node root(parseFile(path), "", path);
    QuantizeReport report;
    report.pointqVersion = root.text("pointq_version");
    report.syntheticData = root.flag("synthetic_data");
    const Provenance provenance = readProvenance(root);
    report.settings.configPath = provenance.configPath;
    report.settings.checkpointPath = provenance.checkpointPath;
    report.settings.data.path = provenance.data;
    report.settings.overrides = provenance.overrides;
    report.settings.threads = provenance.threads;
    report.configSha256 = provenance.configSha256;
    report.checkpointSha256 = provenance.checkpointSha256;
    report.dataDescription = provenance.dataDescription;
    report.dataFiles = provenance.dataFiles;
    report.engine = provenance.engine;
    report.settings.quantization.engine = provenance.engine.empty() ? std::string("auto") : provenance.engine;
    report.engineFellBack = provenance.engineFellBack;
    report.availableEngines = provenance.availableEngines;
    report.system = provenance.system;

    const Node settings = root.object("settings");
    report.calibratedClouds = settings.integer("calibration_clouds");
    report.settings.calibrationClouds = report.calibratedClouds;
    report.evaluatedClouds = settings.integer("evaluated_clouds");
    report.settings.quantization.observer = readObserver(settings);
    report.settings.quantization.percentile = settings.number("percentile");
    report.settings.evalBatchSize = settings.integer("eval_batch_size");
    report.settings.outputPath = settings.text("output");
    report.settings.quantization.skip = settings.strings("skip");
    readCalibrationData(settings, report);

    // Accuracy is null without labels.
    report.labelled = !root.object("fp32").isNull("overall_accuracy");
    report.fp32 = readMeasurement(root.object("fp32"), report.labelled);
    report.int8 = readMeasurement(root.object("int8"), report.labelled);
    const Node comparison = root.object("comparison");
    report.top1Agreement = comparison.number("top1_agreement");
    report.logitSqnrDb = comparison.numberOr("logit_sqnr_db", std::numeric_limits<double>::infinity());
    report.maxLogitDifference = comparison.number("max_logit_difference");
    report.segmentation = root.has("segmentation");
    readLayers(root, report);
    report.warnings = root.strings("warnings");
    return report;
}

SensitivityReport readSensitivityReportJson(const std::string& path)
{
    const Node root(parseFile(path), "", path);
    SensitivityReport report;
    report.pointqVersion = root.text("pointq_version");
    report.syntheticData = root.flag("synthetic_data");
    report.provenance = readProvenance(root);
    report.settings.configPath = report.provenance.configPath;
    report.settings.checkpointPath = report.provenance.checkpointPath;
    report.settings.threads = report.provenance.threads;

    const Node settings = root.object("settings");
    try {
        report.settings.sweep = readSweepSettings(settings);
    } catch (const QuantizationError& error) {
        throw DataError(error.detail(), path, "key settings.mode");
    }
    report.calibratedClouds = settings.integer("calibration_clouds");
    report.settings.calibrationClouds = report.calibratedClouds;

    SensitivityResult& sweep = report.sweep;
    sweep.settings = report.settings.sweep;
    sweep.backend = settings.text("backend");
    sweep.clouds = settings.integer("clouds");
    sweep.engine = report.provenance.engine;
    sweep.engineFellBack = report.provenance.engineFellBack;
    sweep.labelled = !root.isNull("fp32_overall_accuracy");
    if (sweep.labelled)
        sweep.fp32OverallAccuracy = root.number("fp32_overall_accuracy");
    sweep.allQuantized = readFigures(root.object("all_quantized"));
    readSweepLayers(root, sweep);
    readSweepGroups(root, sweep);
    if (root.has("simulation_vs_kernel_end_to_end")) {
        const Node gap = root.object("simulation_vs_kernel_end_to_end");
        sweep.endToEndGap.sqnrDb = gap.numberOr("logit_sqnr_db", std::numeric_limits<double>::infinity());
        sweep.endToEndGap.maxAbsLogitDifference = gap.number("max_abs_logit_difference");
        sweep.endToEndGap.top1Agreement = gap.number("top1_agreement");
        sweep.endToEndGap.simulated = readFigures(gap.object("simulated_against_fp32"));
    }
    report.hasSearch = root.has("skip_search");
    if (report.hasSearch) {
        report.search = readSearch(root.object("skip_search"));
        report.settings.searchSkipSet = true;
        report.settings.budget = report.search.budget;
    }
    const Node timing = root.object("timing");
    sweep.sweepSeconds = timing.number("sweep_seconds");
    sweep.configurations = timing.integer("configurations");
    sweep.rerunFraction = timing.number("rerun_fraction");
    report.warnings = root.strings("warnings");
    return report;
}

} // namespace pointq::report
