#include "config/YamlMergeKeys.h"

#include "common/Errors.h"

#include <map>

namespace pointq {

namespace {

// A plain `<<` key; a quoted '<<' is an ordinary string key, as in PyYAML.
bool isMergeKey(const YAML::Node& key)
{
    return key.IsScalar() && key.Tag() == "?" && key.Scalar() == "<<";
}

void appendMergedEntries(const YAML::Node& value, const std::string& file, std::vector<MappingEntry>& merged)
{
    if (value.IsMap()) {
        const std::vector<MappingEntry> entries = mappingEntries(value, file);
        merged.insert(merged.end(), entries.begin(), entries.end());
        return;
    }
    if (!value.IsSequence())
        throw ConfigError("expected a mapping or a sequence of mappings after the merge key <<", file,
                          markPosition(value.Mark()));

    // Entries appended later win, so the sequence goes in reverse: its first mapping wins.
    for (std::size_t i = value.size(); i-- > 0;) {
        const YAML::Node item = value[i];
        if (!item.IsMap())
            throw ConfigError("expected a mapping in the sequence after the merge key <<", file,
                              markPosition(item.Mark()));
        const std::vector<MappingEntry> entries = mappingEntries(item, file);
        merged.insert(merged.end(), entries.begin(), entries.end());
    }
}

} // namespace

std::string markPosition(const YAML::Mark& mark)
{
    if (mark.is_null())
        return {};
    return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

std::vector<MappingEntry> mappingEntries(const YAML::Node& mapping, const std::string& file)
{
    std::vector<MappingEntry> merged;
    std::vector<MappingEntry> own;
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
        const YAML::Node key = it->first;
        if (isMergeKey(key)) {
            appendMergedEntries(it->second, file, merged);
            continue;
        }
        if (!key.IsScalar())
            throw ConfigError("expected a scalar key, found a " +
                                  std::string(key.IsMap() ? "mapping" : key.IsSequence() ? "sequence" : "null"),
                              file, markPosition(key.Mark()));
        own.push_back({key.Scalar(), key, it->second});
    }
    merged.insert(merged.end(), own.begin(), own.end());

    std::vector<MappingEntry> entries;
    std::map<std::string, std::size_t> indexByKey;
    for (const MappingEntry& entry : merged) {
        const auto found = indexByKey.find(entry.key);
        if (found == indexByKey.end()) {
            indexByKey.emplace(entry.key, entries.size());
            entries.push_back(entry);
        } else {
            // reset() rebinds the handles; assigning a Node would overwrite the parsed node,
            // which an alias may share with other mappings.
            entries[found->second].keyNode.reset(entry.keyNode);
            entries[found->second].value.reset(entry.value);
        }
    }
    return entries;
}

YAML::Node resolveMergeKeys(const YAML::Node& node, const std::string& file)
{
    if (node.IsMap()) {
        YAML::Node copy(YAML::NodeType::Map);
        for (const MappingEntry& entry : mappingEntries(node, file))
            copy[entry.key] = resolveMergeKeys(entry.value, file);
        return copy;
    }
    if (node.IsSequence()) {
        YAML::Node copy(YAML::NodeType::Sequence);
        for (const YAML::Node& item : node)
            copy.push_back(resolveMergeKeys(item, file));
        return copy;
    }
    return YAML::Clone(node);
}

} // namespace pointq
