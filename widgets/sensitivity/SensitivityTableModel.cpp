#include "sensitivity/SensitivityTableModel.h"

#include <cmath>
#include <limits>

namespace pointq::widgets {

namespace {

constexpr double notMeasured = std::numeric_limits<double>::quiet_NaN();

QString formatted(double value)
{
    if (std::isnan(value))
        return {};
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(value, 'f', 2);
}

} // namespace

SensitivityTableModel::SensitivityTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void SensitivityTableModel::setResult(const SensitivityResult& result)
{
    beginResetModel();
    m_result = result;
    m_rank.assign(m_result.layers.size(), 0);
    const std::vector<size_t> order = layersBySensitivity(m_result);
    for (size_t rank = 0; rank < order.size(); ++rank)
        m_rank[order[rank]] = static_cast<int>(rank + 1);
    endResetModel();
}

int SensitivityTableModel::rowOf(const QString& name) const
{
    const std::string key = name.toStdString();
    for (size_t row = 0; row < m_result.layers.size(); ++row)
        if (m_result.layers[row].name == key)
            return static_cast<int>(row);
    return -1;
}

QString SensitivityTableModel::layerName(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return QString::fromStdString(m_result.layers[static_cast<size_t>(row)].name);
}

int SensitivityTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_result.layers.size());
}

int SensitivityTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SensitivityTableModel::sortValue(const LayerSensitivity& layer, int row, int column) const
{
    switch (column) {
    case Rank: return m_rank[static_cast<size_t>(row)];
    case Layer: return QString::fromStdString(layer.name);
    case Stage: return QString::fromStdString(layer.stage);
    case BlockType: return QString::fromStdString(layer.blockType);
    case OnlySqnr: return layer.hasOnly ? layer.onlyThis.sqnrDb : notMeasured;
    case OnlyAgreement: return layer.hasOnly ? layer.onlyThis.top1Agreement : notMeasured;
    case OnlyAccuracy: return layer.hasOnly && layer.onlyThis.hasAccuracy ? layer.onlyThis.accuracyDelta : notMeasured;
    case AllButSqnr: return layer.hasAllBut ? layer.allButThis.sqnrDb : notMeasured;
    default: return {};
    }
}

QString SensitivityTableModel::stageTitle(const std::string& stage)
{
    // Core names stages "stage<N>" and the classifier head "head", as openpoints' modules.
    if (stage == "head")
        return tr("Head");
    if (stage.rfind("stage", 0) == 0 && stage.size() > 5)
        return tr("Stage %1").arg(QString::fromStdString(stage.substr(5)));
    return QString::fromStdString(stage);
}

QVariant SensitivityTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const LayerSensitivity& layer = m_result.layers[static_cast<size_t>(index.row())];
    const QVariant value = sortValue(layer, index.row(), index.column());
    if (role == Qt::UserRole)
        return value;
    if (role == Qt::DisplayRole) {
        if (index.column() == Stage)
            return stageTitle(layer.stage);
        if (value.typeId() == QMetaType::Double)
            return formatted(value.toDouble());
        return value;
    }
    if (role == Qt::TextAlignmentRole && index.column() != Layer && index.column() != Stage && index.column() != BlockType)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Layer)
        return tr("%1 (%2, %3)").arg(QString::fromStdString(layer.name), QString::fromStdString(layer.kind),
                                      QString::fromStdString(layer.blockType));
    return {};
}

QVariant SensitivityTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Rank: return tr("Rank");
    case Layer: return tr("Layer");
    case Stage: return tr("Stage");
    case BlockType: return tr("Block");
    case OnlySqnr: return tr("Only SQNR (dB)");
    case OnlyAgreement: return tr("Only agreement (%)");
    case OnlyAccuracy: return tr("Only OA change (pt)");
    case AllButSqnr: return tr("All-but SQNR (dB)");
    default: return {};
    }
}

} // namespace pointq::widgets
