#include "io/PlyHeader.h"

#include "common/Errors.h"

#include <array>
#include <charconv>
#include <map>
#include <sstream>

namespace pointq::ply {
namespace {

bool parseScalarType(const std::string& name, ScalarType& type)
{
    static const std::map<std::string, ScalarType> names = {
        {"char", ScalarType::Int8},     {"int8", ScalarType::Int8},       {"uchar", ScalarType::UInt8},
        {"uint8", ScalarType::UInt8},   {"short", ScalarType::Int16},     {"int16", ScalarType::Int16},
        {"ushort", ScalarType::UInt16}, {"uint16", ScalarType::UInt16},   {"int", ScalarType::Int32},
        {"int32", ScalarType::Int32},   {"uint", ScalarType::UInt32},     {"uint32", ScalarType::UInt32},
        {"float", ScalarType::Float32}, {"float32", ScalarType::Float32}, {"double", ScalarType::Float64},
        {"float64", ScalarType::Float64},
    };
    const auto found = names.find(name);
    if (found == names.end())
        return false;
    type = found->second;
    return true;
}

Role vertexRole(const std::string& name)
{
    static const std::map<std::string, Role> roles = {
        {"x", Role::X},           {"y", Role::Y},          {"z", Role::Z},
        {"nx", Role::NormalX},    {"ny", Role::NormalY},   {"nz", Role::NormalZ},
        {"red", Role::Red},       {"green", Role::Green},  {"blue", Role::Blue},
        {"intensity", Role::Intensity}, {"label", Role::Label}, {"class", Role::Label},
    };
    const auto found = roles.find(name);
    return found == roles.end() ? Role::Ignore : found->second;
}

PlyProperty parseProperty(std::istringstream& words, const std::string& source, size_t line)
{
    PlyProperty property;
    std::string typeName;
    words >> typeName;
    if (typeName == "list") {
        std::string countName;
        words >> countName >> typeName;
        property.isList = true;
        if (!parseScalarType(countName, property.countType) || property.countType == ScalarType::Float32 ||
            property.countType == ScalarType::Float64)
            throw DataError("expected an integer type for the list length, found '" + countName + "'", source,
                            headerLine(line));
    }
    if (!parseScalarType(typeName, property.type))
        throw DataError("expected a PLY scalar type (char, uchar, short, ushort, int, uint, float, double), "
                        "found '" + typeName + "'",
                        source, headerLine(line));
    if (!(words >> property.name))
        throw DataError("expected a property name after the type", source, headerLine(line));
    return property;
}

PlyFormat parseFormat(std::istringstream& words, const std::string& source, size_t line)
{
    std::string format;
    words >> format;
    if (format == "ascii")
        return PlyFormat::Ascii;
    if (format == "binary_little_endian")
        return PlyFormat::BinaryLittleEndian;
    if (format == "binary_big_endian")
        return PlyFormat::BinaryBigEndian;
    throw DataError("expected format ascii, binary_little_endian or binary_big_endian, found '" + format + "'",
                    source, headerLine(line));
}

// Handles one header line after "ply"; returns false at "end_header".
bool parseHeaderLine(const std::string& text, size_t line, const std::string& source, PlyHeader& header)
{
    std::istringstream words(text);
    std::string keyword;
    words >> keyword;
    if (keyword == "end_header")
        return false;
    if (keyword == "format") {
        header.format = parseFormat(words, source, line);
    } else if (keyword == "element") {
        PlyElement element;
        element.headerLine = line;
        std::string countText;
        words >> element.name >> countText;
        const auto result = std::from_chars(countText.data(), countText.data() + countText.size(), element.count);
        if (element.name.empty() || result.ec != std::errc() || result.ptr != countText.data() + countText.size())
            throw DataError("expected 'element <name> <count>', found '" + text + "'", source, headerLine(line));
        header.elements.push_back(element);
    } else if (keyword == "property") {
        if (header.elements.empty())
            throw DataError("expected an element line before the first property", source, headerLine(line));
        header.elements.back().properties.push_back(parseProperty(words, source, line));
    } else if (!keyword.empty() && keyword != "comment" && keyword != "obj_info") {
        throw DataError("expected a PLY header keyword (format, element, property, comment, end_header), found '" +
                            keyword + "'",
                        source, headerLine(line));
    }
    return true;
}

} // namespace

// Header lines end in LF, optionally preceded by CR; binary data starts right
// after the LF of "end_header", so the CR must never be counted as data.
PlyHeader parseHeader(std::string_view bytes, const std::string& source)
{
    PlyHeader header;
    size_t offset = 0;
    size_t line = 0;
    while (true) {
        const size_t end = bytes.find('\n', offset);
        if (end == std::string_view::npos)
            throw DataError("expected 'end_header' before the end of the file", source,
                            headerLine(line + (offset < bytes.size() ? 1 : 0)));
        std::string text(bytes.substr(offset, end - offset));
        if (!text.empty() && text.back() == '\r')
            text.pop_back();
        offset = end + 1;
        ++line;
        if (line == 1) {
            if (text != "ply")
                throw DataError("expected the magic line 'ply'", source, headerLine(1));
            continue;
        }
        if (!parseHeaderLine(text, line, source, header))
            break;
    }
    header.dataOffset = offset;
    header.lineCount = line;
    return header;
}

// Assigns roles to the vertex properties and checks that x, y and z exist.
void assignRoles(PlyElement& vertex, const std::string& source)
{
    std::array<int, kRoles> counts{};
    for (PlyProperty& property : vertex.properties) {
        if (!property.isList)
            property.role = vertexRole(property.name);
        ++counts[static_cast<size_t>(property.role)];
    }
    for (Role role : {Role::X, Role::Y, Role::Z}) {
        if (counts[static_cast<size_t>(role)] != 1)
            throw DataError("expected one scalar property each for x, y and z in element 'vertex'", source,
                            headerLine(vertex.headerLine));
    }
    // Normals and colours count only when all three components exist.
    const auto dropIncomplete = [&](Role a, Role b, Role c) {
        if (counts[static_cast<size_t>(a)] == 1 && counts[static_cast<size_t>(b)] == 1 &&
            counts[static_cast<size_t>(c)] == 1)
            return;
        for (PlyProperty& property : vertex.properties) {
            if (property.role == a || property.role == b || property.role == c)
                property.role = Role::Ignore;
        }
    };
    dropIncomplete(Role::NormalX, Role::NormalY, Role::NormalZ);
    dropIncomplete(Role::Red, Role::Green, Role::Blue);
}

} // namespace pointq::ply
