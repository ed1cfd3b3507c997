#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTreeView;

namespace pointq::widgets {
class LayerTableModel;
}

namespace pointq::studio {

class SessionController;

/// The Model dock: config, overrides, checkpoint, and the layer table with the
/// "keep FP32" selection by check box, by pattern and by skip file.
class ModelPanel : public QWidget {
    Q_OBJECT

public:
    ModelPanel(SessionController* controller, QWidget* parent = nullptr);

    widgets::LayerTableModel* layerModel() const { return m_layers; }
    QTreeView* layerView() const { return m_view; }

Q_SIGNALS:
    void openConfigRequested();
    void openCheckpointRequested();
    void loadSkipFileRequested();
    void saveSkipFileRequested();
    /// A layer row became current; name is its full openpoints name.
    void layerSelected(const QString& name);

private:
    void onModelChanged();
    void onKeptFloatChanged();
    void onRunFiguresChanged();
    void onOverridesEdited();
    void onCurrentRowChanged();

    SessionController* m_controller;
    widgets::LayerTableModel* m_layers;
    QLabel* m_configLabel;
    QLabel* m_checkpointLabel;
    QLineEdit* m_overrides;
    QLineEdit* m_pattern;
    QTreeView* m_view;
};

} // namespace pointq::studio
