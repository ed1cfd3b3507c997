#pragma once

#include "eval/QuantizeJob.h"

#include <QJsonObject>

namespace pointq::studio {

/// Writes every field of a quantize report that the workbench shows, so that a saved
/// session reopens with the same figures, tables and histograms.
QJsonObject reportToJson(const QuantizeReport& report);

/// Reads what reportToJson() wrote. Throws DataError naming the missing or mistyped key.
QuantizeReport reportFromJson(const QJsonObject& object);

} // namespace pointq::studio
