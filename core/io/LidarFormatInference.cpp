#include "io/LidarFormatInference.h"

#include "common/Errors.h"
#include "io/CloudBuffers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

namespace pointq {

namespace {

bool isByteValue(float value, float limit)
{
    return value >= 0.0f && value < limit && std::floor(value) == value;
}

// True when columns [first, last) of every record hold integers in 0..limit-1.
bool columnsAreSmallIntegers(const std::vector<float>& values, int columns, int first, int last, float limit)
{
    for (size_t row = 0; row + static_cast<size_t>(columns) <= values.size(); row += static_cast<size_t>(columns)) {
        for (int c = first; c < last; ++c) {
            if (!isByteValue(values[row + static_cast<size_t>(c)], limit))
                return false;
        }
    }
    return true;
}

std::string pointsText(size_t bytes, int columns)
{
    return std::to_string(bytes / (4 * static_cast<size_t>(columns))) + " points";
}

} // namespace

std::optional<LidarFormat> parseLidarFormatName(const std::string& name)
{
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "kitti")
        return LidarFormat::Kitti;
    if (lower == "nuscenes")
        return LidarFormat::NuScenes;
    if (lower == "xyzrgb")
        return LidarFormat::XyzRgb;
    if (lower == "auto")
        return std::nullopt;
    throw DataError("unknown LiDAR format '" + name + "'; expected kitti, nuscenes, xyzrgb or auto");
}

LidarFormatGuess inferLidarFormat(const std::string& path)
{
    const std::string bytes = readFileBytes(path);
    if (bytes.empty())
        throw DataError("no points: the file is empty", path);
    std::vector<float> values(bytes.size() / 4);
    std::memcpy(values.data(), bytes.data(), values.size() * 4);

    const bool fitsKitti = bytes.size() % 16 == 0;
    const bool fitsNuScenes = bytes.size() % 20 == 0;
    const bool fitsXyzRgb = bytes.size() % 24 == 0;
    const bool ringsPlausible = fitsNuScenes && columnsAreSmallIntegers(values, 5, 4, 5, 256.0f);
    const bool colorsPlausible = fitsXyzRgb && columnsAreSmallIntegers(values, 6, 3, 6, 256.0f);

    std::string sizes = std::to_string(bytes.size()) + " bytes fit";
    if (fitsKitti)
        sizes += " KITTI (" + pointsText(bytes.size(), 4) + ")";
    if (fitsNuScenes)
        sizes += std::string(fitsKitti ? "," : "") + " nuScenes (" + pointsText(bytes.size(), 5) + ")";
    if (fitsXyzRgb)
        sizes += std::string(fitsKitti || fitsNuScenes ? "," : "") + " x,y,z,r,g,b (" + pointsText(bytes.size(), 6) + ")";

    if (ringsPlausible && colorsPlausible)
        throw DataError("the LiDAR format is ambiguous: " + sizes + ", and the data read as nuScenes rings and as "
                        "colours alike; pass --lidar-format kitti, nuscenes or xyzrgb",
                        path);
    const bool several = (fitsKitti ? 1 : 0) + (fitsNuScenes ? 1 : 0) + (fitsXyzRgb ? 1 : 0) > 1;
    if (colorsPlausible)
        return {LidarFormat::XyzRgb, sizes + "; every colour column holds integers 0..255, so x,y,z,r,g,b", several};
    if (ringsPlausible)
        return {LidarFormat::NuScenes, sizes + "; every fifth column is an integer ring index, so nuScenes", several};
    if (fitsKitti) {
        std::string reason = sizes;
        if (several)
            reason += "; the columns fail the nuScenes ring and x,y,z,r,g,b colour checks";
        return {LidarFormat::Kitti, reason + ", so KITTI", several};
    }
    throw DataError("the file size " + std::to_string(bytes.size()) + " bytes fits no LiDAR format (records of 16, 20 or "
                    "24 bytes)" + (fitsNuScenes || fitsXyzRgb ? ", and its columns fail the nuScenes and x,y,z,r,g,b checks" : std::string())
                    + "; pass --lidar-format if the file is one of them",
                    path);
}

} // namespace pointq
