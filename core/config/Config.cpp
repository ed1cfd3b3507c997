#include "config/Config.h"

#include "config/PythonLiteral.h"
#include "config/YamlMergeKeys.h"

#include "common/Log.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace pointq {

namespace {

// Reads an override value as a Python literal, as openpoints does, and also takes the
// YAML core-schema words for null and booleans (null, ~, true, false in any of YAML's
// spellings), which openpoints would keep as strings. A user who writes
// sa_use_res=false means the boolean.
YAML::Node parseOverrideValue(const std::string& text)
{
    static const char* const yamlWords[] = {"null", "Null", "NULL", "~", "true", "TRUE", "false", "FALSE"};
    for (const char* word : yamlWords)
        if (text == word)
            return YAML::Load(text);
    return parsePythonLiteral(text);
}

const char* const kOverrideSource = "override";

bool isRegularFile(const std::string& path)
{
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// Python's os.path.dirname: everything before the last '/', with trailing slashes removed
// unless only slashes remain.
std::string directoryOf(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return {};
    std::string head = path.substr(0, slash + 1);
    if (head.find_first_not_of('/') != std::string::npos)
        head.erase(head.find_last_not_of('/') + 1);
    return head;
}

// Python's os.path.join for two parts where `name` is relative.
std::string joinPath(const std::string& directory, const std::string& name)
{
    if (directory.empty() || directory.back() == '/')
        return directory + name;
    return directory + "/" + name;
}

// Python's os.path.splitext(path)[1].
std::string extensionOf(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    const std::size_t nameStart = slash == std::string::npos ? 0 : slash + 1;
    const std::size_t nameBegin = path.find_first_not_of('.', nameStart);
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos || nameBegin == std::string::npos || dot <= nameBegin)
        return {};
    return path.substr(dot);
}

// The files EasyConfig.load(path, recursive=True) applies, in the order it applies them.
std::vector<std::string> defaultChain(const std::string& path)
{
    const std::string defaultName = "default" + extensionOf(path);
    std::vector<std::string> chain{path};
    std::string current = path;
    while (directoryOf(current) != current) {
        current = directoryOf(current);
        chain.push_back(joinPath(current, defaultName));
    }

    std::vector<std::string> existing;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        // Loading a default file itself lists it twice; applying it again changes nothing.
        if (isRegularFile(*it) && (existing.empty() || existing.back() != *it))
            existing.push_back(*it);
    }
    return existing;
}

std::string readFile(const std::string& path)
{
    std::ifstream stream(path, std::ios::binary);
    if (!stream)
        throw ConfigError("cannot open the config file for reading", path);
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
}

YAML::Node parseDocument(const std::string& text, const std::string& file)
{
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(text);
    } catch (const YAML::ParserException& error) {
        throw ConfigError("invalid YAML: " + error.msg, file, markPosition(error.mark));
    }
    if (documents.size() > 1)
        throw ConfigError("expected a single YAML document, found " + std::to_string(documents.size()), file);
    // NOTE: PyYAML returns None for an empty file and EasyConfig.update(None) raises; an empty
    // file is read here as an empty mapping.
    if (documents.empty() || documents.front().IsNull())
        return YAML::Node(YAML::NodeType::Map);
    if (!documents.front().IsMap())
        throw ConfigError("expected a mapping of keys at the top level", file,
                          markPosition(documents.front().Mark()));
    return documents.front();
}

std::string joinKey(const std::string& prefix, const std::string& key)
{
    return prefix.empty() ? key : prefix + "." + key;
}

} // namespace

std::string ValueSource::position(const std::string& dottedKey) const
{
    if (line > 0)
        return "line " + std::to_string(line) + ", key " + dottedKey;
    return "key " + dottedKey;
}

Config Config::load(const std::string& path, const std::vector<std::string>& overrides)
{
    if (!isRegularFile(path))
        throw ConfigError("config file not found", path);

    Config config;
    config.m_mainFile = path;
    for (const std::string& file : defaultChain(path))
        config.applyDocument(parseDocument(readFile(file), file), file);
    config.applyOverrides(overrides);
    return config;
}

Config Config::fromYamlText(const std::string& text, const std::string& sourceName)
{
    Config config;
    config.m_mainFile = sourceName;
    config.applyDocument(parseDocument(text, sourceName), sourceName);
    return config;
}

void Config::applyDocument(const YAML::Node& document, const std::string& file)
{
    m_files.push_back(file);
    mergeMapping(m_root, document, {}, file);
}

// EasyConfig.update(dict): a mapping merges into a mapping; anything else replaces the value.
void Config::mergeMapping(YAML::Node target, const YAML::Node& source, const std::string& prefix,
                          const std::string& file)
{
    for (const MappingEntry& entry : mappingEntries(source, file)) {
        const std::string dottedKey = joinKey(prefix, entry.key);
        YAML::Node existing = target[entry.key];
        if (entry.value.IsMap()) {
            if (!existing.IsMap()) {
                forgetSources(dottedKey);
                target[entry.key] = YAML::Node(YAML::NodeType::Map);
            }
            m_sources[dottedKey] = ValueSource{file, entry.keyNode.Mark().line + 1,
                                               entry.keyNode.Mark().column + 1, {}};
            mergeMapping(target[entry.key], entry.value, dottedKey, file);
            continue;
        }
        forgetSources(dottedKey);
        target[entry.key] = resolveMergeKeys(entry.value, file);
        recordSources(entry.value, dottedKey, entry.keyNode.Mark(), file);
    }
}

void Config::recordSources(const YAML::Node& node, const std::string& dottedKey, const YAML::Mark& mark,
                           const std::string& file)
{
    m_sources[dottedKey] = ValueSource{file, mark.is_null() ? 0 : mark.line + 1,
                                       mark.is_null() ? 0 : mark.column + 1, {}};
    if (node.IsMap()) {
        for (const MappingEntry& entry : mappingEntries(node, file))
            recordSources(entry.value, joinKey(dottedKey, entry.key), entry.keyNode.Mark(), file);
    } else if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            recordSources(node[i], dottedKey + "[" + std::to_string(i) + "]", node[i].Mark(), file);
    }
}

void Config::forgetSources(const std::string& dottedKey)
{
    auto it = m_sources.lower_bound(dottedKey);
    while (it != m_sources.end() && it->first.compare(0, dottedKey.size(), dottedKey) == 0) {
        const std::string& key = it->first;
        const bool inSubtree = key.size() == dottedKey.size() || key[dottedKey.size()] == '.' ||
                               key[dottedKey.size()] == '[';
        it = inSubtree ? m_sources.erase(it) : std::next(it);
    }
}

// EasyConfig.update(list): a leading "--" is dropped; "key=value" is one item, and an item
// without '=' takes the next item as its value.
void Config::applyOverrides(const std::vector<std::string>& overrides)
{
    for (std::size_t index = 0; index < overrides.size(); ++index) {
        std::string item = overrides[index];
        if (item.rfind("--", 0) == 0)
            item.erase(0, 2);

        const std::size_t equals = item.find('=');
        if (equals != std::string::npos) {
            applyOverride(item.substr(0, equals), item.substr(equals + 1), overrides[index]);
            continue;
        }
        if (index + 1 >= overrides.size())
            throw ConfigError("expected key=value, or a value after the key, for the last override '" +
                                  overrides[index] + "'",
                              kOverrideSource, "argument " + std::to_string(index + 1));
        applyOverride(item, overrides[index + 1], overrides[index] + " " + overrides[index + 1]);
        ++index;
    }
}

void Config::applyOverride(const std::string& key, const std::string& valueText, const std::string& argument)
{
    std::vector<std::string> subkeys;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = key.find('.', start);
        subkeys.push_back(key.substr(start, dot - start));
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    for (const std::string& subkey : subkeys) {
        if (subkey.empty())
            throw ConfigError("expected a dotted key such as model.encoder_args.width in the override '" +
                                  argument + "', found an empty key part",
                              kOverrideSource, "key " + key);
    }

    // A new key is allowed, as openpoints allows it, but it is usually a misspelling.
    if (!find(key).IsDefined())
        logWarning("pointq.config", "the override '" + argument + "' adds the key " + key + ", which " + m_mainFile
                                        + " does not have; check its spelling");

    // Missing intermediate keys become mappings, like dict.setdefault in EasyConfig.update.
    // reset() rebinds the handle; assigning with '=' would overwrite the node in the tree.
    YAML::Node current;
    current.reset(m_root);
    std::string dottedKey;
    for (std::size_t i = 0; i + 1 < subkeys.size(); ++i) {
        dottedKey = joinKey(dottedKey, subkeys[i]);
        YAML::Node child = current[subkeys[i]];
        if (!child.IsDefined()) {
            current[subkeys[i]] = YAML::Node(YAML::NodeType::Map);
            m_sources[dottedKey] = ValueSource{kOverrideSource, 0, 0, argument};
        } else if (!child.IsMap()) {
            throw error(dottedKey, "cannot apply the override '" + argument + "' because " + dottedKey +
                                       " is not a mapping");
        }
        const YAML::Node& parent = current;
        current.reset(parent[subkeys[i]]);
    }

    dottedKey = joinKey(dottedKey, subkeys.back());
    forgetSources(dottedKey);
    const YAML::Node value = parseOverrideValue(valueText);
    current[subkeys.back()] = value;
    recordSources(value, dottedKey, YAML::Mark::null_mark(), kOverrideSource);
    for (auto it = m_sources.lower_bound(dottedKey); it != m_sources.end() &&
                                                     it->first.compare(0, dottedKey.size(), dottedKey) == 0;
         ++it) {
        if (it->second.file == kOverrideSource)
            it->second.override = argument;
    }
}

YAML::Node Config::find(const std::string& dottedKey) const
{
    // reset() rebinds the handle; assigning with '=' would overwrite the node in the tree.
    YAML::Node current;
    current.reset(m_root);
    std::size_t start = 0;
    while (start <= dottedKey.size()) {
        const std::size_t end = std::min(dottedKey.find('.', start), dottedKey.size());
        std::string part = dottedKey.substr(start, end - start);
        std::vector<std::size_t> indices;
        while (!part.empty() && part.back() == ']') {
            const std::size_t open = part.rfind('[');
            const std::string digits = open == std::string::npos ? std::string() : part.substr(open + 1, part.size() - open - 2);
            if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
                return YAML::Node(YAML::NodeType::Undefined);
            indices.insert(indices.begin(), std::stoul(digits));
            part.erase(open);
        }

        const YAML::Node& parent = current;
        if (!current.IsMap() || !parent[part].IsDefined())
            return YAML::Node(YAML::NodeType::Undefined);
        current.reset(parent[part]);
        for (const std::size_t index : indices) {
            if (!current.IsSequence() || index >= current.size())
                return YAML::Node(YAML::NodeType::Undefined);
            const YAML::Node& sequence = current;
            current.reset(sequence[index]);
        }
        start = end + 1;
    }
    return current;
}

const ValueSource* Config::source(const std::string& dottedKey) const
{
    const auto found = m_sources.find(dottedKey);
    return found == m_sources.end() ? nullptr : &found->second;
}

ConfigError Config::error(const std::string& dottedKey, const std::string& expectation) const
{
    std::string key = dottedKey;
    while (true) {
        if (const ValueSource* where = source(key))
            return ConfigError(expectation, where->file, where->position(dottedKey));
        const std::size_t cut = key.find_last_of(".[");
        if (cut == std::string::npos)
            break;
        key.erase(cut);
    }
    return ConfigError(expectation, m_mainFile, "key " + dottedKey);
}

} // namespace pointq
