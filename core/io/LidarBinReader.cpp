#include "io/LidarBinReader.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "io/CloudBuffers.h"

#include <cmath>
#include <cstring>

namespace pointq {
namespace {

// Ring indices of spinning LiDARs are small integers (nuScenes' sensor has 32
// rings); 256 leaves room for denser sensors.
constexpr float kMaxRingIndex = 256.0f;

// Returns the index of the first point whose fifth column is not a plausible
// ring index, or -1 when every point has one.
int64_t findImplausibleRing(const std::vector<float>& values, int64_t points)
{
    for (int64_t i = 0; i < points; ++i) {
        const float ring = values[static_cast<size_t>(i * 5 + 4)];
        if (!(ring >= 0.0f && ring < kMaxRingIndex && std::floor(ring) == ring))
            return i;
    }
    return -1;
}

} // namespace

int lidarColumnCount(LidarFormat format)
{
    switch (format) {
    case LidarFormat::Kitti: return 4;
    case LidarFormat::NuScenes: return 5;
    case LidarFormat::XyzRgb: return 6;
    }
    return 0;
}

std::string lidarFormatName(LidarFormat format)
{
    switch (format) {
    case LidarFormat::Kitti: return "KITTI";
    case LidarFormat::NuScenes: return "nuScenes";
    case LidarFormat::XyzRgb: return "x,y,z,r,g,b";
    }
    return {};
}

PointCloud readLidarBin(const std::string& path, LidarFormat format)
{
    const std::string bytes = readFileBytes(path);
    const int columns = lidarColumnCount(format);
    const size_t recordSize = 4 * static_cast<size_t>(columns);
    if (bytes.size() % recordSize != 0)
        throw DataError("file size " + std::to_string(bytes.size()) + " bytes is not a multiple of " +
                            std::to_string(recordSize) + " (" + std::to_string(columns) + " float32 columns of " +
                            lidarFormatName(format) + "); check the chosen format",
                        path, "byte " + std::to_string(bytes.size() - bytes.size() % recordSize));
    const int64_t points = static_cast<int64_t>(bytes.size() / recordSize);
    if (points == 0)
        throw DataError("no points: the file is empty", path);
    std::vector<float> values(bytes.size() / 4);
    std::memcpy(values.data(), bytes.data(), bytes.size());

    if (format == LidarFormat::NuScenes) {
        const int64_t bad = findImplausibleRing(values, points);
        if (bad >= 0)
            logWarning("pointq.io", path + ": read as nuScenes, but the fifth column of point " + std::to_string(bad) +
                                        " is " + std::to_string(values[static_cast<size_t>(bad * 5 + 4)]) +
                                        ", not a small non-negative integer ring index; the file may be KITTI "
                                        "(4 columns)");
    }

    CloudBuffers buffers;
    for (int64_t i = 0; i < points; ++i) {
        const float* row = &values[static_cast<size_t>(i * columns)];
        buffers.positions.insert(buffers.positions.end(), row, row + 3);
        if (format == LidarFormat::XyzRgb)
            buffers.colors.insert(buffers.colors.end(), row + 3, row + 6);
        else
            buffers.intensity.push_back(row[3]);
    }
    // Same repair as the PLY and PCD readers: a point without finite coordinates
    // cannot be placed, so it is dropped and counted.
    const int64_t dropped = dropNonFinitePoints(buffers);
    if (dropped > 0)
        logWarning("pointq.io", path + ": dropped " + std::to_string(dropped) + " of " + std::to_string(points)
                                    + " points with a NaN or infinite coordinate");
    if (buffers.size() == 0)
        throw DataError("no points: every point has a NaN or infinite coordinate", path);
    return buffers.toCloud(path);
}

} // namespace pointq
