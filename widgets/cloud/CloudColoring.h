#pragma once

#include "eval/PointDiagnostics.h"
#include "io/PointCloud.h"

#include <ATen/ATen.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pointq::widgets {

/// Colouring of the points in PointCloudView.
enum class ColorMode {
    Height,        ///< by the z coordinate, through a colour map with a colour bar
    Normal,        ///< by the normal vector, (n + 1) / 2 as RGB
    Rgb,           ///< by the colours stored in the file
    Scalar,        ///< by a per-point value set with setPointScalars(), with a colour bar
    LayerSampling, ///< sampled centres of one stage and the ball query of one centre
    Fp32Label,     ///< segmentation: the FP32 model's predicted class of each point
    Int8Label,     ///< segmentation: the INT8 model's predicted class of each point
    LabelFlips,    ///< segmentation: points whose INT8 class differs from the FP32 class
    GroundTruth,   ///< segmentation: the labelled class of each point
};

/// Reasons a colour mode cannot be shown for a cloud.
enum class ColorModeAvailability {
    Available, NoCloud, NoNormals, NoColors, NoScalars, NoSampling, NoPredictions, NoGroundTruth
};

/// Per-point classes of a segmentation scene, for the label colour modes. Any tensor
/// may be undefined: predictions exist only after a run, ground truth only for a
/// labelled scene.
struct PointLabels {
    at::Tensor fp32;        ///< (N) int64 FP32 predictions
    at::Tensor int8;        ///< (N) int64 INT8 predictions
    at::Tensor groundTruth; ///< (N) int64 labels; negative for an unlabelled point
    std::vector<std::string> classNames; ///< by class index; "class i" is shown for missing names
    int64_t classCount = 0;
};

/// The colours the flip mode uses, as 0-255 RGB.
struct FlipPalette {
    unsigned char unchanged[3] = {185, 185, 185};
    unsigned char flipped[3] = {230, 20, 60};
};

/// Colour of an unlabelled point (negative label) in the label modes.
constexpr std::array<uint8_t, 3> unlabelledColor{40, 40, 40};

/// Returns the 0-255 RGB colour of a class in the categorical palette of the label
/// modes. The palette has 20 colours, one per ScanNet class; classIndex 20 and above
/// repeat it, and a negative index returns unlabelledColor.
std::array<uint8_t, 3> classColor(int64_t classIndex);

/// Returns (N, 3) uint8 colours of (N) int64 labels through classColor().
at::Tensor colorsFromLabels(const at::Tensor& labels);

/// Returns the name of a class: classNames[classIndex], or "class i" when the list has none.
std::string className(const std::vector<std::string>& classNames, int64_t classIndex);

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
