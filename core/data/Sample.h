#pragma once

#include "io/PointCloud.h"

#include <cstdint>
#include <string>

namespace pointq {

/// One labelled cloud of a classification data set.
struct Sample {
    PointCloud cloud;
    /// Class index into the data set's classNames(), or -1 when the data set has no labels.
    int64_t label = -1;
    /// Shape name, as in "airplane_0126", or the file stem for unlabelled clouds.
    std::string name;
};

} // namespace pointq
