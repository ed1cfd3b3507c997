#pragma once

#include "eval/Evaluation.h"
#include "io/LidarFormatInference.h"
#include "io/PointCloud.h"

#include <optional>
#include <string>

namespace pointq {

/// A segmentation scene as read, with where its labels and its .bin layout came from.
struct SegmentationScene {
    PointCloud cloud;
    std::string labelsSource; ///< label file, or the scene file itself; empty without labels
    /// Reason for an inferred .bin layout, in English for the command line and reports,
    /// e.g. "read as x,y,z,r,g,b (--lidar-format auto: ...)"; empty when the layout was given
    /// or the file is not a .bin.
    std::string formatNote;
    /// The inferred .bin layout and the facts that decided it, set exactly when formatNote is.
    std::optional<LidarFormatGuess> inferredFormat;
    bool formatAmbiguous = false; ///< the file size fitted more than one .bin layout
};

/// Reads data.path as a segmentation scene, with labels from data.labelsPath, the file
/// or the label file beside it. With data.inferLidarFormat and no data.lidarFormat, a
/// .bin layout is inferred and formatNote records the rule. Throws DataError for
/// synthetic data, an empty path or a file that is not a scene with colours.
SegmentationScene readSegmentationScene(const DataOptions& data);

} // namespace pointq
