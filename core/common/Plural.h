#pragma once

#include <cstdint>
#include <string>

namespace pointq {

/// Formats a count with the English noun form it takes: "1 cloud", "0 clouds", "2 clouds".
inline std::string countedNoun(int64_t count, const std::string& singular, const std::string& plural)
{
    return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

} // namespace pointq
