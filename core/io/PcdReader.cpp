#include "io/PcdReader.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "io/CloudBuffers.h"

#include <charconv>
#include <cstring>
#include <limits>
#include <sstream>
#include <vector>

namespace pointq {
namespace {

enum class Role { X, Y, Z, NormalX, NormalY, NormalZ, Rgb, Intensity, Label, Ignore };

struct PcdField {
    std::string name;
    size_t size = 4;
    char type = 'F';
    size_t count = 1;
    size_t offset = 0;  // byte offset inside one binary point record
    ScalarType scalar = ScalarType::Float32;
    Role role = Role::Ignore;
};

enum class PcdData { Ascii, Binary, BinaryCompressed };

struct PcdHeader {
    std::vector<PcdField> fields;
    uint64_t width = 0;
    uint64_t height = 1;
    uint64_t points = 0;
    bool hasPoints = false;
    PcdData data = PcdData::Ascii;
    size_t pointSize = 0;
    size_t dataOffset = 0;
    size_t lineCount = 0;
};

std::string headerLine(size_t line)
{
    return "header line " + std::to_string(line);
}

std::vector<std::string> words(const std::string& text)
{
    std::istringstream stream(text);
    std::vector<std::string> result;
    std::string word;
    while (stream >> word)
        result.push_back(word);
    return result;
}

uint64_t parseCount(const std::string& word, const std::string& source, size_t line)
{
    uint64_t value = 0;
    const auto result = std::from_chars(word.data(), word.data() + word.size(), value);
    if (result.ec != std::errc() || result.ptr != word.data() + word.size())
        throw DataError("expected a non-negative integer, found '" + word + "'", source, headerLine(line));
    return value;
}

// Applies the values of a SIZE, TYPE or COUNT line to the fields listed by FIELDS.
void applyFieldLine(const std::string& keyword, const std::vector<std::string>& values, PcdHeader& header,
                    const std::string& source, size_t line)
{
    if (values.size() != header.fields.size())
        throw DataError("expected " + std::to_string(header.fields.size()) + " values on the " + keyword +
                            " line (one per field), found " + std::to_string(values.size()),
                        source, headerLine(line));
    for (size_t f = 0; f < values.size(); ++f) {
        PcdField& field = header.fields[f];
        if (keyword == "TYPE") {
            if (values[f].size() != 1 || std::string("IUF").find(values[f][0]) == std::string::npos)
                throw DataError("expected TYPE I, U or F, found '" + values[f] + "'", source, headerLine(line));
            field.type = values[f][0];
        } else if (keyword == "SIZE") {
            field.size = parseCount(values[f], source, line);
        } else {
            field.count = parseCount(values[f], source, line);
        }
    }
}

PcdData parseDataKind(const std::string& kind, const std::string& source, size_t line)
{
    if (kind == "ascii")
        return PcdData::Ascii;
    if (kind == "binary")
        return PcdData::Binary;
    if (kind == "binary_compressed")
        return PcdData::BinaryCompressed;
    throw DataError("expected DATA ascii, binary or binary_compressed, found '" + kind + "'", source, headerLine(line));
}

// Handles one header line; returns false after the DATA line, which ends the header.
bool parseHeaderLine(const std::string& text, size_t line, const std::string& source, PcdHeader& header)
{
    const std::vector<std::string> parts = words(text);
    if (parts.empty() || parts[0][0] == '#')
        return true;
    const std::string& keyword = parts[0];
    const std::vector<std::string> values(parts.begin() + 1, parts.end());
    if (keyword == "FIELDS" || keyword == "COLUMNS") {
        for (const std::string& name : values)
            header.fields.push_back(PcdField{name});
    } else if (keyword == "SIZE" || keyword == "TYPE" || keyword == "COUNT") {
        applyFieldLine(keyword, values, header, source, line);
    } else if (keyword == "WIDTH" || keyword == "HEIGHT" || keyword == "POINTS") {
        if (values.size() != 1)
            throw DataError("expected one value after " + keyword, source, headerLine(line));
        const uint64_t value = parseCount(values[0], source, line);
        if (keyword == "WIDTH")
            header.width = value;
        else if (keyword == "HEIGHT")
            header.height = value;
        else {
            header.points = value;
            header.hasPoints = true;
        }
    } else if (keyword == "DATA") {
        header.data = parseDataKind(values.empty() ? std::string() : values[0], source, line);
        return false;
    } else if (keyword != "VERSION" && keyword != "VIEWPOINT") {
        throw DataError("expected a PCD header keyword (VERSION, FIELDS, SIZE, TYPE, COUNT, WIDTH, HEIGHT, "
                        "VIEWPOINT, POINTS, DATA), found '" + keyword + "'",
                        source, headerLine(line));
    }
    return true;
}

ScalarType scalarTypeOf(const PcdField& field, const std::string& source)
{
    const std::string key = std::string(1, field.type) + std::to_string(field.size);
    if (key == "I1") return ScalarType::Int8;
    if (key == "I2") return ScalarType::Int16;
    if (key == "I4") return ScalarType::Int32;
    if (key == "I8") return ScalarType::Int64;
    if (key == "U1") return ScalarType::UInt8;
    if (key == "U2") return ScalarType::UInt16;
    if (key == "U4") return ScalarType::UInt32;
    if (key == "U8") return ScalarType::UInt64;
    if (key == "F4") return ScalarType::Float32;
    if (key == "F8") return ScalarType::Float64;
    throw DataError("field '" + field.name + "' has TYPE " + std::string(1, field.type) + " with SIZE " +
                        std::to_string(field.size) + "; expected sizes 1, 2, 4 or 8 for I and U, 4 or 8 for F",
                    source);
}

Role fieldRole(const PcdField& field)
{
    if (field.count != 1)
        return Role::Ignore;
    static const std::vector<std::pair<std::string, Role>> roles = {
        {"x", Role::X}, {"y", Role::Y}, {"z", Role::Z}, {"normal_x", Role::NormalX}, {"normal_y", Role::NormalY},
        {"normal_z", Role::NormalZ}, {"rgb", Role::Rgb}, {"rgba", Role::Rgb}, {"intensity", Role::Intensity},
        {"label", Role::Label}};
    for (const auto& [name, role] : roles) {
        if (field.name == name)
            return role;
    }
    return Role::Ignore;
}

void finishHeader(PcdHeader& header, const std::string& source)
{
    if (header.fields.empty())
        throw DataError("expected a FIELDS line before DATA", source, headerLine(header.lineCount));
    bool hasX = false, hasY = false, hasZ = false;
    for (PcdField& field : header.fields) {
        field.scalar = scalarTypeOf(field, source);
        field.role = fieldRole(field);
        field.offset = header.pointSize;
        if (field.count > (1u << 20))
            throw DataError("field '" + field.name + "' has COUNT " + std::to_string(field.count) +
                                "; expected at most 1048576", source);
        header.pointSize += field.size * field.count;
        hasX |= field.role == Role::X;
        hasY |= field.role == Role::Y;
        hasZ |= field.role == Role::Z;
    }
    if (!hasX || !hasY || !hasZ)
        throw DataError("expected fields x, y and z with COUNT 1", source, headerLine(header.lineCount));
    if (header.height != 0 && header.width > std::numeric_limits<uint64_t>::max() / header.height)
        throw DataError("WIDTH times HEIGHT overflows", source, headerLine(header.lineCount));
    const uint64_t organized = header.width * header.height;
    if (!header.hasPoints)
        header.points = organized;
    else if (header.points != organized)
        throw DataError("POINTS " + std::to_string(header.points) + " disagrees with WIDTH " +
                            std::to_string(header.width) + " times HEIGHT " + std::to_string(header.height) +
                            " = " + std::to_string(organized),
                        source, headerLine(header.lineCount));
}

PcdHeader parseHeader(std::string_view bytes, const std::string& source)
{
    PcdHeader header;
    size_t offset = 0;
    size_t line = 0;
    bool more = true;
    while (more) {
        if (offset >= bytes.size())
            throw DataError("expected a DATA line before the end of the file", source, headerLine(line));
        const size_t end = std::min(bytes.find('\n', offset), bytes.size());
        std::string text(bytes.substr(offset, end - offset));
        if (!text.empty() && text.back() == '\r')
            text.pop_back();
        offset = end + 1;
        ++line;
        more = parseHeaderLine(text, line, source, header);
    }
    header.dataOffset = std::min(offset, bytes.size());
    header.lineCount = line;
    finishHeader(header, source);
    return header;
}

// One point's values by role.
struct PointValues {
    float xyz[3] = {0, 0, 0};
    float normal[3] = {0, 0, 0};
    uint32_t rgb = 0;
    float intensity = 0;
    int64_t label = 0;
};

void setValue(PointValues& point, Role role, double value, uint32_t bits)
{
    switch (role) {
    case Role::X: point.xyz[0] = static_cast<float>(value); break;
    case Role::Y: point.xyz[1] = static_cast<float>(value); break;
    case Role::Z: point.xyz[2] = static_cast<float>(value); break;
    case Role::NormalX: point.normal[0] = static_cast<float>(value); break;
    case Role::NormalY: point.normal[1] = static_cast<float>(value); break;
    case Role::NormalZ: point.normal[2] = static_cast<float>(value); break;
    case Role::Rgb: point.rgb = bits; break;
    case Role::Intensity: point.intensity = static_cast<float>(value); break;
    case Role::Label: point.label = labelFromValue(value); break;
    case Role::Ignore: break;
    }
}

struct PresentRoles {
    bool normals = false, rgb = false, intensity = false, label = false;
};

PresentRoles presentRoles(const PcdHeader& header)
{
    int normals = 0;
    PresentRoles present;
    for (const PcdField& field : header.fields) {
        normals += field.role == Role::NormalX || field.role == Role::NormalY || field.role == Role::NormalZ;
        present.rgb |= field.role == Role::Rgb;
        present.intensity |= field.role == Role::Intensity;
        present.label |= field.role == Role::Label;
    }
    present.normals = normals == 3;
    return present;
}

void storePoint(const PointValues& point, const PresentRoles& present, CloudBuffers& buffers)
{
    buffers.positions.insert(buffers.positions.end(), point.xyz, point.xyz + 3);
    if (present.normals)
        buffers.normals.insert(buffers.normals.end(), point.normal, point.normal + 3);
    if (present.rgb) {
        // Packed as 0x00RRGGBB (or 0xAARRGGBB for rgba) in the bits of the value.
        buffers.colors.push_back(static_cast<float>((point.rgb >> 16) & 0xff));
        buffers.colors.push_back(static_cast<float>((point.rgb >> 8) & 0xff));
        buffers.colors.push_back(static_cast<float>(point.rgb & 0xff));
    }
    if (present.intensity)
        buffers.intensity.push_back(point.intensity);
    if (present.label)
        buffers.labels.push_back(point.label);
}

std::string pointPosition(const std::string& where, uint64_t point)
{
    return where + ", point " + std::to_string(point);
}

bool parseAsciiNumber(std::string_view word, double& value)
{
    if (word.empty())
        return false;
    const char* begin = word.data() + (word.front() == '+' ? 1 : 0);
    const auto result = std::from_chars(begin, word.data() + word.size(), value);
    return result.ec == std::errc() && result.ptr == word.data() + word.size();
}

// Ascii values are parsed as double and then rounded to float so that packed
// rgb written as a subnormal float (such as 3.57331108e-43) keeps its bits.
void readAsciiData(std::string_view bytes, const PcdHeader& header, const std::string& source, CloudBuffers& buffers)
{
    const PresentRoles present = presentRoles(header);
    size_t offset = header.dataOffset;
    size_t line = header.lineCount;
    uint64_t point = 0;
    while (point < header.points) {
        if (offset >= bytes.size())
            throw DataError("expected " + std::to_string(header.points) + " points, but the file ends after " +
                                std::to_string(point),
                            source, "line " + std::to_string(line));
        const size_t end = std::min(bytes.find('\n', offset), bytes.size());
        const std::vector<std::string> values = words(std::string(bytes.substr(offset, end - offset)));
        offset = end + 1;
        ++line;
        if (values.empty())
            continue;
        PointValues pointValues;
        size_t index = 0;
        for (const PcdField& field : header.fields) {
            if (index + field.count > values.size())
                throw DataError("expected a value for field '" + field.name + "', found only " +
                                    std::to_string(values.size()) + " values",
                                source, pointPosition("line " + std::to_string(line), point));
            double value = 0;
            if (!parseAsciiNumber(values[index], value))
                throw DataError("expected a number for field '" + field.name + "', found '" + values[index] + "'",
                                source, pointPosition("line " + std::to_string(line), point));
            index += field.count;
            uint32_t bits = 0;
            if (field.type == 'F') {
                const float rounded = static_cast<float>(value);
                std::memcpy(&bits, &rounded, sizeof(bits));
            } else if (value >= 0 && value <= 4294967295.0) {
                bits = static_cast<uint32_t>(value);
            }
            setValue(pointValues, field.role, value, bits);
        }
        storePoint(pointValues, present, buffers);
        ++point;
    }
}

// Reads point records. Binary data is point-major (every field of point 0,
// then point 1). Compressed data is field-major after decompression (all
// values of field 0, then field 1), so a field starts at points * its offset.
void readRecords(std::string_view data, const PcdHeader& header, bool fieldMajor, CloudBuffers& buffers)
{
    const PresentRoles present = presentRoles(header);
    buffers.positions.reserve(header.points * 3);
    for (uint64_t point = 0; point < header.points; ++point) {
        PointValues pointValues;
        for (const PcdField& field : header.fields) {
            if (field.role == Role::Ignore)
                continue;
            const size_t at = fieldMajor ? header.points * field.offset + point * field.size
                                         : point * header.pointSize + field.offset;
            const char* value = data.data() + at;
            const uint32_t bits = field.size == 4 ? readUInt32Bits(value, false) : 0;
            setValue(pointValues, field.role, readScalar(value, field.scalar, false), bits);
        }
        storePoint(pointValues, present, buffers);
    }
}

void checkDataSize(uint64_t available, const PcdHeader& header, const std::string& what, const std::string& source,
                   size_t offset)
{
    if (header.pointSize == 0 || header.points > available / header.pointSize)
        throw DataError("expected " + std::to_string(header.points) + " points of " +
                            std::to_string(header.pointSize) + " bytes (" + what + "), but only " +
                            std::to_string(available) + " bytes are present",
                        source, "byte " + std::to_string(offset));
}

void readCompressedData(std::string_view bytes, const PcdHeader& header, const std::string& source,
                        CloudBuffers& buffers)
{
    const size_t offset = header.dataOffset;
    if (bytes.size() - offset < 8)
        throw DataError("expected the 8-byte compressed and uncompressed sizes after the header", source,
                        "byte " + std::to_string(offset));
    const uint32_t compressedSize = readUInt32Bits(bytes.data() + offset, false);
    const uint32_t uncompressedSize = readUInt32Bits(bytes.data() + offset + 4, false);
    const size_t present = bytes.size() - offset - 8;
    if (compressedSize > present)
        throw DataError(std::to_string(compressedSize) + " compressed bytes declared, but only " +
                            std::to_string(present) + " present (truncated file?)",
                        source, "byte " + std::to_string(offset));
    checkDataSize(uncompressedSize, header, "the declared uncompressed size", source, offset + 4);
    if (uncompressedSize != header.points * header.pointSize)
        throw DataError("expected an uncompressed size of " + std::to_string(header.points * header.pointSize) +
                            " bytes for the declared points, found " + std::to_string(uncompressedSize),
                        source, "byte " + std::to_string(offset + 4));
    // One LZF back-reference of 3 input bytes yields at most 264 output bytes,
    // so a larger declared size cannot be real and is rejected before allocating.
    if (uncompressedSize / 88 > compressedSize)
        throw DataError("an uncompressed size of " + std::to_string(uncompressedSize) + " bytes cannot come from " +
                            std::to_string(compressedSize) + " LZF bytes",
                        source, "byte " + std::to_string(offset + 4));
    const std::string data = decompressLzf(bytes.substr(offset + 8, compressedSize), uncompressedSize, source);
    readRecords(data, header, true, buffers);
}

} // namespace

PointCloud parsePcd(std::string_view bytes, const std::string& sourceName)
{
    const PcdHeader header = parseHeader(bytes, sourceName);
    CloudBuffers buffers;
    if (header.data == PcdData::Ascii) {
        readAsciiData(bytes, header, sourceName, buffers);
    } else if (header.data == PcdData::Binary) {
        checkDataSize(bytes.size() - header.dataOffset, header, "DATA binary", sourceName, header.dataOffset);
        readRecords(bytes.substr(header.dataOffset), header, false, buffers);
    } else {
        readCompressedData(bytes, header, sourceName, buffers);
    }

    const int64_t dropped = dropNonFinitePoints(buffers);
    if (dropped > 0)
        logWarning("pointq.io", sourceName + ": dropped " + std::to_string(dropped) + " of " +
                                    std::to_string(header.points) + " points with a NaN or infinite coordinate");
    if (buffers.size() == 0)
        throw DataError("no points with finite coordinates", sourceName);
    return buffers.toCloud(sourceName);
}

PointCloud readPcd(const std::string& path)
{
    return parsePcd(readFileBytes(path), path);
}

} // namespace pointq
