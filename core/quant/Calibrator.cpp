#include "quant/Calibrator.h"

namespace pointq {

Calibrator::Calibrator(ObserverKind kind, double percentile)
    : m_kind(kind)
    , m_percentile(percentile)
{
}

at::Tensor Calibrator::run(ConvBlock& block, const at::Tensor& input)
{
    auto found = m_observations.find(block.layerName());
    if (found == m_observations.end())
        found = m_observations
                    .emplace(block.layerName(),
                             LayerObservation{ActivationObserver(m_kind, m_percentile), ActivationObserver(m_kind, m_percentile)})
                    .first;
    found->second.input.observe(input);
    at::Tensor output = block.forwardFloat(input);
    found->second.output.observe(output);
    return output;
}

} // namespace pointq
