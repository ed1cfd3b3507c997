#pragma once

#include "config/Config.h"

#include <ATen/ATen.h>

#include <string>
#include <vector>

namespace pointq {

/// Settings of openpoints' point-cloud augmentations, from `datatransforms.kwargs`.
/// Defaults are the constructor defaults of openpoints' transforms
/// (openpoints/transforms/point_transformer_gpu.py).
struct AugmentationArgs {
    double scaleLow = 2.0 / 3.0;   ///< scale[0]
    double scaleHigh = 3.0 / 2.0;  ///< scale[1]
    bool anisotropic = true;       ///< one scale per axis, else one for all
    std::vector<double> shift{0.2, 0.2, 0.2};
    std::vector<double> angle{0.0, 0.0, 0.0};  ///< maximum rotation per axis, in multiples of pi
    double jitterSigma = 0.01;
    double jitterClip = 0.05;
    int gravityDim = 2;
};

/// The training augmentations a config names in `datatransforms.train`, applied to
/// normalized positions one cloud at a time. Supported: PointsToTensor (no-op on
/// tensors), PointCloudScaleAndTranslate, PointCloudScaling, PointCloudTranslation,
/// PointCloudRotation, PointCloudJitter, PointCloudScaleAndJitter,
/// PointCloudCenterAndNormalize and PointCloudXYZAlign.
class Augmentation {
public:
    /// Reads datatransforms.train and datatransforms.kwargs. Throws ConfigError naming
    /// the key for a transform PointQ does not implement or a malformed kwarg.
    static Augmentation fromConfig(const Config& config);

    Augmentation() = default;
    Augmentation(std::vector<std::string> names, AugmentationArgs args);

    /// Returns augmented (N, 3) float32 positions; `generator` supplies every random draw,
    /// so a seeded generator gives the same augmentations on every run.
    at::Tensor apply(const at::Tensor& positions, at::Generator& generator) const;

    const std::vector<std::string>& names() const { return m_names; }
    const AugmentationArgs& args() const { return m_args; }

private:
    std::vector<std::string> m_names;
    AugmentationArgs m_args;
};

/// The names Augmentation implements.
const std::vector<std::string>& supportedAugmentations();

} // namespace pointq
