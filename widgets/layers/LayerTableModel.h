#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace pointq::widgets {

/// One quantizable layer as the layer table shows it.
struct LayerRow {
    QString name;          ///< openpoints name, e.g. "encoder.encoder.1.0.convs.0"
    int stage = -1;        ///< encoder stage, -1 for the head
    int block = -1;        ///< block within the stage
    QString blockType;     ///< "stem", "SetAbstraction", "InvResMLP", "ClsHead", ...
    QString kind;          ///< "Conv1d", "Conv2d" or "Linear"
    qint64 inChannels = 0;
    qint64 outChannels = 0;
    qint64 parameters = 0;
    std::optional<std::pair<float, float>> observedInput; ///< after calibration
    std::optional<double> sqnrDb;                          ///< after a run, INT8 layers only
};

/// The quantizable layers grouped as stage > block > layer, with a "Keep FP32" check
/// box on every row (a group's box sets all its layers) and the figures of the last run.
class LayerTableModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { NameColumn, KindColumn, ShapeColumn, ParametersColumn, RangeColumn, KeepFloatColumn, SqnrColumn, ColumnCount };
    /// Item data role that returns the full layer name of a layer row (empty for groups).
    static constexpr int LayerNameRole = Qt::UserRole + 1;

    explicit LayerTableModel(QObject* parent = nullptr);
    ~LayerTableModel() override;

    /// Replaces every row; the kept set is trimmed to layers that exist.
    void setLayers(const std::vector<LayerRow>& layers);
    const std::vector<LayerRow>& layers() const { return m_layers; }

    /// Layers kept in FP32, by full name.
    QSet<QString> keptFloatLayers() const { return m_keptFloat; }
    void setKeptFloatLayers(const QSet<QString>& names);

    /// Updates observed ranges and SQNR from a run; a missing name clears the figures.
    void setLayerFigures(const QHash<QString, std::pair<float, float>>& observedInput,
                         const QHash<QString, double>& sqnrDb);

    QModelIndex indexOfLayer(const QString& name) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// The user or setKeptFloatLayers() changed the set of layers kept in FP32.
    void keptFloatLayersChanged(const QSet<QString>& names);

private:
    struct Node;
    Node* nodeOf(const QModelIndex& index) const;
    QVariant layerData(const LayerRow& layer, int column, int role) const;
    QVariant groupData(const Node& node, int column, int role) const;
    Qt::CheckState checkStateOf(const Node& node) const;
    void collectLayerNames(const Node& node, QStringList& names) const;
    void emitCheckChanges();

    std::vector<LayerRow> m_layers;
    QSet<QString> m_keptFloat;
    std::unique_ptr<Node> m_root;
};

} // namespace pointq::widgets
