#include "quant/SkipFile.h"

#include "common/Errors.h"
#include "common/Files.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace pointq {

namespace {

std::string lineOf(const YAML::Node& node)
{
    // An empty document has no mark (line -1), so it is reported as line 1.
    return "line " + std::to_string(std::max(node.Mark().line, 0) + 1);
}

} // namespace

std::vector<std::string> readSkipFile(const std::string& path)
{
    const std::string text = readBinaryFile(path);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& error) {
        throw ConfigError("invalid YAML: " + error.msg, path, "line " + std::to_string(error.mark.line + 1));
    }
    if (!root.IsMap())
        throw ConfigError("expected a mapping with the key 'skip' and a list of layer words", path, lineOf(root));
    std::vector<std::string> words;
    for (const auto& entry : root) {
        const std::string key = entry.first.as<std::string>();
        if (key != "skip")
            throw ConfigError("unknown key '" + key + "'. A skip file has only the key 'skip'", path, lineOf(entry.first));
    }
    const YAML::Node list = root["skip"];
    if (!list)
        throw ConfigError("missing key 'skip'", path, lineOf(root));
    if (list.IsNull())
        return words;
    if (!list.IsSequence())
        throw ConfigError("'skip' must be a list of layer words, such as [stage1, prediction.head.2]", path, lineOf(list));
    for (const auto& item : list) {
        if (!item.IsScalar() || item.Scalar().empty())
            throw ConfigError("each item of 'skip' must be a non-empty layer word", path, lineOf(item));
        words.push_back(item.Scalar());
    }
    return words;
}

void writeSkipFile(const std::string& path, const std::vector<std::string>& words)
{
    YAML::Emitter out;
    out << YAML::Comment("Layers kept in FP32; read by `pointq quantize --skip-file` and pointq-studio");
    out << YAML::BeginMap << YAML::Key << "skip" << YAML::Value << YAML::BeginSeq;
    for (const std::string& word : words)
        out << YAML::DoubleQuoted << word;
    out << YAML::EndSeq << YAML::EndMap;
    writeTextFile(path, std::string(out.c_str()) + "\n");
}

} // namespace pointq
