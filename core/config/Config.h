#pragma once

#include "common/Errors.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pointq {

/// The file and line where the final value of a dotted key was written.
struct ValueSource {
    /// The YAML file, or "override" for a command-line override.
    std::string file;
    /// 1-based line and column in `file`; 0 for overrides.
    int line = 0;
    int column = 0;
    /// The override argument that set the value, e.g. "model.encoder_args.width=64"; empty for files.
    std::string override;

    /// "line 12, key a.b.c" for a file, "key a.b.c" for an override.
    std::string position(const std::string& dottedKey) const;
};

/// An openpoints config: the YAML tree that openpoints' `EasyConfig.load(path, recursive=True)`
/// followed by `EasyConfig.update(opts)` builds, with the file and line of every value.
///
/// Keys are addressed as dotted paths ("model.encoder_args.width"); a sequence element is
/// addressed with a bracketed index ("model.encoder_args.blocks[2]").
class Config {
public:
    /// Loads `path` the way openpoints does: every `default<ext>` in the ancestor folders of
    /// the path as written (outermost first, so a relative path stops at the working folder),
    /// then the file itself. Mappings merge deeply; sequences and scalars replace. Then applies
    /// `overrides` like `EasyConfig.update(opts)`: "a.b.c=value", "--a.b.c=value", or the pair
    /// "--a.b.c" "value", where the value is read as a Python literal (`ast.literal_eval`) and
    /// kept as a string when it is not one.
    /// Throws ConfigError naming the file and line for a missing file, malformed YAML, a
    /// top-level value that is not a mapping, or an override that cannot be applied.
    static Config load(const std::string& path, const std::vector<std::string>& overrides = {});

    /// Parses a config stored as text, e.g. inside a saved model; `sourceName` names it in errors.
    static Config fromYamlText(const std::string& text, const std::string& sourceName);

    /// Applies openpoints-style overrides to this config (see load()).
    void applyOverrides(const std::vector<std::string>& overrides);

    /// The merged tree. Anchors, aliases and `<<` merge keys are already resolved.
    const YAML::Node& root() const { return m_root; }
    /// The files applied, in order; the last is the loaded file itself.
    const std::vector<std::string>& files() const { return m_files; }
    /// The file that load() or fromYamlText() was given.
    const std::string& mainFile() const { return m_mainFile; }

    /// The node at `dottedKey`, or an undefined node (`!node.IsDefined()`) when absent.
    YAML::Node find(const std::string& dottedKey) const;
    /// True when `dottedKey` exists, even with a null value.
    bool has(const std::string& dottedKey) const { return find(dottedKey).IsDefined(); }

    /// The origin of the value of `dottedKey`, or nullptr when the key is absent.
    const ValueSource* source(const std::string& dottedKey) const;

    /// A ConfigError about `dottedKey` that names the file and line of its value, or of its
    /// nearest present parent when the key is absent, followed by `expectation`.
    ConfigError error(const std::string& dottedKey, const std::string& expectation) const;

    /// The merged config as block-style YAML. fromYamlText(dump()) rebuilds the same tree,
    /// including which scalars are strings.
    std::string dump() const;

    // Typed reads. Each returns `fallback` when the key is absent and throws error() when the
    // value has another type; an explicit null counts as a wrong type. A quoted scalar is a
    // string, as in PyYAML, so `width: '32'` is not an integer.
    int getInt(const std::string& dottedKey, int fallback) const;
    double getDouble(const std::string& dottedKey, double fallback) const;
    bool getBool(const std::string& dottedKey, bool fallback) const;
    std::string getString(const std::string& dottedKey, const std::string& fallback) const;
    std::vector<int> getIntList(const std::string& dottedKey, const std::vector<int>& fallback) const;
    std::vector<std::string> getStringList(const std::string& dottedKey,
                                           const std::vector<std::string>& fallback) const;

    /// Reads a present scalar node as the given type, or throws error(dottedKey, ...).
    int toInt(const YAML::Node& node, const std::string& dottedKey) const;
    double toDouble(const YAML::Node& node, const std::string& dottedKey) const;
    bool toBool(const YAML::Node& node, const std::string& dottedKey) const;
    std::string toString(const YAML::Node& node, const std::string& dottedKey) const;

private:
    void applyDocument(const YAML::Node& document, const std::string& file);
    void mergeMapping(YAML::Node target, const YAML::Node& source, const std::string& prefix,
                      const std::string& file);
    void recordSources(const YAML::Node& node, const std::string& dottedKey, const YAML::Mark& mark,
                       const std::string& file);
    void forgetSources(const std::string& dottedKey);
    void applyOverride(const std::string& key, const std::string& valueText, const std::string& argument);

    YAML::Node m_root{YAML::NodeType::Map};
    std::vector<std::string> m_files;
    std::string m_mainFile;
    std::map<std::string, ValueSource> m_sources;
};

} // namespace pointq
