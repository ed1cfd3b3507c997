#include "Arguments.h"
#include "Commands.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace pointq::cli {

Arguments::Arguments(const std::vector<std::string>& words, const std::vector<OptionSpec>& specs)
{
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i];
        if (word.rfind("--", 0) != 0) {
            if (word.find('=') != std::string::npos && word.front() != '=') {
                m_overrides.push_back(word);
                continue;
            }
            throw UsageError("unexpected argument '" + word + "'; options start with -- and config overrides look like key.path=value");
        }
        std::string name = word.substr(2);
        std::string inlineValue;
        bool hasInlineValue = false;
        if (const auto equals = name.find('='); equals != std::string::npos) {
            inlineValue = name.substr(equals + 1);
            name = name.substr(0, equals);
            hasInlineValue = true;
        }
        const OptionSpec* spec = nullptr;
        for (const auto& candidate : specs)
            if (candidate.name == name)
                spec = &candidate;
        if (!spec) {
            std::vector<std::string> known;
            for (const auto& candidate : specs)
                known.push_back(candidate.name);
            const std::string suggestion = closestMatch(name, known);
            throw UsageError("unknown option --" + name +
                             (suggestion.empty() ? std::string(" (see --help)") : "; did you mean --" + suggestion + "?"));
        }
        if (spec->valueName.empty()) {
            if (hasInlineValue)
                throw UsageError("--" + name + " takes no value");
            m_values[name].push_back("true");
            continue;
        }
        if (!hasInlineValue) {
            if (i + 1 >= words.size() || words[i + 1].rfind("--", 0) == 0)
                throw UsageError("--" + name + " needs a value: " + spec->valueName);
            inlineValue = words[++i];
        }
        if (!spec->repeatable && m_values.count(name))
            throw UsageError("--" + name + " is given twice");
        m_values[name].push_back(inlineValue);
    }
}

std::string Arguments::value(const std::string& name, const std::string& fallback) const
{
    const auto found = m_values.find(name);
    return found == m_values.end() ? fallback : found->second.back();
}

std::vector<std::string> Arguments::list(const std::string& name) const
{
    std::vector<std::string> items;
    const auto found = m_values.find(name);
    if (found == m_values.end())
        return items;
    for (const auto& value : found->second) {
        std::stringstream stream(value);
        std::string item;
        while (std::getline(stream, item, ','))
            if (!item.empty())
                items.push_back(item);
    }
    return items;
}

int64_t Arguments::integer(const std::string& name, int64_t fallback) const
{
    if (!has(name))
        return fallback;
    const std::string text = value(name);
    try {
        size_t used = 0;
        const long long parsed = std::stoll(text, &used);
        if (used != text.size())
            throw std::invalid_argument(text);
        return parsed;
    } catch (const std::exception&) {
        throw UsageError("--" + name + " expects a whole number, got '" + text + "'");
    }
}

double Arguments::number(const std::string& name, double fallback) const
{
    if (!has(name))
        return fallback;
    const std::string text = value(name);
    try {
        size_t used = 0;
        const double parsed = std::stod(text, &used);
        if (used != text.size())
            throw std::invalid_argument(text);
        return parsed;
    } catch (const std::exception&) {
        throw UsageError("--" + name + " expects a number, got '" + text + "'");
    }
}

std::string formatHelp(const std::string& usage, const std::string& summary, const std::vector<OptionSpec>& specs)
{
    std::ostringstream out;
    out << "usage: " << usage << "\n\n" << summary << "\n\noptions:\n";
    for (const auto& spec : specs) {
        std::string left = "  --" + spec.name + (spec.valueName.empty() ? "" : " " + spec.valueName);
        if (left.size() < 28)
            left.resize(28, ' ');
        else
            left += "\n" + std::string(28, ' ');
        out << left << spec.help << "\n";
    }
    out << "\nTrailing words key.path=value override config keys, as in openpoints' scripts\n"
           "(values are Python literals or YAML scalars: 64, 0.1, True, false, None, null, [1,2];\n"
           "other text stays a string).\n";
    return out.str();
}

} // namespace pointq::cli

namespace pointq::cli {

namespace {

size_t editDistance(const std::string& left, const std::string& right)
{
    std::vector<size_t> previous(right.size() + 1);
    std::vector<size_t> current(right.size() + 1);
    for (size_t j = 0; j <= right.size(); ++j)
        previous[j] = j;
    for (size_t i = 1; i <= left.size(); ++i) {
        current[0] = i;
        for (size_t j = 1; j <= right.size(); ++j) {
            const size_t substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[right.size()];
}

} // namespace

std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates)
{
    const size_t allowed = std::max<size_t>(2, word.size() / 3);
    std::string best;
    size_t bestDistance = allowed + 1;
    for (const auto& candidate : candidates) {
        const size_t distance = editDistance(word, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

} // namespace pointq::cli
