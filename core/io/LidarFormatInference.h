#pragma once

#include "io/LidarBinReader.h"

#include <optional>
#include <string>
#include <vector>

namespace pointq {

/// A column layout inferred for a `.bin` file, with the reason in words for logs
/// and reports.
struct LidarFormatGuess {
    LidarFormat format = LidarFormat::Kitti;
    std::string reason;
    bool sizeFitsSeveral = false; ///< the file size alone did not decide
};

/// Parses "kitti", "nuscenes" or "xyzrgb" (case-insensitive); returns nullopt for "auto"
/// and throws DataError naming the accepted values for anything else.
std::optional<LidarFormat> parseLidarFormatName(const std::string& name);

/// Infers the layout of a float32 `.bin` file, because the file does not store it.
/// The rule:
///  1. Candidates are the layouts whose record size divides the file size: KITTI
///     16 bytes (x,y,z,intensity), nuScenes 20 bytes (x,y,z,intensity,ring) and
///     x,y,z,r,g,b 24 bytes.
///  2. nuScenes stays a candidate only if every fifth column is an integer ring index
///     in 0..255, and x,y,z,r,g,b only if every colour value is an integer in 0..255.
///     KITTI has no such check, because its intensity may be any float.
///  3. A checked layout (nuScenes or x,y,z,r,g,b) that survives wins over KITTI, since
///     real KITTI data practically never passes those checks.
/// Throws DataError when no layout fits, and when both checked layouts survive
/// (ambiguous); the message lists the candidates and names --lidar-format as the fix.
LidarFormatGuess inferLidarFormat(const std::string& path);

} // namespace pointq
