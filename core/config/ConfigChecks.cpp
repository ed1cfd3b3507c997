#include "config/ConfigChecks.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace pointq {

namespace {

std::string toLower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

std::string formatNumber(double value)
{
    if (!std::isfinite(value))
        return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
    char buffer[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        if (std::strtod(buffer, nullptr) == value)
            break;
    }
    return buffer;
}

int requirePositive(const Config& config, const std::string& key, int value)
{
    if (value <= 0)
        throw config.error(key, "expected a positive integer for " + key + ", found " + std::to_string(value));
    return value;
}

double requirePositive(const Config& config, const std::string& key, double value)
{
    if (!(value > 0.0) || !std::isfinite(value))
        throw config.error(key, "expected a positive number for " + key + ", found " + formatNumber(value));
    return value;
}

std::string readChoice(const Config& config, const std::string& key, const std::string& fallback,
                       std::initializer_list<const char*> choices, bool lowerCase)
{
    std::string value = config.getString(key, fallback);
    if (lowerCase)
        value = toLower(value);
    std::string list;
    for (const char* choice : choices) {
        if (value == choice)
            return value;
        list += list.empty() ? choice : std::string(", ") + choice;
    }
    throw config.error(key, "expected one of " + list + " for " + key + ", found '" + value + "'");
}

std::string readOptionalName(const Config& config, const std::string& argsKey, const std::string& field,
                             const std::string& fallback)
{
    const YAML::Node args = config.find(argsKey);
    if (!args.IsDefined())
        return fallback;
    if (args.IsNull())
        return {};
    if (args.IsScalar())
        return toLower(config.toString(args, argsKey));
    if (!args.IsMap())
        throw config.error(argsKey, "expected a mapping with '" + field + "' for " + argsKey + ", found a list");

    const std::string key = argsKey + "." + field;
    const YAML::Node name = config.find(key);
    if (!name.IsDefined() || name.IsNull())
        return {};
    return toLower(config.toString(name, key));
}

} // namespace pointq
