#include "histogram/HistogramChart.h"

#include <vtkAxis.h>
#include <vtkContextMouseEvent.h>
#include <vtkContextScene.h>
#include <vtkObjectFactory.h>

#include <algorithm>
#include <cmath>

namespace pointq::widgets {

vtkStandardNewMacro(HistogramChart);

bool HistogramChart::MouseWheelEvent(const vtkContextMouseEvent& mouse, int delta)
{
    if (!this->GetZoomWithMouseWheel() || delta == 0)
        return false;
    vtkAxis* axis = this->GetAxis(vtkAxis::BOTTOM);
    const float* start = axis->GetPoint1();
    const float* end = axis->GetPoint2();
    const double pixels = double(end[0]) - double(start[0]);
    if (pixels <= 0.0)
        return false;

    const double minimum = axis->GetMinimum();
    const double maximum = axis->GetMaximum();
    const double fraction = (double(mouse.GetScenePos()[0]) - start[0]) / pixels;
    const double anchor = minimum + std::clamp(fraction, 0.0, 1.0) * (maximum - minimum);
    // Each wheel notch scales the visible range by 0.8 (in) or 1.25 (out).
    const double scale = std::pow(delta > 0 ? 0.8 : 1.25, std::abs(delta));
    axis->SetRange(anchor - (anchor - minimum) * scale, anchor + (maximum - anchor) * scale);
    axis->RecalculateTickSpacing();
    if (this->GetScene())
        this->GetScene()->SetDirty(true);
    return true;
}

} // namespace pointq::widgets
