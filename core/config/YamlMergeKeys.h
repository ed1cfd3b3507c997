#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace pointq {

/// One key of a YAML mapping after `<<` merge keys are applied.
/// NOTE: copy-assigning an entry overwrites the parsed nodes it refers to, because yaml-cpp's
/// Node::operator= assigns through the handle; rebind the members with reset() instead.
struct MappingEntry {
    std::string key;
    YAML::Node keyNode;   // the parsed key, for its mark
    YAML::Node value;     // the parsed value, with its marks
};

/// Lists the keys of `mapping` as PyYAML's SafeLoader constructs them, because yaml-cpp 0.7
/// keeps `<<` as an ordinary key. A plain `<<` key takes a mapping or a sequence of mappings,
/// whose keys are inserted first. Earlier mappings of a sequence win over later ones, and the
/// mapping's own keys win over merged ones. A repeated key keeps its first position and its
/// last value, like a Python dict. Throws ConfigError naming `file` and the line for a key
/// that is not a scalar or a `<<` value that is not a mapping.
std::vector<MappingEntry> mappingEntries(const YAML::Node& mapping, const std::string& file);

/// Deep-copies `node` with every `<<` merge key resolved. The copy has no marks.
YAML::Node resolveMergeKeys(const YAML::Node& node, const std::string& file);

/// "line L, column C" for a yaml-cpp mark, converted from 0-based to 1-based.
std::string markPosition(const YAML::Mark& mark);

} // namespace pointq
