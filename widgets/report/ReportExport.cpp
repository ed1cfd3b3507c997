#include "report/ReportExport.h"

#include "common/Json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace pointq::report {

namespace {

std::string csvField(const std::string& value)
{
    if (value.find_first_of(",\"\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string number(double value)
{
    if (!std::isfinite(value))
        return value > 0 ? "inf" : value < 0 ? "-inf" : "nan";
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%.6g", value);
    return buffer;
}

class CsvRows {
public:
    CsvRows() { m_text << "section,name,figure,value\n"; }
    void add(const std::string& section, const std::string& name, const std::string& figure, const std::string& value)
    {
        m_text << csvField(section) << ',' << csvField(name) << ',' << csvField(figure) << ',' << csvField(value) << '\n';
    }
    void add(const std::string& section, const std::string& name, const std::string& figure, double value)
    {
        add(section, name, figure, number(value));
    }
    std::string text() const { return m_text.str(); }

private:
    std::ostringstream m_text;
};

void addSummaryRows(CsvRows& rows, const QuantizeReport& report)
{
    for (const auto& [name, measurement] : {std::make_pair("fp32", &report.fp32), std::make_pair("int8", &report.int8)}) {
        if (report.labelled) {
            rows.add("summary", name, "overall_accuracy_percent", measurement->metrics.overallAccuracy);
            rows.add("summary", name, "mean_class_accuracy_percent", measurement->metrics.meanClassAccuracy);
        }
        rows.add("summary", name, "latency_median_ms", measurement->latency.medianMs);
        rows.add("summary", name, "latency_p10_ms", measurement->latency.p10Ms);
        rows.add("summary", name, "latency_p90_ms", measurement->latency.p90Ms);
        rows.add("summary", name, "size_bytes", std::to_string(measurement->sizeBytes));
    }
    rows.add("summary", "comparison", "top1_agreement_percent", 100.0 * report.top1Agreement);
    rows.add("summary", "comparison", "logit_sqnr_db", report.logitSqnrDb);
    rows.add("summary", "comparison", "max_logit_difference", report.maxLogitDifference);
}

void addSensitivityRows(CsvRows& rows, const SensitivityResult& sweep)
{
    const std::vector<size_t> order = layersBySensitivity(sweep);
    for (size_t rank = 0; rank < order.size(); ++rank) {
        const LayerSensitivity& layer = sweep.layers[order[rank]];
        rows.add("sensitivity", layer.name, "rank", static_cast<double>(rank + 1));
        if (layer.hasOnly) {
            rows.add("sensitivity", layer.name, "only_this_logit_sqnr_db", layer.onlyThis.sqnrDb);
            rows.add("sensitivity", layer.name, "only_this_top1_agreement_percent", layer.onlyThis.top1Agreement);
            if (layer.onlyThis.hasAccuracy)
                rows.add("sensitivity", layer.name, "only_this_overall_accuracy_delta_pt", layer.onlyThis.accuracyDelta);
        }
        if (layer.hasAllBut)
            rows.add("sensitivity", layer.name, "all_but_this_logit_sqnr_db", layer.allButThis.sqnrDb);
    }
}

} // namespace

std::vector<std::string> layersKeptInFloat(const ReportContent& content)
{
    std::vector<std::string> names;
    if (content.hasQuantize)
        for (const auto& layer : content.quantize.layers)
            if (!layer.int8)
                names.push_back(layer.name);
    return names;
}

std::string reportJson(const ReportContent& content)
{
    JsonWriter json;
    json.beginObject().value("title", content.title).value("generated_at", content.generatedAt);
    json.value("quantize_source", content.quantizeSource).value("sensitivity_source", content.sensitivitySource);
    json.beginArray("most_sensitive_layers");
    for (const auto& name : mostSensitiveLayers(content, static_cast<size_t>(content.histogramLayers)))
        json.value("", name);
    json.endArray();
    json.beginObject("skip_set");
    json.beginArray("skip_words");
    if (content.hasQuantize)
        for (const auto& word : content.quantize.settings.quantization.skip)
            json.value("", word);
    json.endArray();
    json.beginArray("layers_kept_fp32");
    for (const auto& name : layersKeptInFloat(content))
        json.value("", name);
    json.endArray();
    json.endObject();
    json.beginArray("snapshots");
    for (const CloudSnapshot& snapshot : content.snapshots) {
        double sum = 0.0, maximum = 0.0;
        for (float value : snapshot.error) {
            sum += value;
            maximum = std::max(maximum, static_cast<double>(value));
        }
        json.beginObject()
            .value("title", snapshot.title)
            .value("layer", snapshot.layerName)
            .value("points", static_cast<int64_t>(snapshot.error.size()))
            .value("mean_error", snapshot.error.empty() ? 0.0 : sum / static_cast<double>(snapshot.error.size()))
            .value("max_error", maximum)
            .endObject();
    }
    json.endArray();
    json.endObject();

    // The two result documents go in as they are, so their keys match the files the
    // quantize and sensitivity commands write.
    std::string text = json.text();
    text.erase(text.find_last_of('}'));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    text += ",\n  \"quantize\": " + (content.hasQuantize ? quantizeReportJson(content.quantize) : std::string("null"));
    text += ",\n  \"sensitivity\": " + (content.hasSensitivity ? sensitivityReportJson(content.sensitivity) : std::string("null"));
    text += "\n}\n";
    return text;
}

std::string reportCsv(const ReportContent& content)
{
    CsvRows rows;
    if (content.hasQuantize)
        addSummaryRows(rows, content.quantize);
    if (content.hasSensitivity)
        addSensitivityRows(rows, content.sensitivity.sweep);
    for (const auto& name : layersKeptInFloat(content))
        rows.add("skip_set", name, "kept_fp32", "1");
    if (content.hasSensitivity && content.sensitivity.hasSearch)
        for (const auto& name : content.sensitivity.search.skip)
            rows.add("skip_search", name, "suggested_fp32", "1");
    for (const CloudSnapshot& snapshot : content.snapshots) {
        double maximum = 0.0;
        for (float value : snapshot.error)
            maximum = std::max(maximum, static_cast<double>(value));
        rows.add("snapshot", snapshot.title, "max_error", maximum);
    }
    return rows.text();
}

} // namespace pointq::report
