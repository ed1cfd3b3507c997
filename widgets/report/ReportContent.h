#pragma once

#include "analysis/SensitivityJob.h"
#include "eval/QuantizeJob.h"

#include <string>
#include <vector>

namespace pointq::report {

/// One cloud coloured by the per-point FP32-INT8 difference of one layer.
struct CloudSnapshot {
    std::string title;            ///< e.g. "cloud 1: airplane"
    std::string layerName;        ///< the layer whose output difference colours the points
    std::vector<float> positions; ///< x, y, z per point
    std::vector<float> error;     ///< per point, L2 norm of FP32 - INT8 over the layer's channels
};

/// Everything a PDF, JSON or CSV report shows. The CLI fills it from JSON files or
/// fresh runs, the workbench from the runs of its session.
struct ReportContent {
    std::string title = "PointQ quantization report";
    std::string generatedAt;          ///< UTC, ISO 8601

    bool hasQuantize = false;
    QuantizeReport quantize;
    std::string quantizeSource;       ///< "measured by this command" or the JSON file it was read from

    /// Histograms and clip ranges by layer; empty when no calibration ran.
    std::vector<LayerStatistics> statistics;

    bool hasSensitivity = false;
    SensitivityReport sensitivity;
    std::string sensitivitySource;
    std::string sensitivityAbsentReason; ///< shown when hasSensitivity is false

    std::vector<CloudSnapshot> snapshots;
    std::string snapshotMethod;       ///< how the snapshots were drawn, stated under them
    std::string snapshotClouds;       ///< which clouds the snapshots show, e.g. "the first 4 evaluated clouds of DATA"
    std::string snapshotAbsentReason;

    int histogramLayers = 4;          ///< the N most sensitive layers get histograms
};

/// The N most sensitive layer names of the sweep, most sensitive first; empty without a sweep.
std::vector<std::string> mostSensitiveLayers(const ReportContent& content, size_t count);

} // namespace pointq::report
