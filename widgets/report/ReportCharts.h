#pragma once

#include "eval/LayerStatistics.h"
#include "report/ReportContent.h"

#include <QColor>
#include <QRectF>
#include <QString>

#include <vector>

class QPainter;

namespace pointq::report {

/// One horizontal bar; low and high draw a whisker when low < high.
struct Bar {
    QString label;
    double value = 0.0;
    QString valueText;
    QColor colour;
    double low = 0.0;
    double high = 0.0;
};

/// Horizontal bars with their labels on the left and the values at the bar ends, drawn
/// as vector paths. The axis starts at 0 unless a value is negative.
void drawBarChart(QPainter& painter, const QRectF& area, const QString& title, const QString& axisLabel,
                  const std::vector<Bar>& bars);

/// The bar of drawBarChart(area, ..., bars of size count) under a point, or -1.
int barIndexAt(const QRectF& area, size_t count, const QPointF& point);

/// A histogram with the counts on a log scale and the clip range as red dashed lines.
void drawHistogram(QPainter& painter, const QRectF& area, const QString& title, const ValueHistogram& histogram,
                   float clipMin, float clipMax);

/// The cloud projected orthographically after a turn of 35 degrees about z and a tilt
/// of 25 degrees, every point a dot coloured by its error on a 0 to maxError scale.
void drawCloudSnapshot(QPainter& painter, const QRectF& area, const CloudSnapshot& snapshot, double maxError);

/// The colour scale of the snapshots, with its end values.
void drawColourBar(QPainter& painter, const QRectF& area, double maxError, const QString& label);

/// The snapshots' colour for a value in [0, 1]: dark blue through green to yellow.
QColor errorColour(double fraction);

} // namespace pointq::report
