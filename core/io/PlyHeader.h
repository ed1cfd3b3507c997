#pragma once

// Internal to the PLY reader: the parsed header and the meaning of each vertex property.

#include "io/CloudBuffers.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pointq::ply {

enum class Role { X, Y, Z, NormalX, NormalY, NormalZ, Red, Green, Blue, Intensity, Label, Ignore };
constexpr size_t kRoles = static_cast<size_t>(Role::Ignore) + 1;

struct PlyProperty {
    std::string name;
    ScalarType type = ScalarType::Float32;
    bool isList = false;
    ScalarType countType = ScalarType::UInt8;
    Role role = Role::Ignore;
};

struct PlyElement {
    std::string name;
    uint64_t count = 0;
    size_t headerLine = 0;
    std::vector<PlyProperty> properties;
};

enum class PlyFormat { Ascii, BinaryLittleEndian, BinaryBigEndian };

struct PlyHeader {
    PlyFormat format = PlyFormat::Ascii;
    std::vector<PlyElement> elements;
    size_t dataOffset = 0;  // first byte after the LF that ends "end_header"
    size_t lineCount = 0;
};

inline std::string headerLine(size_t line)
{
    return "header line " + std::to_string(line);
}

/// Parses the header up to and including the LF after "end_header". Throws
/// DataError naming the header line.
PlyHeader parseHeader(std::string_view bytes, const std::string& source);

/// Sets the role of each vertex property and checks that x, y and z exist once.
/// Normals and colours keep their roles only when all three components exist.
void assignRoles(PlyElement& vertex, const std::string& source);

} // namespace pointq::ply
