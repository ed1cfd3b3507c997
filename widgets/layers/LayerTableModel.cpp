#include "LayerTableModel.h"

#include <QLocale>

#include <functional>

#include <cmath>

namespace pointq::widgets {

// A group (stage or block) or a layer. Layer nodes refer to m_layers by index.
struct LayerTableModel::Node {
    Node* parent = nullptr;
    int row = 0;
    QString title;
    int layerIndex = -1;
    std::vector<std::unique_ptr<Node>> children;

    Node* addChild(const QString& childTitle, int childLayerIndex = -1)
    {
        auto child = std::make_unique<Node>();
        child->parent = this;
        child->row = static_cast<int>(children.size());
        child->title = childTitle;
        child->layerIndex = childLayerIndex;
        children.push_back(std::move(child));
        return children.back().get();
    }

    Node* findChild(const QString& childTitle) const
    {
        for (const auto& child : children)
            if (child->layerIndex < 0 && child->title == childTitle)
                return child.get();
        return nullptr;
    }
};

LayerTableModel::LayerTableModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

LayerTableModel::~LayerTableModel() = default;

void LayerTableModel::setLayers(const std::vector<LayerRow>& layers)
{
    beginResetModel();
    m_layers = layers;
    m_root = std::make_unique<Node>();
    QSet<QString> names;
    for (int i = 0; i < static_cast<int>(m_layers.size()); ++i) {
        const LayerRow& layer = m_layers[static_cast<size_t>(i)];
        names.insert(layer.name);
        const QString stageTitle = layer.stage < 0 ? tr("Head") : tr("Stage %1").arg(layer.stage);
        Node* stage = m_root->findChild(stageTitle);
        if (!stage)
            stage = m_root->addChild(stageTitle);
        Node* group = stage;
        if (layer.stage >= 0) {
            const QString blockTitle = tr("Block %1 (%2)").arg(layer.block).arg(layer.blockType);
            group = stage->findChild(blockTitle);
            if (!group)
                group = stage->addChild(blockTitle);
        }
        group->addChild(layer.name, i);
    }
    m_keptFloat.intersect(names);
    endResetModel();
}

void LayerTableModel::setKeptFloatLayers(const QSet<QString>& names)
{
    QSet<QString> known;
    for (const LayerRow& layer : m_layers)
        if (names.contains(layer.name))
            known.insert(layer.name);
    if (known == m_keptFloat)
        return;
    m_keptFloat = known;
    emitCheckChanges();
}

void LayerTableModel::setLayerFigures(const QHash<QString, std::pair<float, float>>& observedInput,
                                      const QHash<QString, double>& sqnrDb)
{
    for (LayerRow& layer : m_layers) {
        const auto range = observedInput.constFind(layer.name);
        layer.observedInput = range == observedInput.constEnd() ? std::nullopt : std::optional(*range);
        const auto sqnr = sqnrDb.constFind(layer.name);
        layer.sqnrDb = sqnr == sqnrDb.constEnd() ? std::nullopt : std::optional(*sqnr);
    }
    if (!m_root->children.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    // Layer rows sit below the top level, so views repaint them through a layout signal.
    Q_EMIT layoutChanged();
}

QModelIndex LayerTableModel::indexOfLayer(const QString& name) const
{
    std::function<QModelIndex(const Node&, const QModelIndex&)> search = [&](const Node& node, const QModelIndex& parentIndex) {
        for (const auto& child : node.children) {
            const QModelIndex childIndex = index(child->row, 0, parentIndex);
            if (child->layerIndex >= 0 && m_layers[static_cast<size_t>(child->layerIndex)].name == name)
                return childIndex;
            const QModelIndex found = search(*child, childIndex);
            if (found.isValid())
                return found;
        }
        return QModelIndex();
    };
    return search(*m_root, QModelIndex());
}

LayerTableModel::Node* LayerTableModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex LayerTableModel::index(int row, int column, const QModelIndex& parent) const
{
    const Node* node = nodeOf(parent);
    if (row < 0 || row >= static_cast<int>(node->children.size()) || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column, node->children[static_cast<size_t>(row)].get());
}

QModelIndex LayerTableModel::parent(const QModelIndex& child) const
{
    const Node* node = nodeOf(child);
    if (!child.isValid() || node->parent == m_root.get())
        return {};
    return createIndex(node->parent->row, 0, node->parent);
}

int LayerTableModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return static_cast<int>(nodeOf(parent)->children.size());
}

int LayerTableModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node* node = nodeOf(index);
    if (node->layerIndex >= 0)
        return layerData(m_layers[static_cast<size_t>(node->layerIndex)], index.column(), role);
    return groupData(*node, index.column(), role);
}

QVariant LayerTableModel::layerData(const LayerRow& layer, int column, int role) const
{
    if (role == LayerNameRole)
        return layer.name;
    if (role == Qt::CheckStateRole && column == KeepFloatColumn)
        return m_keptFloat.contains(layer.name) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole && column == KeepFloatColumn)
        return tr("Checked: this layer runs in FP32 in the next run");
    if (role == Qt::TextAlignmentRole && column >= ParametersColumn && column != KeepFloatColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const QLocale locale;
    switch (column) {
    case NameColumn: return layer.name;
    case KindColumn: return layer.kind;
    case ShapeColumn: return QStringLiteral("%1 → %2").arg(layer.inChannels).arg(layer.outChannels);
    case ParametersColumn: return locale.toString(layer.parameters);
    case RangeColumn:
        if (!layer.observedInput)
            return role == Qt::ToolTipRole ? tr("Observed after calibration") : QVariant();
        return QStringLiteral("[%1, %2]").arg(layer.observedInput->first, 0, 'g', 4).arg(layer.observedInput->second, 0, 'g', 4);
    case SqnrColumn:
        if (!layer.sqnrDb)
            return role == Qt::ToolTipRole ? tr("Measured by a run, for INT8 layers") : QVariant();
        return std::isinf(*layer.sqnrDb) ? QStringLiteral("∞") : locale.toString(*layer.sqnrDb, 'f', 1);
    default: return {};
    }
}

QVariant LayerTableModel::groupData(const Node& node, int column, int role) const
{
    if (role == Qt::CheckStateRole && column == KeepFloatColumn)
        return checkStateOf(node);
    if ((role == Qt::DisplayRole || role == Qt::ToolTipRole) && column == NameColumn)
        return node.title;
    if (role == Qt::DisplayRole && column == ParametersColumn) {
        qint64 total = 0;
        QStringList names;
        collectLayerNames(node, names);
        for (const LayerRow& layer : m_layers)
            total += names.contains(layer.name) ? layer.parameters : 0;
        return QLocale().toString(total);
    }
    if (role == Qt::TextAlignmentRole && column == ParametersColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

Qt::CheckState LayerTableModel::checkStateOf(const Node& node) const
{
    QStringList names;
    collectLayerNames(node, names);
    int kept = 0;
    for (const QString& name : names)
        kept += m_keptFloat.contains(name) ? 1 : 0;
    if (kept == 0)
        return Qt::Unchecked;
    return kept == names.size() ? Qt::Checked : Qt::PartiallyChecked;
}

void LayerTableModel::collectLayerNames(const Node& node, QStringList& names) const
{
    if (node.layerIndex >= 0)
        names.append(m_layers[static_cast<size_t>(node.layerIndex)].name);
    for (const auto& child : node.children)
        collectLayerNames(*child, names);
}

bool LayerTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.column() != KeepFloatColumn || role != Qt::CheckStateRole)
        return false;
    QStringList names;
    collectLayerNames(*nodeOf(index), names);
    const bool keep = static_cast<Qt::CheckState>(value.toInt()) != Qt::Unchecked;
    for (const QString& name : names) {
        if (keep)
            m_keptFloat.insert(name);
        else
            m_keptFloat.remove(name);
    }
    emitCheckChanges();
    return true;
}

void LayerTableModel::emitCheckChanges()
{
    // Group boxes depend on their children, so the whole check column changes.
    std::function<void(const QModelIndex&)> notify = [&](const QModelIndex& parentIndex) {
        const int rows = rowCount(parentIndex);
        if (rows == 0)
            return;
        Q_EMIT dataChanged(index(0, KeepFloatColumn, parentIndex), index(rows - 1, KeepFloatColumn, parentIndex),
                           {Qt::CheckStateRole});
        for (int row = 0; row < rows; ++row)
            notify(index(row, 0, parentIndex));
    };
    notify(QModelIndex());
    Q_EMIT keptFloatLayersChanged(m_keptFloat);
}

Qt::ItemFlags LayerTableModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == KeepFloatColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn: return tr("Layer");
        case KindColumn: return tr("Kind");
        case ShapeColumn: return tr("Channels");
        case ParametersColumn: return tr("Parameters");
        case RangeColumn: return tr("Observed input range");
        case KeepFloatColumn: return tr("Keep FP32");
        case SqnrColumn: return tr("SQNR (dB)");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case NameColumn: return tr("openpoints name of the layer, grouped by stage and block");
        case ShapeColumn: return tr("Input → output channels of the 1×1 convolution or linear layer");
        case ParametersColumn: return tr("Weights and biases, with batch norm folded in");
        case RangeColumn: return tr("Minimum and maximum of the layer input over the calibration clouds");
        case KeepFloatColumn: return tr("Keep the layer in FP32 instead of INT8");
        case SqnrColumn: return tr("Signal-to-quantization-noise ratio of the layer output on its own input");
        default: return {};
        }
    }
    return {};
}

} // namespace pointq::widgets
