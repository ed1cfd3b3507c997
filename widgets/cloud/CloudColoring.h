#pragma once

#include "eval/PointDiagnostics.h"
#include "io/PointCloud.h"

#include <ATen/ATen.h>

namespace pointq::widgets {

/// Colouring of the points in PointCloudView.
enum class ColorMode {
    Height,        ///< by the z coordinate, through a colour map with a colour bar
    Normal,        ///< by the normal vector, (n + 1) / 2 as RGB
    Rgb,           ///< by the colours stored in the file
    Scalar,        ///< by a per-point value set with setPointScalars(), with a colour bar
    LayerSampling, ///< sampled centres of one stage and the ball query of one centre
};

/// Reasons a colour mode cannot be shown for a cloud.
enum class ColorModeAvailability { Available, NoCloud, NoNormals, NoColors, NoScalars, NoSampling };

/// The colours the layer-sampling mode uses, as 0-255 RGB.
struct SamplingPalette {
    unsigned char otherPoints[3] = {150, 150, 150};
    unsigned char centres[3] = {40, 110, 230};
    unsigned char neighbours[3] = {245, 150, 30};
    unsigned char chosenCentre[3] = {220, 20, 30};
};

/// Returns (N, 3) uint8 colours (n + 1) / 2 * 255 for (N, 3) normals. Normals
/// are not renormalized, and components outside [-1, 1] are clamped.
at::Tensor colorsFromNormals(const at::Tensor& normals);

/// Returns (N, 3) uint8 colours from a cloud's stored colours.
at::Tensor colorsFromStoredColors(const at::Tensor& colors);

/// Returns (N) float32 heights: the z coordinate of (N, 3) positions.
at::Tensor heightsOf(const at::Tensor& positions);

/// Rows of a sampling trace that the layer-sampling mode highlights.
struct SamplingHighlight {
    at::Tensor centreRows;     ///< (M) int64 rows of the stage's centres
    at::Tensor neighbourRows;  ///< (K) int64 distinct rows in the chosen centre's ball query, or empty
    int64_t chosenCentreRow = -1;
};

/// Collects the rows to highlight for stage and centre. Throws std::out_of_range
/// when the stage or centre does not exist in sampling.
SamplingHighlight samplingHighlight(const CloudSampling& sampling, int stage, int64_t centre);

} // namespace pointq::widgets
