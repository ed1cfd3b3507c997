#pragma once

#include "io/PointCloud.h"

#include <string>
#include <string_view>

namespace pointq {

/// Reads the vertices of a PLY file (ascii, binary_little_endian or
/// binary_big_endian) as a point cloud. Vertex properties x, y, z (any PLY
/// scalar type) are required; nx, ny, nz, red, green, blue, intensity and
/// label (or class) are read when present. Colours keep their stored scale
/// (0..255 for integer types, as stored for float types). Other vertex
/// properties, list properties on the vertex element and every other element
/// (faces, edges) are skipped. Points with a NaN or infinite coordinate are
/// dropped with a warning. Throws DataError naming the file and the header
/// line, byte offset or vertex index of the problem.
PointCloud readPly(const std::string& path);

/// Parses PLY bytes already in memory; sourceName is used in errors and as sourceFile.
PointCloud parsePly(std::string_view bytes, const std::string& sourceName);

} // namespace pointq
