#pragma once

#include <QWidget>

class QTableView;

namespace pointq::widgets {
class DeltaChartsView;
class RunComparisonModel;
}

namespace pointq::studio {

class SessionController;

/// The Results dock: delta charts over every run and the run comparison table.
class ResultsPanel : public QWidget {
    Q_OBJECT

public:
    ResultsPanel(SessionController* controller, QWidget* parent = nullptr);

    widgets::RunComparisonModel* comparison() const { return m_comparison; }
    widgets::DeltaChartsView* charts() const { return m_charts; }

private:
    void onRunsChanged();

    SessionController* m_controller;
    widgets::DeltaChartsView* m_charts;
    widgets::RunComparisonModel* m_comparison;
    QTableView* m_table;
};

} // namespace pointq::studio
