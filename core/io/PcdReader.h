#pragma once

#include "io/PointCloud.h"

#include <string>
#include <string_view>

namespace pointq {

/// Reads a PCD file (v0.7, and v.5 headers without VERSION or COUNT lines) with
/// DATA ascii, binary or binary_compressed (LZF). Fields x, y, z are required;
/// normal_x/y/z, rgb or rgba (packed bits of a float or uint32), intensity and
/// label are read when present with COUNT 1; other fields are skipped. Points
/// with a NaN or infinite coordinate (organized clouds) are dropped with a
/// warning. Throws DataError naming the file and the header line, byte offset
/// or point index of the problem.
PointCloud readPcd(const std::string& path);

/// Parses PCD bytes already in memory; sourceName is used in errors and as sourceFile.
PointCloud parsePcd(std::string_view bytes, const std::string& sourceName);

/// Decompresses an LZF stream into exactly outputSize bytes. Every read and
/// write is bounds-checked. Throws DataError naming source and the input byte
/// offset when the stream is malformed or does not produce outputSize bytes.
std::string decompressLzf(std::string_view input, size_t outputSize, const std::string& source);

} // namespace pointq
