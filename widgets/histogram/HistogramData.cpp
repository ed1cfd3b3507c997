#include "histogram/HistogramData.h"

#include <QCoreApplication>

#include <cmath>

namespace pointq::widgets {

namespace {

QString overlayProblem(const QuantizationOverlay& overlay)
{
    if (!std::isfinite(overlay.clipMinimum) || !std::isfinite(overlay.clipMaximum) ||
        !(overlay.clipMinimum < overlay.clipMaximum))
        return QCoreApplication::translate("HistogramData", "clipping range [%1, %2] is empty or not finite")
            .arg(overlay.clipMinimum)
            .arg(overlay.clipMaximum);
    if (!std::isfinite(overlay.gridStep) || overlay.gridStep <= 0.0)
        return QCoreApplication::translate("HistogramData", "grid step %1 is not a positive number")
            .arg(overlay.gridStep);
    return {};
}

QString countsProblem(const std::vector<double>& counts)
{
    for (size_t bin = 0; bin < counts.size(); ++bin)
        if (!std::isfinite(counts[bin]) || counts[bin] < 0.0)
            return QCoreApplication::translate("HistogramData", "count %1 of bin %2 is negative or not finite")
                .arg(counts[bin])
                .arg(bin);
    return {};
}

} // namespace

QString histogramDataProblem(const HistogramData& data)
{
    if (data.counts.empty())
        return QCoreApplication::translate("HistogramData", "the histogram has no bins");
    if (!std::isfinite(data.minimum) || !std::isfinite(data.maximum) || !(data.minimum < data.maximum))
        return QCoreApplication::translate("HistogramData", "bin range [%1, %2] is empty or not finite")
            .arg(data.minimum)
            .arg(data.maximum);
    if (QString problem = countsProblem(data.counts); !problem.isEmpty())
        return problem;
    if (data.quantization)
        if (QString problem = overlayProblem(*data.quantization); !problem.isEmpty())
            return problem;
    for (size_t channel = 0; channel < data.channels.size(); ++channel) {
        const ChannelHistogram& histogram = data.channels[channel];
        QString problem;
        if (histogram.counts.size() != data.counts.size())
            problem = QCoreApplication::translate("HistogramData", "has %1 bins, expected %2")
                          .arg(histogram.counts.size())
                          .arg(data.counts.size());
        else
            problem = countsProblem(histogram.counts);
        if (problem.isEmpty() && histogram.quantization)
            problem = overlayProblem(*histogram.quantization);
        if (!problem.isEmpty())
            return QCoreApplication::translate("HistogramData", "channel %1: %2").arg(channel).arg(problem);
    }
    return {};
}

} // namespace pointq::widgets
