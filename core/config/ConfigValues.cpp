// Typed reads of Config values, with errors that name the file and line of the value.
#include "config/Config.h"

#include <climits>

namespace pointq {

namespace {

// PyYAML reads a quoted scalar, and EasyConfig an override that is not a Python literal,
// as a string; both carry the non-specific tag "!".
bool isString(const YAML::Node& node)
{
    return node.IsScalar() && node.Tag() == "!";
}

std::string describe(const YAML::Node& node)
{
    if (node.IsNull())
        return "null";
    if (node.IsMap())
        return "a mapping";
    if (node.IsSequence())
        return "a list";
    if (isString(node))
        return "the string '" + node.Scalar() + "'";
    return "'" + node.Scalar() + "'";
}

} // namespace

int Config::toInt(const YAML::Node& node, const std::string& dottedKey) const
{
    long long value = 0;
    if (!node.IsScalar() || isString(node) || !YAML::convert<long long>::decode(node, value) ||
        value < INT_MIN || value > INT_MAX)
        throw error(dottedKey, "expected an integer for " + dottedKey + ", found " + describe(node));
    return static_cast<int>(value);
}

double Config::toDouble(const YAML::Node& node, const std::string& dottedKey) const
{
    double value = 0.0;
    if (!node.IsScalar() || isString(node) || !YAML::convert<double>::decode(node, value))
        throw error(dottedKey, "expected a number for " + dottedKey + ", found " + describe(node));
    return value;
}

bool Config::toBool(const YAML::Node& node, const std::string& dottedKey) const
{
    bool value = false;
    if (!node.IsScalar() || isString(node) || !YAML::convert<bool>::decode(node, value))
        throw error(dottedKey, "expected True or False for " + dottedKey + ", found " + describe(node) +
                                   (isString(node) ? " (an override needs True or False)" : ""));
    return value;
}

std::string Config::toString(const YAML::Node& node, const std::string& dottedKey) const
{
    if (!node.IsScalar())
        throw error(dottedKey, "expected a string for " + dottedKey + ", found " + describe(node));
    return node.Scalar();
}

int Config::getInt(const std::string& dottedKey, int fallback) const
{
    const YAML::Node node = find(dottedKey);
    return node.IsDefined() ? toInt(node, dottedKey) : fallback;
}

double Config::getDouble(const std::string& dottedKey, double fallback) const
{
    const YAML::Node node = find(dottedKey);
    return node.IsDefined() ? toDouble(node, dottedKey) : fallback;
}

bool Config::getBool(const std::string& dottedKey, bool fallback) const
{
    const YAML::Node node = find(dottedKey);
    return node.IsDefined() ? toBool(node, dottedKey) : fallback;
}

std::string Config::getString(const std::string& dottedKey, const std::string& fallback) const
{
    const YAML::Node node = find(dottedKey);
    return node.IsDefined() ? toString(node, dottedKey) : fallback;
}

std::vector<int> Config::getIntList(const std::string& dottedKey, const std::vector<int>& fallback) const
{
    const YAML::Node node = find(dottedKey);
    if (!node.IsDefined())
        return fallback;
    if (!node.IsSequence())
        throw error(dottedKey, "expected a list of integers for " + dottedKey + ", found " + describe(node));
    std::vector<int> values;
    for (std::size_t i = 0; i < node.size(); ++i)
        values.push_back(toInt(node[i], dottedKey + "[" + std::to_string(i) + "]"));
    return values;
}

std::vector<std::string> Config::getStringList(const std::string& dottedKey,
                                               const std::vector<std::string>& fallback) const
{
    const YAML::Node node = find(dottedKey);
    if (!node.IsDefined())
        return fallback;
    if (!node.IsSequence())
        throw error(dottedKey, "expected a list of strings for " + dottedKey + ", found " + describe(node));
    std::vector<std::string> values;
    for (std::size_t i = 0; i < node.size(); ++i)
        values.push_back(toString(node[i], dottedKey + "[" + std::to_string(i) + "]"));
    return values;
}

} // namespace pointq
