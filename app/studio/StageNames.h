#pragma once

#include <QString>

namespace pointq::studio {

/// Translates a stage name that core's quantize or sensitivity job reports ("calibrating",
/// "swept clouds 8 of 24", ...). Returns a name it does not know unchanged.
QString translatedStageName(const QString& stage);

} // namespace pointq::studio
