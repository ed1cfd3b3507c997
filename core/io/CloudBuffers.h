#pragma once

#include <cmath>

#include "io/PointCloud.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pointq {

/// Converts a label stored as a number to int64. NaN, infinite and out-of-range values
/// become -1 (unlabelled), because converting them to an integer is undefined in C++.
inline int64_t labelFromValue(double value)
{
    if (!std::isfinite(value) || std::fabs(value) > 9.0e18)
        return -1;
    return static_cast<int64_t>(value);
}

/// Binary scalar types shared by the PLY and PCD readers.
enum class ScalarType { Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64 };

/// Size of one value of type in bytes.
size_t scalarSize(ScalarType type);

/// Decodes one value at data, swapping bytes when bigEndian is set. For UInt32
/// the result is exact, which packed PCD colours rely on.
double readScalar(const char* data, ScalarType type, bool bigEndian);

/// Raw bits of a 4-byte value, for packed rgb stored as float or uint32.
uint32_t readUInt32Bits(const char* data, bool bigEndian);

/// Reads a whole file into memory. Throws DataError when it cannot be opened or read.
std::string readFileBytes(const std::string& path);

/// Per-point attributes collected while a reader walks a file, turned into a
/// PointCloud at the end. Attributes a file lacks stay empty.
struct CloudBuffers {
    std::vector<float> positions;  // x y z per point
    std::vector<float> normals;
    std::vector<float> colors;
    std::vector<float> intensity;
    std::vector<int64_t> labels;

    int64_t size() const { return static_cast<int64_t>(positions.size() / 3); }

    /// Builds the cloud. Attributes whose length does not match the point count
    /// are a programming error of the reader and throw std::logic_error.
    PointCloud toCloud(const std::string& sourceFile) const;
};

/// Removes points whose x, y or z is NaN or infinite from every attribute and
/// returns how many were removed.
int64_t dropNonFinitePoints(CloudBuffers& buffers);

} // namespace pointq
