#pragma once

#include "model/ConvBlock.h"
#include "quant/Observer.h"

#include <map>
#include <string>

namespace pointq {

/// Observed ranges of one layer's input and output.
struct LayerObservation {
    ActivationObserver input;
    ActivationObserver output;
};

/// Runs the FP32 model and records every block's input and output ranges.
class Calibrator : public LayerRunner {
public:
    explicit Calibrator(ObserverKind kind = ObserverKind::MinMax, double percentile = 99.99);

    at::Tensor run(ConvBlock& block, const at::Tensor& input) override;

    /// Observations by layer name; a layer never run is absent.
    const std::map<std::string, LayerObservation>& observations() const { return m_observations; }

private:
    ObserverKind m_kind;
    double m_percentile;
    std::map<std::string, LayerObservation> m_observations;
};

} // namespace pointq
