#pragma once

#include "report/ReportContent.h"

#include <string>

namespace pointq::report {

/// The report's figures as one JSON document: the quantize report and the sensitivity
/// report exactly as `pointq quantize --report` and `pointq sensitivity --report` write
/// them (null when absent), plus the most sensitive layers, the skip set and the
/// snapshot figures that the PDF shows.
std::string reportJson(const ReportContent& content);

/// The same figures as CSV with the columns section, name, figure, value: one row per
/// summary figure, per layer and sweep figure, per FP32 layer and per snapshot.
std::string reportCsv(const ReportContent& content);

/// Layers the quantize run kept in FP32, in model order.
std::vector<std::string> layersKeptInFloat(const ReportContent& content);

} // namespace pointq::report
