#pragma once

#include "io/PointCloud.h"

#include <string>

namespace pointq {

/// Column layout of a raw float32 `.bin` point cloud. The file itself does not
/// store it, so the caller must state it: a size divisible by both 16 and 20
/// bytes fits KITTI and nuScenes alike.
enum class LidarFormat {
    Kitti,     ///< 4 columns: x, y, z, intensity
    NuScenes,  ///< 5 columns: x, y, z, intensity, ring index
    XyzRgb,    ///< 6 columns: x, y, z, r, g, b (S3DIS and ScanNet exports, colours 0..255)
};

/// Number of float32 columns per point of format.
int lidarColumnCount(LidarFormat format);

/// Name of format as used in messages: "KITTI", "nuScenes" or "x,y,z,r,g,b".
std::string lidarFormatName(LidarFormat format);

/// Reads a little-endian float32 `.bin` file in the given layout. A file size
/// that is not a multiple of 4 times the column count is a DataError naming
/// the size and the column count. Read as nuScenes, a fifth column that is not
/// a small non-negative integer (a ring index) logs a warning that the file may
/// be KITTI. The ring index itself is not stored in the cloud. Points with a NaN or
/// infinite coordinate are dropped with a warning that counts them; a file of only
/// such points is a DataError.
PointCloud readLidarBin(const std::string& path, LidarFormat format);

} // namespace pointq
