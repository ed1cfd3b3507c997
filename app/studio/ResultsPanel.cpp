#include "ResultsPanel.h"

#include "SessionController.h"
#include "charts/DeltaChartsView.h"
#include "charts/RunComparisonModel.h"

#include <QHeaderView>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace pointq::studio {

ResultsPanel::ResultsPanel(SessionController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_charts(new widgets::DeltaChartsView(this))
    , m_comparison(new widgets::RunComparisonModel(this))
    , m_table(new QTableView(this))
{
    m_table->setModel(m_comparison);
    m_table->setToolTip(tr("Every run of this session; compare what each skip set bought"));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_charts);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_controller, &SessionController::runAdded, this, &ResultsPanel::onRunsChanged);
    connect(m_controller, &SessionController::sessionReplaced, this, &ResultsPanel::onRunsChanged);
    onRunsChanged();
}

void ResultsPanel::onRunsChanged()
{
    std::vector<widgets::RunEntry> entries;
    for (const SessionRun& run : m_controller->session().runs)
        entries.push_back(widgets::RunEntry{tr("Run %1").arg(run.number), run.keptFloat, run.report});
    m_comparison->setRuns(entries);
    m_charts->setRuns(entries);
    // Classification sessions keep the table they always had.
    const bool segmentation = m_comparison->hasSegmentationRuns();
    for (int column = 0; column < widgets::RunComparisonModel::ColumnCount; ++column)
        if (widgets::RunComparisonModel::isSegmentationColumn(column))
            m_table->setColumnHidden(column, !segmentation);
}

} // namespace pointq::studio
