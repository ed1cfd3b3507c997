#pragma once

#include <QChartView>

#include <optional>
#include <vector>

class QLogValueAxis;
class QValueAxis;

namespace pointq::widgets {

/// Counts in equal-width bins over [minimum, maximum], as core's ValueHistogram.
struct ChartHistogram {
    double minimum = 0.0;
    double maximum = 0.0;
    std::vector<qint64> counts;
};

/// Histogram chart drawn as a stepped area. Optional markers show the clip range that
/// the INT8 grid covers, the title states the INT8 step, and the count axis can be logarithmic.
class HistogramChartView : public QChartView {
    Q_OBJECT

public:
    explicit HistogramChartView(QWidget* parent = nullptr);

    /// Shows the histogram; clipRange and step are left out for FP32 layers.
    void setHistogram(const QString& title, const ChartHistogram& data,
                      std::optional<std::pair<double, double>> clipRange, std::optional<double> step);
    void setLogScale(bool logScale);
    bool logScale() const { return m_logScale; }
    int binCount() const { return static_cast<int>(m_data.counts.size()); }
    QString title() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();

    QString m_title;
    ChartHistogram m_data;
    std::optional<std::pair<double, double>> m_clipRange;
    std::optional<double> m_step;
    bool m_logScale = false;
};

} // namespace pointq::widgets
