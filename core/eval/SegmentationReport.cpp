#include "eval/SegmentationJob.h"

#include "common/Json.h"
#include "common/Plural.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace pointq {

namespace {

void writeMetrics(JsonWriter& json, const std::string& key, const SegmentationMetrics& metrics,
                  const std::vector<std::string>& names)
{
    json.beginObject(key)
        .value("mean_iou", metrics.meanIoU)
        .value("mean_iou_all_classes", metrics.meanIoUAllClasses)
        .value("overall_accuracy", metrics.overallAccuracy)
        .value("mean_class_accuracy", metrics.meanClassAccuracy)
        .value("points", metrics.points)
        .value("classes_present", metrics.classesPresent);
    json.beginArray("class_iou");
    for (size_t c = 0; c < metrics.classIoU.size(); ++c) {
        json.beginObject().value("class", static_cast<int64_t>(c));
        if (c < names.size())
            json.value("name", names[c]);
        json.value("iou", metrics.classIoU[c]).endObject();
    }
    json.endArray().endObject();
}

std::string row(const std::string& name, const std::string& a, const std::string& b, const std::string& c,
                const std::string& d)
{
    char buffer[256];
    std::snprintf(buffer, sizeof(buffer), "  %-22s %10s %10s %12s %14s\n", name.c_str(), a.c_str(), b.c_str(),
                  c.c_str(), d.c_str());
    return buffer;
}

} // namespace

std::string formatTableCell(double value)
{
    if (std::isnan(value))
        return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.2f", value);
    return buffer;
}

std::vector<std::string> segmentationClassNames(const std::string& datasetName, int64_t classCount)
{
    if (datasetName == "S3DIS" && classCount == 13)
        return {"ceiling", "floor", "wall", "beam", "column", "window", "door",
                "table", "chair", "sofa", "bookcase", "board", "clutter"};
    if (datasetName == "ScanNet" && classCount == 20)
        return {"wall", "floor", "cabinet", "bed", "chair", "sofa", "table", "door", "window", "bookshelf",
                "picture", "counter", "desk", "curtain", "refrigerator", "shower curtain", "toilet", "sink",
                "bathtub", "otherfurniture"};
    return {};
}

void writeSegmentationJson(JsonWriter& json, const SegmentationComparison& scene)
{
    json.beginObject("segmentation")
        .value("scene", scene.sceneFile)
        .value("labels", scene.labelsSource)
        .value("points", scene.points)
        .value("voxels", scene.voxels)
        .value("voting_passes", scene.passes)
        .value("passes_for_full_coverage", scene.passesForFullCoverage)
        .value("extra_crops", scene.crops)
        .value("points_not_fed", scene.uncoveredPoints)
        .value("point_agreement", scene.pointAgreement)
        .value("logit_sqnr_db", scene.logitSqnrDb)
        .value("labelled", scene.labelled);
    if (scene.labelled) {
        writeMetrics(json, "fp32", scene.fp32, scene.classNames);
        writeMetrics(json, "int8", scene.int8, scene.classNames);
        json.value("mean_iou_delta", scene.int8.meanIoU - scene.fp32.meanIoU)
            .value("overall_accuracy_delta", scene.int8.overallAccuracy - scene.fp32.overallAccuracy);
    }
    writeMetrics(json, "int8_against_fp32", scene.int8AgainstFp32, scene.classNames);
    json.endObject();
}

std::string segmentationTable(const SegmentationComparison& scene)
{
    std::ostringstream out;
    out << "\nscene:    " << countedNoun(scene.points, "point", "points") << ", "
        << countedNoun(scene.voxels, "voxel", "voxels") << ", " << countedNoun(scene.passes, "voting pass", "voting passes")
        << " of " << scene.passesForFullCoverage << " for full coverage";
    if (scene.crops > 0)
        out << ", " << countedNoun(scene.crops, "extra crop", "extra crops");
    out << "\nlabels:   " << (scene.labelled ? scene.labelsSource : std::string("none (INT8 scored against FP32)"))
        << "\n\n";
    out << row("per point", "FP32", "INT8", "INT8 vs FP32", "INT8 vs FP32");
    out << row("", "", "", "(delta)", "(as labels)");
    const SegmentationMetrics& flips = scene.int8AgainstFp32;
    if (scene.labelled) {
        out << row("mIoU (%)", formatTableCell(scene.fp32.meanIoU), formatTableCell(scene.int8.meanIoU),
                   formatTableCell(scene.int8.meanIoU - scene.fp32.meanIoU), formatTableCell(flips.meanIoU));
        out << row("mIoU all classes (%)", formatTableCell(scene.fp32.meanIoUAllClasses), formatTableCell(scene.int8.meanIoUAllClasses),
                   formatTableCell(scene.int8.meanIoUAllClasses - scene.fp32.meanIoUAllClasses), formatTableCell(flips.meanIoUAllClasses));
        out << row("overall accuracy (%)", formatTableCell(scene.fp32.overallAccuracy), formatTableCell(scene.int8.overallAccuracy),
                   formatTableCell(scene.int8.overallAccuracy - scene.fp32.overallAccuracy), formatTableCell(flips.overallAccuracy));
    } else {
        out << row("mIoU (%)", "no labels", "no labels", "", formatTableCell(flips.meanIoU));
        out << row("overall accuracy (%)", "no labels", "no labels", "", formatTableCell(flips.overallAccuracy));
    }
    out << "\n" << row("class IoU (%)", "FP32", "INT8", "delta", "INT8 vs FP32");
    for (size_t c = 0; c < flips.classIoU.size(); ++c) {
        const std::string name = c < scene.classNames.size() ? scene.classNames[c] : "class " + std::to_string(c);
        const double fp32 = scene.labelled ? scene.fp32.classIoU[c] : std::nan("");
        const double int8 = scene.labelled ? scene.int8.classIoU[c] : std::nan("");
        out << row(std::to_string(c) + " " + name, formatTableCell(fp32), formatTableCell(int8), formatTableCell(int8 - fp32), formatTableCell(flips.classIoU[c]));
    }
    return out.str();
}

} // namespace pointq
