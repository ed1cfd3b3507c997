#include "eval/SegmentationScene.h"

#include "common/Errors.h"
#include "data/SceneData.h"
#include "io/LidarFormatInference.h"

#include <filesystem>

namespace pointq {

SegmentationScene readSegmentationScene(const DataOptions& data)
{
    if (data.synthetic)
        throw DataError("segmentation models are measured on a real scene; pass --data with a scene file "
                        "(x,y,z,r,g,b .bin, PLY or PCD with colours) instead of --synthetic");
    if (data.path.empty())
        throw DataError("no scene given: pass --data with a scene file (x,y,z,r,g,b .bin, PLY or PCD with colours)");
    SegmentationScene result;
    SceneReadOptions options;
    options.cloud.lidarFormat = data.lidarFormat;
    options.cloud.inferLidarFormat = data.inferLidarFormat;
    if (data.inferLidarFormat && !data.lidarFormat && std::filesystem::path(data.path).extension() == ".bin") {
        // Inferred here rather than in the reader, so that the caller can report the choice and why.
        const LidarFormatGuess guess = inferLidarFormat(data.path);
        options.cloud.lidarFormat = guess.format;
        result.formatNote = "read as " + lidarFormatName(guess.format) + " (--lidar-format auto: " + guess.reason + ")";
        result.formatAmbiguous = guess.sizeFitsSeveral;
        result.inferredFormat = guess;
    }
    options.labelsPath = data.labelsPath;
    result.cloud = readScene(data.path, options);
    const std::string labels = !data.labelsPath.empty() ? data.labelsPath : findLabelFile(data.path);
    if (result.cloud.labels.defined())
        result.labelsSource = labels.empty() ? data.path : labels;
    return result;
}

} // namespace pointq
