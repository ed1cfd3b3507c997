#include "analysis/SkipFile.h"

#include "common/Errors.h"
#include "common/Files.h"
#include "config/YamlMergeKeys.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace pointq {

std::vector<std::string> readSkipFile(const std::string& path)
{
    std::ifstream stream(path, std::ios::binary);
    if (!stream)
        throw ConfigError("cannot open the skip file for reading; check the path", path);
    std::ostringstream text;
    text << stream.rdbuf();

    YAML::Node document;
    try {
        document = YAML::Load(text.str());
    } catch (const YAML::ParserException& error) {
        throw ConfigError("invalid YAML in the skip file: " + error.msg, path, markPosition(error.mark));
    }
    if (!document.IsMap())
        throw ConfigError("expected a mapping with the key 'skip', such as 'skip: [prediction.head.4]'", path,
                          document.IsNull() ? std::string() : markPosition(document.Mark()));
    const YAML::Node list = document["skip"];
    if (!list)
        throw ConfigError("the key 'skip' is missing; expected 'skip: [layer, ...]'", path, markPosition(document.Mark()));
    if (list.IsNull())
        return {};
    if (!list.IsSequence())
        throw ConfigError("'skip' must be a list of layer names, such as [prediction.head.4]", path, markPosition(list.Mark()));

    std::vector<std::string> names;
    for (const YAML::Node& item : list) {
        if (!item.IsScalar() || item.Scalar().empty())
            throw ConfigError("every entry of 'skip' must be a layer name or selection word", path, markPosition(item.Mark()));
        names.push_back(item.Scalar());
    }
    return names;
}

void writeSkipFile(const std::string& path, const std::vector<std::string>& names, const std::vector<std::string>& comment)
{
    YAML::Emitter emitter;
    emitter << YAML::BeginMap << YAML::Key << "skip" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& name : names)
        emitter << name;
    emitter << YAML::EndSeq << YAML::EndMap;
    std::string text;
    for (const auto& line : comment)
        text += "# " + line + "\n";
    text += std::string(emitter.c_str()) + "\n";
    writeTextFile(path, text);
}

} // namespace pointq
