#pragma once

#include "histogram/HistogramData.h"

#include <QWidget>

#include <vtkSmartPointer.h>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class vtkContextActor;
class vtkPlot;

namespace pointq::widgets {

class HistogramChart;
class VtkRenderWidget;

/// A histogram drawn with VTK's charts in a VtkRenderWidget. It shows bars of
/// counts and the quantization clipping range as two vertical lines. The
/// quantized grid appears as one tick mark per grid value along the value
/// axis, so the ticks separate when zoomed in. Controls: a log-scale toggle
/// and a channel selector for per-channel histograms. The chart's own
/// interaction applies: the wheel zooms the value axis, left drag pans.
class HistogramView : public QWidget {
    Q_OBJECT

public:
    explicit HistogramView(QWidget* parent = nullptr);
    ~HistogramView() override;

    /// Shows data and selects "all channels". Throws std::invalid_argument with
    /// histogramDataProblem()'s message when the data cannot be drawn.
    void setHistogram(const HistogramData& data);
    void clear();
    const HistogramData& histogram() const { return m_data; }

    /// Shows counts as log10(count + 1), so empty bins stay at zero.
    void setLogScale(bool enabled);
    bool logScale() const;
    /// Selects channel k, or -1 for the whole histogram. Throws
    /// std::out_of_range for a channel the data does not have.
    void setChannel(int channel);
    int channel() const;
    /// Shows the whole value range of the data again after zooming.
    void resetZoom();

    VtkRenderWidget* renderWidget() const { return m_renderWidget; }
    HistogramChart* chart() const;
    /// Number of grid tick marks drawn, 0 without a quantization overlay.
    int gridTickCount() const { return m_gridTickCount; }
    /// Text under the chart: the clipping range, grid step and clipped counts.
    QString legendText() const;

Q_SIGNALS:
    void channelChanged(int channel);

private:
    void buildControls();
    void onChannelIndexChanged(int index);
    void onLogScaleToggled(bool enabled);
    void rebuildPlots();
    void addBars(const std::vector<double>& counts);
    void addClippingLines(const QuantizationOverlay& overlay, double top);
    void addGridTicks(const QuantizationOverlay& overlay, double top);
    const std::vector<double>& shownCounts() const;
    std::optional<QuantizationOverlay> shownOverlay() const;

    HistogramData m_data;
    bool m_hasData = false;
    int m_gridTickCount = 0;

    VtkRenderWidget* m_renderWidget = nullptr;
    vtkSmartPointer<HistogramChart> m_chart;
    vtkSmartPointer<vtkContextActor> m_chartActor;
    QComboBox* m_channelBox = nullptr;
    QCheckBox* m_logScaleBox = nullptr;
    QPushButton* m_resetZoomButton = nullptr;
    QLabel* m_legend = nullptr;
};

} // namespace pointq::widgets
