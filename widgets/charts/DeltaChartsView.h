#pragma once

#include "RunComparisonModel.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;

namespace pointq::widgets {

/// Bar charts of latency, model size and accuracy (OA, mAcc, top-1 agreement) for
/// FP32 and INT8 in every run, with the change of the latest run against FP32 and
/// against the run before it written under the charts.
class DeltaChartsView : public QWidget {
    Q_OBJECT

public:
    explicit DeltaChartsView(QWidget* parent = nullptr);

    void setRuns(const std::vector<RunEntry>& runs);
    /// Text under the charts: the deltas of the latest run.
    QString deltaText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void applyTheme();
    QChart* latencyChart() const;
    QChart* sizeChart() const;
    QChart* accuracyChart() const;
    QString describeDeltas() const;

    std::vector<RunEntry> m_runs;
    QChartView* m_latencyView = nullptr;
    QChartView* m_sizeView = nullptr;
    QChartView* m_accuracyView = nullptr;
    QLabel* m_deltas = nullptr;
};

} // namespace pointq::widgets
