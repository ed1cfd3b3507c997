#pragma once

#include "io/LidarFormatInference.h"

#include <QCoreApplication>
#include <QString>

namespace pointq::studio {

/// Sentences about an inferred .bin column layout, in the workbench's language. Core's
/// LidarFormatGuess::reason states the same in English for the command line.
class SceneLayoutText {
    Q_DECLARE_TR_FUNCTIONS(pointq::studio::SceneLayoutText)

public:
    /// The layout chosen for the file, which file sizes fit which layouts and the check that
    /// decided, e.g. "Column layout: x,y,z,r,g,b, inferred because a .bin file does not
    /// store it. The file's 976,416 bytes fit KITTI (61,026 points) and x,y,z,r,g,b
    /// (40,684 points). Every colour column holds integers from 0 to 255, so the file is read as x,y,z,r,g,b."
    static QString describe(const LidarFormatGuess& guess);
};

} // namespace pointq::studio
