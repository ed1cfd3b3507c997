#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;

namespace pointq::studio {

class SessionController;

/// The Segmentation dock: the scene figures of one segmentation run (points, voxels,
/// voting passes, mIoU, accuracy, agreement, flipped points) and its per-class IoU
/// table for FP32, INT8 and INT8 scored against FP32. The latest run is shown first.
class SegmentationPanel : public QWidget {
    Q_OBJECT

public:
    /// Columns of the per-class table.
    enum Column { ClassColumn, Fp32IoUColumn, Int8IoUColumn, DeltaColumn, AgainstFp32Column, ColumnCount };

    SegmentationPanel(SessionController* controller, QWidget* parent = nullptr);

    QComboBox* runBox() const { return m_runBox; }
    QTableWidget* classTable() const { return m_table; }
    QString summaryText() const;

private:
    void onRunsChanged();
    void showRun(int index);

    SessionController* m_controller;
    QComboBox* m_runBox;
    QLabel* m_summary;
    QTableWidget* m_table;
};

} // namespace pointq::studio
