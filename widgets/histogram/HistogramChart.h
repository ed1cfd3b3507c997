#pragma once

#include <vtkChartXY.h>

namespace pointq::widgets {

/// A vtkChartXY whose mouse wheel zooms the value (bottom) axis only, around
/// the value under the cursor. Zooming the count axis too would hide the
/// zero line, where the quantized grid's ticks sit.
class HistogramChart : public vtkChartXY {
public:
    static HistogramChart* New();
    vtkTypeMacro(HistogramChart, vtkChartXY);

    bool MouseWheelEvent(const vtkContextMouseEvent& mouse, int delta) override;

protected:
    HistogramChart() = default;
    ~HistogramChart() override = default;

private:
    HistogramChart(const HistogramChart&) = delete;
    void operator=(const HistogramChart&) = delete;
};

} // namespace pointq::widgets
