#pragma once

#include "io/LidarBinReader.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pointq {

/// The step of the inference rule (see inferLidarFormat) that decided the layout.
enum class LidarFormatEvidence {
    ColorsAreBytes,   ///< every colour column holds integers 0..255, so x,y,z,r,g,b
    RingsAreIntegers, ///< every fifth column is an integer ring index 0..255, so nuScenes
    OnlyKittiFits,    ///< only KITTI's 16-byte records divide the file size
    ChecksFailed,     ///< other layouts fit the size too but fail their column checks, so KITTI
};

/// A layout whose record size divides the file size, and the number of points the file contains in it.
struct LidarFormatFit {
    LidarFormat format = LidarFormat::Kitti;
    int64_t points = 0;
};

/// A column layout inferred for a `.bin` file. The fields state the rule's inputs and
/// outcome, so a GUI can word them in its own language. reason words them in English
/// for logs, the command line and reports.
struct LidarFormatGuess {
    LidarFormat format = LidarFormat::Kitti;
    std::string reason;
    bool sizeFitsSeveral = false; ///< the file size alone did not decide
    int64_t fileBytes = 0;
    std::vector<LidarFormatFit> fits; ///< in the order KITTI, nuScenes, x,y,z,r,g,b
    LidarFormatEvidence evidence = LidarFormatEvidence::OnlyKittiFits;
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
