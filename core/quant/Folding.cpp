#include "quant/Folding.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pointq {

FoldedLayer foldBatchNorm(const ConvBlock& block)
{
    const at::Tensor weight = block.weightMatrix().detach().to(at::kDouble);
    at::Tensor bias = block.bias().defined() ? block.bias().detach().to(at::kDouble)
                                             : at::zeros({weight.size(0)}, at::kDouble);
    if (!block.hasNorm())
        return FoldedLayer{weight.to(at::kFloat).contiguous(), bias.to(at::kFloat).contiguous()};

    const at::Tensor gamma = block.normWeight().detach().to(at::kDouble);
    const at::Tensor beta = block.normBias().detach().to(at::kDouble);
    const at::Tensor mean = block.normRunningMean().detach().to(at::kDouble);
    const at::Tensor variance = block.normRunningVar().detach().to(at::kDouble);
    const at::Tensor factor = gamma / at::sqrt(variance + block.normEps());
    return FoldedLayer{(weight * factor.unsqueeze(1)).to(at::kFloat).contiguous(),
                       (beta + (bias - mean) * factor).to(at::kFloat).contiguous()};
}

at::Tensor quantizeWeightPerChannel(const at::Tensor& weight)
{
    const at::Tensor absMax = std::get<0>(weight.abs().max(1));
    at::Tensor scales = (absMax / 127.0f).to(at::kFloat);
    scales = at::where(scales > 0, scales, at::ones_like(scales));
    const at::Tensor zeroPoints = at::zeros({weight.size(0)}, at::kLong);
    return at::quantize_per_channel(weight.contiguous(), scales.to(at::kDouble), zeroPoints, 0, at::kQInt8);
}

std::pair<double, int64_t> affineQuantParams(float minimum, float maximum, int64_t quantMax)
{
    const double low = std::min<double>(minimum, 0.0);
    const double high = std::max<double>(maximum, 0.0);
    const auto levels = static_cast<double>(quantMax);
    double scale = (high - low) / levels;
    if (!(scale > 0))
        scale = 1.0;
    // A range narrower than quantMax float32 epsilons gives a scale that underflows or whose
    // reciprocal overflows in the kernels. PyTorch's observers clamp the scale to
    // torch.finfo(torch.float32).eps for the same reason, and so does this function.
    scale = std::max(scale, static_cast<double>(std::numeric_limits<float>::epsilon()));
    // The scale is stored as float32 in saved models; round it now so that a reload
    // quantizes with exactly the same value.
    scale = static_cast<double>(static_cast<float>(scale));
    const auto zeroPoint = static_cast<int64_t>(std::clamp<double>(std::nearbyint(-low / scale), 0.0, levels));
    return {scale, zeroPoint};
}

} // namespace pointq
