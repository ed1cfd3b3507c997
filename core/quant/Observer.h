#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

namespace pointq {

enum class ObserverKind { MinMax, Percentile };

const char* observerKindName(ObserverKind kind);

/// Range of one activation tensor over the calibration clouds. MinMax keeps the exact
/// extremes. Percentile also keeps a bounded, evenly strided sample of the values and
/// clips the range to the given lower and upper percentiles of that sample.
class ActivationObserver {
public:
    explicit ActivationObserver(ObserverKind kind = ObserverKind::MinMax, double percentile = 99.99);

    void observe(const at::Tensor& values);

    bool empty() const { return m_count == 0; }
    /// The clipping range; always contains 0 so that 0 is exactly representable.
    std::pair<float, float> range() const;
    /// The observed extremes, before any clipping.
    float minimum() const { return m_min; }
    float maximum() const { return m_max; }
    /// Histogram of the sampled values over [minimum, maximum], for plots.
    std::vector<int64_t> histogram(int bins) const;

private:
    ObserverKind m_kind;
    double m_percentile;
    int64_t m_count = 0;
    float m_min = 0.0f;
    float m_max = 0.0f;
    std::vector<float> m_sample;
};

} // namespace pointq
