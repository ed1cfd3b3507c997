#pragma once

#include "config/Config.h"

#include <initializer_list>
#include <string>

namespace pointq {

/// The shortest decimal text that reads back as exactly `value`, like Python's repr.
std::string formatNumber(double value);

/// Returns `value`, or throws config.error(key) when it is not positive.
int requirePositive(const Config& config, const std::string& key, int value);
double requirePositive(const Config& config, const std::string& key, double value);

/// Reads a string that must be one of `choices`, or returns `fallback` when the key is absent.
/// With `lowerCase` the value is lower-cased before the comparison and returned so.
std::string readChoice(const Config& config, const std::string& key, const std::string& fallback,
                       std::initializer_list<const char*> choices, bool lowerCase = false);

/// Reads a layer name from openpoints' `act_args`/`norm_args` style: `argsKey` may be absent
/// (returns `fallback`), null or a mapping without `field` (returns "" for no layer), a
/// mapping with `field`, or a plain name. The name is returned in lower case.
std::string readOptionalName(const Config& config, const std::string& argsKey, const std::string& field,
                             const std::string& fallback);

} // namespace pointq
