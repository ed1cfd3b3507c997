#include "io/LidarFormatInference.h"

#include "common/Errors.h"
#include "common/Plural.h"
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
    return countedNoun(static_cast<int64_t>(bytes / (4 * static_cast<size_t>(columns))), "point", "points");
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

    LidarFormatGuess guess;
    guess.fileBytes = static_cast<int64_t>(bytes.size());
    std::string sizes = std::to_string(bytes.size()) + " bytes fit";
    for (const auto& [fits, format] : {std::pair{fitsKitti, LidarFormat::Kitti}, std::pair{fitsNuScenes, LidarFormat::NuScenes},
                                       std::pair{fitsXyzRgb, LidarFormat::XyzRgb}}) {
        if (!fits)
            continue;
        const int columns = lidarColumnCount(format);
        sizes += std::string(guess.fits.empty() ? "" : ",") + " " + lidarFormatName(format) + " ("
                 + pointsText(bytes.size(), columns) + ")";
        guess.fits.push_back({format, static_cast<int64_t>(bytes.size() / (4 * static_cast<size_t>(columns)))});
    }

    if (ringsPlausible && colorsPlausible)
        throw DataError("the LiDAR format is ambiguous: " + sizes + ", and the data read as nuScenes rings and as "
                        "colours alike; pass --lidar-format kitti, nuscenes or xyzrgb",
                        path);
    guess.sizeFitsSeveral = guess.fits.size() > 1;
    if (colorsPlausible) {
        guess.format = LidarFormat::XyzRgb;
        guess.evidence = LidarFormatEvidence::ColorsAreBytes;
        guess.reason = sizes + "; every colour column holds integers 0..255, so x,y,z,r,g,b";
        return guess;
    }
    if (ringsPlausible) {
        guess.format = LidarFormat::NuScenes;
        guess.evidence = LidarFormatEvidence::RingsAreIntegers;
        guess.reason = sizes + "; every fifth column is an integer ring index, so nuScenes";
        return guess;
    }
    if (fitsKitti) {
        guess.format = LidarFormat::Kitti;
        guess.evidence = guess.sizeFitsSeveral ? LidarFormatEvidence::ChecksFailed : LidarFormatEvidence::OnlyKittiFits;
        guess.reason = sizes;
        if (guess.sizeFitsSeveral)
            guess.reason += "; the columns fail the nuScenes ring and x,y,z,r,g,b colour checks";
        guess.reason += ", so KITTI";
        return guess;
    }
    throw DataError("the file size " + std::to_string(bytes.size()) + " bytes fits no LiDAR format (records of 16, 20 or "
                    "24 bytes)" + (fitsNuScenes || fitsXyzRgb ? ", and its columns fail the nuScenes and x,y,z,r,g,b checks" : std::string())
                    + "; pass --lidar-format if the file is one of them",
                    path);
}

} // namespace pointq
