#include "data/Transforms.h"

#include "common/Errors.h"
#include "data/Preprocess.h"

#include <algorithm>
#include <cmath>

namespace pointq {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Uniform draws in [low, high) as a float32 tensor of `count` values.
at::Tensor uniform(at::Generator& generator, int64_t count, double low, double high)
{
    return at::empty({count}, at::kFloat).uniform_(low, high, generator);
}

at::Tensor scaleFactors(const AugmentationArgs& args, at::Generator& generator)
{
    at::Tensor scale = uniform(generator, args.anisotropic ? 3 : 1, args.scaleLow, args.scaleHigh);
    return args.anisotropic ? scale : scale.expand({3});
}

at::Tensor shiftOffsets(const AugmentationArgs& args, at::Generator& generator)
{
    at::Tensor shift = at::empty({3}, at::kFloat);
    for (int64_t axis = 0; axis < 3; ++axis)
        shift[axis] = uniform(generator, 1, -args.shift[axis], args.shift[axis]).item<float>();
    return shift;
}

// Rotation by angles drawn in [-angle, angle] * pi about x, y and z, applied as R = Rx Ry Rz.
at::Tensor rotate(const at::Tensor& positions, const AugmentationArgs& args, at::Generator& generator)
{
    double angles[3];
    for (int axis = 0; axis < 3; ++axis)
        angles[axis] = uniform(generator, 1, -args.angle[axis], args.angle[axis]).item<double>() * kPi;
    const double cx = std::cos(angles[0]), sx = std::sin(angles[0]);
    const double cy = std::cos(angles[1]), sy = std::sin(angles[1]);
    const double cz = std::cos(angles[2]), sz = std::sin(angles[2]);
    const at::Tensor rx = at::tensor({1.0, 0.0, 0.0, 0.0, cx, -sx, 0.0, sx, cx}, at::kDouble).view({3, 3});
    const at::Tensor ry = at::tensor({cy, 0.0, sy, 0.0, 1.0, 0.0, -sy, 0.0, cy}, at::kDouble).view({3, 3});
    const at::Tensor rz = at::tensor({cz, -sz, 0.0, sz, cz, 0.0, 0.0, 0.0, 1.0}, at::kDouble).view({3, 3});
    const at::Tensor rotation = rx.matmul(ry).matmul(rz).to(at::kFloat);
    return positions.matmul(rotation.t());
}

at::Tensor jitter(const at::Tensor& positions, const AugmentationArgs& args, at::Generator& generator)
{
    const at::Tensor noise = at::empty(positions.sizes(), at::kFloat).normal_(0.0, args.jitterSigma, generator);
    return positions + noise.clamp(-args.jitterClip, args.jitterClip);
}

std::vector<double> readTriple(const Config& config, const std::string& key, const std::vector<double>& fallback)
{
    const YAML::Node node = config.find(key);
    if (!node.IsDefined())
        return fallback;
    if (!node.IsSequence() || node.size() != 3)
        throw config.error(key, "expected a list of 3 numbers, one per axis");
    std::vector<double> values;
    for (size_t i = 0; i < 3; ++i)
        values.push_back(config.toDouble(node[i], key + "[" + std::to_string(i) + "]"));
    return values;
}

AugmentationArgs readArgs(const Config& config)
{
    AugmentationArgs args;
    const std::string prefix = "datatransforms.kwargs.";
    const YAML::Node scale = config.find(prefix + "scale");
    if (scale.IsDefined()) {
        if (!scale.IsSequence() || scale.size() != 2)
            throw config.error(prefix + "scale", "expected [low, high]");
        args.scaleLow = config.toDouble(scale[0], prefix + "scale[0]");
        args.scaleHigh = config.toDouble(scale[1], prefix + "scale[1]");
        if (!(args.scaleLow > 0.0 && args.scaleLow <= args.scaleHigh))
            throw config.error(prefix + "scale", "expected 0 < low <= high");
    }
    args.anisotropic = config.getBool(prefix + "anisotropic", args.anisotropic);
    args.shift = readTriple(config, prefix + "shift", args.shift);
    args.angle = readTriple(config, prefix + "angle", args.angle);
    args.jitterSigma = config.getDouble(prefix + "jitter_sigma", args.jitterSigma);
    args.jitterClip = config.getDouble(prefix + "jitter_clip", args.jitterClip);
    args.gravityDim = config.getInt(prefix + "gravity_dim", args.gravityDim);
    if (args.gravityDim < 0 || args.gravityDim > 2)
        throw config.error(prefix + "gravity_dim", "expected 0, 1 or 2");
    return args;
}

} // namespace

const std::vector<std::string>& supportedAugmentations()
{
    static const std::vector<std::string> names{
        "PointsToTensor",      "PointCloudScaleAndTranslate", "PointCloudScaling",           "PointCloudTranslation",
        "PointCloudRotation",  "PointCloudJitter",            "PointCloudScaleAndJitter",    "PointCloudCenterAndNormalize",
        "PointCloudXYZAlign"};
    return names;
}

Augmentation::Augmentation(std::vector<std::string> names, AugmentationArgs args)
    : m_names(std::move(names))
    , m_args(std::move(args))
{
    for (const std::string& name : m_names) {
        const auto& supported = supportedAugmentations();
        if (std::find(supported.begin(), supported.end(), name) == supported.end()) {
            std::string list;
            for (const std::string& known : supported)
                list += (list.empty() ? "" : ", ") + known;
            throw ConfigError("training transform '" + name + "' is not implemented; supported: " + list, {},
                              "key datatransforms.train");
        }
    }
}

Augmentation Augmentation::fromConfig(const Config& config)
{
    const std::string key = "datatransforms.train";
    const YAML::Node node = config.find(key);
    std::vector<std::string> names;
    if (node.IsDefined() && !node.IsNull())
        names = config.getStringList(key, {});
    try {
        return Augmentation(names, readArgs(config));
    } catch (const ConfigError& error) {
        if (!error.file().empty())
            throw;
        throw config.error(key, error.detail());
    }
}

at::Tensor Augmentation::apply(const at::Tensor& positions, at::Generator& generator) const
{
    at::Tensor result = positions;
    for (const std::string& name : m_names) {
        if (name == "PointCloudScaleAndTranslate")
            result = result * scaleFactors(m_args, generator) + shiftOffsets(m_args, generator);
        else if (name == "PointCloudScaling")
            result = result * scaleFactors(m_args, generator);
        else if (name == "PointCloudTranslation")
            result = result + shiftOffsets(m_args, generator);
        else if (name == "PointCloudRotation")
            result = rotate(result, m_args, generator);
        else if (name == "PointCloudJitter")
            result = jitter(result, m_args, generator);
        else if (name == "PointCloudScaleAndJitter")
            result = jitter(result * scaleFactors(m_args, generator), m_args, generator);
        else if (name == "PointCloudCenterAndNormalize")
            result = centerAndNormalize(result);
        else if (name == "PointCloudXYZAlign") {
            result = result - result.mean(0, true);
            const at::Tensor up = result.select(1, m_args.gravityDim);
            result.select(1, m_args.gravityDim).sub_(up.min());
        }
    }
    return result.contiguous();
}

} // namespace pointq
