#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace pointq::widgets {

/// Quantization parameters to draw over a histogram, in the histogram's units.
struct QuantizationOverlay {
    double clipMinimum = 0.0; ///< lowest value the quantized grid represents
    double clipMaximum = 0.0; ///< highest value the quantized grid represents
    double gridStep = 0.0;    ///< distance between neighbouring grid values (the scale), > 0
};

/// One channel's histogram over the same bins as the whole tensor.
struct ChannelHistogram {
    std::vector<double> counts;
    /// The channel's own range and step under per-channel quantization, or
    /// empty to use the overlay of the whole histogram.
    std::optional<QuantizationOverlay> quantization;
};

/// A histogram of counts over equal-width bins from minimum to maximum, as
/// an observer of a layer's activations or weights produces it.
struct HistogramData {
    QString title;     ///< e.g. the layer name and "input activations"
    QString axisLabel; ///< label of the value axis, with its unit
    double minimum = 0.0;
    double maximum = 0.0;
    std::vector<double> counts; ///< one count per bin, bins in increasing order
    std::optional<QuantizationOverlay> quantization;
    /// Optional per-channel histograms (e.g. per output channel of a weight);
    /// every entry has as many bins as counts.
    std::vector<ChannelHistogram> channels;
};

/// Returns why data cannot be drawn (no bins, minimum >= maximum, a negative
/// or non-finite count, a channel with another bin count, an invalid overlay),
/// or an empty string when it can.
QString histogramDataProblem(const HistogramData& data);

} // namespace pointq::widgets
