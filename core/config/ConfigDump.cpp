// Config::dump(): the merged config as YAML that reads back to the same typed values.
#include "config/Config.h"

namespace pointq {

namespace {

// A string whose plain form a YAML reader would take for null, a boolean or a number.
bool needsQuotes(const std::string& text)
{
    const YAML::Node plain(text);
    bool flag = false;
    double number = 0.0;
    return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL" ||
           YAML::convert<bool>::decode(plain, flag) || YAML::convert<double>::decode(plain, number);
}

bool isFlatSequence(const YAML::Node& node)
{
    for (const YAML::Node& item : node) {
        if (!item.IsScalar() && !item.IsNull())
            return false;
    }
    return true;
}

void emitNode(YAML::Emitter& out, const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map:
        out << YAML::BeginMap;
        for (auto it = node.begin(); it != node.end(); ++it) {
            out << YAML::Key << it->first.Scalar() << YAML::Value;
            emitNode(out, it->second);
        }
        out << YAML::EndMap;
        break;
    case YAML::NodeType::Sequence:
        // Short lists such as `blocks: [1, 1, 1]` read best in flow style, as openpoints writes them.
        if (isFlatSequence(node))
            out << YAML::Flow;
        out << YAML::BeginSeq;
        for (const YAML::Node& item : node)
            emitNode(out, item);
        out << YAML::EndSeq;
        break;
    case YAML::NodeType::Scalar:
        if (node.Tag() == "!" && needsQuotes(node.Scalar()))
            out << YAML::SingleQuoted;
        out << node.Scalar();
        break;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        out << YAML::Null;
        break;
    }
}

} // namespace

std::string Config::dump() const
{
    YAML::Emitter out;
    out.SetNullFormat(YAML::LowerNull);
    emitNode(out, m_root);
    return std::string(out.c_str()) + "\n";
}

} // namespace pointq
