#pragma once

#include "analysis/Sensitivity.h"

#include <QAbstractTableModel>

#include <vector>

namespace pointq::widgets {

/// The layers of a sensitivity sweep, one row each in execution order. Display text is
/// formatted; Qt::UserRole returns the raw number (or name) that sorting compares, with
/// unmeasured figures as NaN.
class SensitivityTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Rank,           ///< 1 for the most sensitive layer, as layersBySensitivity() orders them
        Layer,
        Stage,
        BlockType,
        OnlySqnr,       ///< logit SQNR with only this layer quantized, dB
        OnlyAgreement,  ///< top-1 agreement with only this layer quantized, percent
        OnlyAccuracy,   ///< overall accuracy change with only this layer quantized, percentage points
        AllButSqnr,     ///< logit SQNR with every other layer quantized, dB
        ColumnCount,
    };

    explicit SensitivityTableModel(QObject* parent = nullptr);

    void setResult(const SensitivityResult& result);
    const SensitivityResult& result() const { return m_result; }
    /// The row of a layer, or -1.
    int rowOf(const QString& name) const;
    QString layerName(int row) const;
    /// The displayed, translated name of a stage: "Stage 3" for "stage3", "Head" for "head".
    static QString stageTitle(const std::string& stage);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant sortValue(const LayerSensitivity& layer, int row, int column) const;

    SensitivityResult m_result;
    std::vector<int> m_rank; ///< per row, 1-based
};

} // namespace pointq::widgets
