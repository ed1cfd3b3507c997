#pragma once

#include "analysis/SensitivityJob.h"
#include "eval/QuantizeJob.h"

#include <string>

namespace pointq::report {

/// Reads the JSON that `pointq quantize --report` writes. Histograms are not part of
/// that file, so layerStatistics only carries each layer's name and SQNR. Throws
/// DataError naming the file and the key for unreadable JSON or a missing or mistyped key.
QuantizeReport readQuantizeReportJson(const std::string& path);

/// Reads the JSON that `pointq sensitivity --report` writes. A logit SQNR stored as
/// null (identical outputs, infinite SQNR) reads back as +infinity. Throws DataError
/// like readQuantizeReportJson().
SensitivityReport readSensitivityReportJson(const std::string& path);

} // namespace pointq::report
