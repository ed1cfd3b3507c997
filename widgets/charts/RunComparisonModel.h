#pragma once

#include "eval/QuantizeJob.h"

#include <QAbstractTableModel>

#include <vector>

namespace pointq::widgets {

/// One finished quantize run as the comparison table and the charts show it.
struct RunEntry {
    QString label;         ///< "Run 2"
    QStringList keptFloat; ///< layer names kept in FP32
    QuantizeReport report;
};

/// Every run of a session, one row each, so the user sees what each skip set bought:
/// layers kept in FP32, accuracy and its change, agreement, SQNR, latency and size.
class RunComparisonModel : public QAbstractTableModel {
    Q_OBJECT

public:
    /// Columns; the Fp32 OA and both mIoU columns are for segmentation runs, and a
    /// classification run leaves them empty.
    enum Column {
        RunColumn, KeptFloatColumn, Fp32OverallAccuracyColumn, OverallAccuracyColumn, AccuracyDeltaColumn,
        Fp32MeanIoUColumn, Int8MeanIoUColumn, AgreementColumn, SqnrColumn, Fp32LatencyColumn, Int8LatencyColumn,
        SpeedupColumn, SizeColumn, EngineColumn, ColumnCount
    };

    explicit RunComparisonModel(QObject* parent = nullptr);

    void setRuns(const std::vector<RunEntry>& runs);
    void appendRun(const RunEntry& run);
    const std::vector<RunEntry>& runs() const { return m_runs; }
    /// True when a run measured a segmentation scene, so the segmentation columns have figures.
    bool hasSegmentationRuns() const;
    /// True for the columns only segmentation runs fill.
    static bool isSegmentationColumn(int column);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant displayText(const RunEntry& run, int column) const;

    std::vector<RunEntry> m_runs;
};

} // namespace pointq::widgets
