#include "quant/Observer.h"

#include <algorithm>
#include <cmath>

namespace pointq {

namespace {

// Upper bound of the values a percentile observer keeps for one tensor site. Each
// observe() call adds at most this many divided by 16, so later batches still count.
constexpr int64_t sampleCapacity = 1 << 20;

} // namespace

const char* observerKindName(ObserverKind kind)
{
    return kind == ObserverKind::MinMax ? "minmax" : "percentile";
}

ActivationObserver::ActivationObserver(ObserverKind kind, double percentile)
    : m_kind(kind)
    , m_percentile(percentile)
{
}

void ActivationObserver::observe(const at::Tensor& values)
{
    const at::Tensor flat = values.detach().to(at::kFloat).contiguous().view(-1);
    if (flat.numel() == 0)
        return;
    const float low = flat.min().item<float>();
    const float high = flat.max().item<float>();
    m_min = m_count == 0 ? low : std::min(m_min, low);
    m_max = m_count == 0 ? high : std::max(m_max, high);
    m_count += flat.numel();

    // A strided subsample keeps the memory bounded. Percentile ranges and the
    // histograms shown to the user both come from it.
    const int64_t room = std::max<int64_t>(sampleCapacity - static_cast<int64_t>(m_sample.size()), sampleCapacity / 16);
    const int64_t take = std::min<int64_t>(flat.numel(), room / 16 + 1);
    const int64_t step = std::max<int64_t>(1, flat.numel() / take);
    const float* data = flat.data_ptr<float>();
    for (int64_t i = 0; i < flat.numel() && static_cast<int64_t>(m_sample.size()) < sampleCapacity; i += step)
        m_sample.push_back(data[i]);
}

std::pair<float, float> ActivationObserver::range() const
{
    float low = m_min;
    float high = m_max;
    if (m_kind == ObserverKind::Percentile && !m_sample.empty()) {
        std::vector<float> sorted = m_sample;
        std::sort(sorted.begin(), sorted.end());
        const auto at = [&](double fraction) {
            const auto index = static_cast<size_t>(std::llround(fraction * static_cast<double>(sorted.size() - 1)));
            return sorted[std::min(index, sorted.size() - 1)];
        };
        low = std::max(low, at(1.0 - m_percentile / 100.0));
        high = std::min(high, at(m_percentile / 100.0));
    }
    return {std::min(low, 0.0f), std::max(high, 0.0f)};
}

std::vector<int64_t> ActivationObserver::histogram(int bins) const
{
    std::vector<int64_t> counts(static_cast<size_t>(std::max(bins, 1)), 0);
    const float width = (m_max - m_min) / static_cast<float>(counts.size());
    for (float value : m_sample) {
        auto bin = width > 0 ? static_cast<int64_t>((value - m_min) / width) : 0;
        bin = std::clamp<int64_t>(bin, 0, static_cast<int64_t>(counts.size()) - 1);
        ++counts[static_cast<size_t>(bin)];
    }
    return counts;
}

} // namespace pointq
