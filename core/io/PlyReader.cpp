// PointQ parses PLY itself instead of using a PCL or VTK reader: core must not
// depend on VTK or PCL, and the part of the format a point cloud needs (one
// header, fixed-size scalars, length-prefixed lists) is small.
#include "io/PlyReader.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "io/CloudBuffers.h"
#include "io/PlyHeader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <sstream>
#include <vector>

namespace pointq {
namespace {

using namespace ply;

// One vertex's values by role, stored into the buffers once the record is complete.
struct VertexValues {
    std::array<double, kRoles> values{};
};

void storeVertex(const VertexValues& vertex, const std::array<bool, kRoles>& present, CloudBuffers& buffers)
{
    const auto value = [&](Role role) { return vertex.values[static_cast<size_t>(role)]; };
    const auto has = [&](Role role) { return present[static_cast<size_t>(role)]; };
    for (Role role : {Role::X, Role::Y, Role::Z})
        buffers.positions.push_back(static_cast<float>(value(role)));
    if (has(Role::NormalX)) {
        for (Role role : {Role::NormalX, Role::NormalY, Role::NormalZ})
            buffers.normals.push_back(static_cast<float>(value(role)));
    }
    if (has(Role::Red)) {
        for (Role role : {Role::Red, Role::Green, Role::Blue})
            buffers.colors.push_back(static_cast<float>(value(role)));
    }
    if (has(Role::Intensity))
        buffers.intensity.push_back(static_cast<float>(value(Role::Intensity)));
    if (has(Role::Label))
        buffers.labels.push_back(labelFromValue(value(Role::Label)));
}

std::array<bool, kRoles> presentRoles(const PlyElement& vertex)
{
    std::array<bool, kRoles> present{};
    for (const PlyProperty& property : vertex.properties)
        present[static_cast<size_t>(property.role)] = true;
    return present;
}


// Bounds-checked reader over the binary data section.
struct BinaryCursor {
    std::string_view bytes;
    size_t offset = 0;
    bool bigEndian = false;
    const std::string& source;

    const char* take(size_t size, const std::string& what, const std::string& element, uint64_t index)
    {
        if (size > bytes.size() - offset)
            throw DataError("expected " + std::to_string(size) + " bytes for " + what + ", but the file ends after " +
                                std::to_string(bytes.size() - offset) + " more bytes (truncated file?)",
                            source, "byte " + std::to_string(offset) + ", " + element + " " + std::to_string(index));
        const char* data = bytes.data() + offset;
        offset += size;
        return data;
    }
};

// Reads one record; values receives the scalar properties by role when not null.
void readBinaryRecord(BinaryCursor& cursor, const PlyElement& element, uint64_t index, VertexValues* values)
{
    for (const PlyProperty& property : element.properties) {
        if (property.isList) {
            const char* countData =
                cursor.take(scalarSize(property.countType), "the length of list '" + property.name + "'", element.name,
                            index);
            const double count = readScalar(countData, property.countType, cursor.bigEndian);
            if (count < 0)
                throw DataError("expected a non-negative length for list '" + property.name + "', found " +
                                    std::to_string(static_cast<int64_t>(count)),
                                cursor.source, "byte " + std::to_string(cursor.offset) + ", " + element.name + " " +
                                                   std::to_string(index));
            cursor.take(static_cast<size_t>(count) * scalarSize(property.type), "the items of list '" +
                        property.name + "'", element.name, index);
            continue;
        }
        const char* data = cursor.take(scalarSize(property.type), "property '" + property.name + "'", element.name,
                                       index);
        if (values != nullptr && property.role != Role::Ignore)
            values->values[static_cast<size_t>(property.role)] = readScalar(data, property.type, cursor.bigEndian);
    }
}

// Fails before any allocation when the declared record count cannot fit in the
// bytes left, counting each list at its minimum size (its length field only).
void checkDeclaredCount(const PlyElement& element, const BinaryCursor& cursor)
{
    size_t minimumSize = 0;
    for (const PlyProperty& property : element.properties)
        minimumSize += scalarSize(property.isList ? property.countType : property.type);
    const size_t remaining = cursor.bytes.size() - cursor.offset;
    if (minimumSize > 0 && element.count > remaining / minimumSize)
        throw DataError("element '" + element.name + "' declares " + std::to_string(element.count) +
                            " records of at least " + std::to_string(minimumSize) + " bytes each, but only " +
                            std::to_string(remaining) + " bytes are left in the file",
                        cursor.source, "byte " + std::to_string(cursor.offset));
}

void readBinaryData(std::string_view bytes, const PlyHeader& header, size_t vertexIndex, const std::string& source,
                    CloudBuffers& buffers)
{
    BinaryCursor cursor{bytes, header.dataOffset, header.format == PlyFormat::BinaryBigEndian, source};
    for (size_t e = 0; e < vertexIndex; ++e) {
        const PlyElement& element = header.elements[e];
        checkDeclaredCount(element, cursor);
        for (uint64_t i = 0; i < element.count && !element.properties.empty(); ++i)
            readBinaryRecord(cursor, element, i, nullptr);
    }
    const PlyElement& vertex = header.elements[vertexIndex];
    checkDeclaredCount(vertex, cursor);
    buffers.positions.reserve(vertex.count * 3);
    const std::array<bool, kRoles> present = presentRoles(vertex);
    for (uint64_t i = 0; i < vertex.count; ++i) {
        VertexValues values;
        readBinaryRecord(cursor, vertex, i, &values);
        storeVertex(values, present, buffers);
    }
    // The elements after the vertices (faces, edges) are not used, but they are walked so
    // that a file cut short inside them is reported as truncated instead of read as whole.
    for (size_t e = vertexIndex + 1; e < header.elements.size(); ++e) {
        const PlyElement& element = header.elements[e];
        checkDeclaredCount(element, cursor);
        for (uint64_t i = 0; i < element.count && !element.properties.empty(); ++i)
            readBinaryRecord(cursor, element, i, nullptr);
    }
}

// Splits the ascii data section into lines, counting file lines for errors.
struct LineCursor {
    std::string_view bytes;
    size_t offset = 0;
    size_t line = 0;
    const std::string& source;

    // Returns the next non-empty line; throws when the file ends first.
    std::string_view next(const std::string& element, uint64_t index, uint64_t count)
    {
        while (offset < bytes.size()) {
            const size_t end = std::min(bytes.find('\n', offset), bytes.size());
            std::string_view text = bytes.substr(offset, end - offset);
            offset = end + 1;
            ++line;
            if (text.find_first_not_of(" \t\r") != std::string_view::npos)
                return text;
        }
        throw DataError("expected " + std::to_string(count) + " " + element + " records, but the file ends after " +
                            std::to_string(index),
                        source, "line " + std::to_string(line));
    }
};

std::vector<std::string_view> splitWords(std::string_view text)
{
    std::vector<std::string_view> words;
    size_t begin = text.find_first_not_of(" \t\r");
    while (begin != std::string_view::npos) {
        const size_t end = text.find_first_of(" \t\r", begin);
        words.push_back(text.substr(begin, end == std::string_view::npos ? text.npos : end - begin));
        begin = text.find_first_not_of(" \t\r", end);
    }
    return words;
}

double parseAsciiValue(std::string_view word, const std::string& source, size_t line, uint64_t index)
{
    double value = 0;
    const char* begin = word.data() + (word.front() == '+' ? 1 : 0);
    const auto result = std::from_chars(begin, word.data() + word.size(), value);
    if (result.ec != std::errc() || result.ptr != word.data() + word.size())
        throw DataError("expected a number, found '" + std::string(word) + "'", source,
                        "line " + std::to_string(line) + ", vertex " + std::to_string(index));
    return value;
}

void readAsciiVertex(std::string_view text, const PlyElement& vertex, uint64_t index, size_t line,
                     const std::string& source, VertexValues& values)
{
    const std::vector<std::string_view> words = splitWords(text);
    size_t next = 0;
    const auto take = [&](const std::string& name) {
        if (next >= words.size())
            throw DataError("expected a value for property '" + name + "', found only " +
                                std::to_string(words.size()) + " values",
                            source, "line " + std::to_string(line) + ", vertex " + std::to_string(index));
        return parseAsciiValue(words[next++], source, line, index);
    };
    for (const PlyProperty& property : vertex.properties) {
        const double value = take(property.name);
        if (!property.isList) {
            values.values[static_cast<size_t>(property.role)] = value;
            continue;
        }
        if (value < 0 || value > static_cast<double>(words.size()))
            throw DataError("expected a list length of at most the values on the line, found " + std::string(words[next - 1]),
                            source, "line " + std::to_string(line) + ", vertex " + std::to_string(index));
        for (size_t item = 0; item < static_cast<size_t>(value); ++item)
            take(property.name);
    }
}

void readAsciiData(std::string_view bytes, const PlyHeader& header, size_t vertexIndex, const std::string& source,
                   CloudBuffers& buffers)
{
    LineCursor cursor{bytes, header.dataOffset, header.lineCount, source};
    for (size_t e = 0; e < vertexIndex; ++e) {
        const PlyElement& element = header.elements[e];
        for (uint64_t i = 0; i < element.count; ++i)
            cursor.next(element.name, i, element.count);
    }
    const PlyElement& vertex = header.elements[vertexIndex];
    const std::array<bool, kRoles> present = presentRoles(vertex);
    // An ascii vertex takes at least two bytes per property, which caps the reservation.
    const size_t fitting = (bytes.size() - std::min(bytes.size(), header.dataOffset)) / (2 * vertex.properties.size());
    buffers.positions.reserve(std::min<uint64_t>(vertex.count, fitting) * 3);
    for (uint64_t i = 0; i < vertex.count; ++i) {
        const std::string_view text = cursor.next("vertex", i, vertex.count);
        VertexValues values;
        readAsciiVertex(text, vertex, i, cursor.line, source, values);
        storeVertex(values, present, buffers);
    }
    // As in binary files, the unused elements after the vertices must all be present.
    for (size_t e = vertexIndex + 1; e < header.elements.size(); ++e) {
        const PlyElement& element = header.elements[e];
        for (uint64_t i = 0; i < element.count; ++i)
            cursor.next(element.name, i, element.count);
    }
}

size_t findVertexElement(const PlyHeader& header, const std::string& source)
{
    for (size_t e = 0; e < header.elements.size(); ++e) {
        if (header.elements[e].name == "vertex")
            return e;
    }
    throw DataError("expected an 'element vertex' line in the header", source, headerLine(header.lineCount));
}

} // namespace

PointCloud parsePly(std::string_view bytes, const std::string& sourceName)
{
    PlyHeader header = parseHeader(bytes, sourceName);
    const size_t vertexIndex = findVertexElement(header, sourceName);
    assignRoles(header.elements[vertexIndex], sourceName);

    CloudBuffers buffers;
    if (header.format == PlyFormat::Ascii)
        readAsciiData(bytes, header, vertexIndex, sourceName, buffers);
    else
        readBinaryData(bytes, header, vertexIndex, sourceName, buffers);

    const int64_t dropped = dropNonFinitePoints(buffers);
    if (dropped > 0)
        logWarning("pointq.io", sourceName + ": dropped " + std::to_string(dropped) +
                                    " vertices with a NaN or infinite coordinate");
    if (buffers.size() == 0)
        throw DataError("no points: the vertex element has no vertices with finite coordinates", sourceName,
                        headerLine(header.elements[vertexIndex].headerLine));
    return buffers.toCloud(sourceName);
}

PointCloud readPly(const std::string& path)
{
    return parsePly(readFileBytes(path), path);
}

} // namespace pointq
