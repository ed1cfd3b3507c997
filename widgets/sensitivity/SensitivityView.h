#pragma once

#include "analysis/Sensitivity.h"

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace pointq::widgets {

class SensitivityBarChart;
class SensitivityTableModel;

/// A sensitivity sweep as a sortable table (click a header to sort) above a bar chart of
/// each layer's logit SQNR. Selecting a row, or a bar, selects the layer and emits
/// layerSelected with its name.
class SensitivityView : public QWidget {
    Q_OBJECT

public:
    explicit SensitivityView(QWidget* parent = nullptr);

    void setResult(const SensitivityResult& result);
    void clear();
    /// Names what ran the quantized layers, "onednn INT8 kernels" or "simulated 4-bit", translated.
    static QString backendText(const SensitivityResult& result);
    /// Selects the layer's row without emitting layerSelected; unknown names clear the selection.
    void selectLayer(const QString& name);
    QString selectedLayer() const;
    /// The line above the table: layer and cloud counts and the all-quantized figures.
    QString summaryText() const;

    SensitivityTableModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* table() const { return m_table; }
    SensitivityBarChart* chart() const { return m_chart; }

Q_SIGNALS:
    void layerSelected(const QString& name);

private:
    void onCurrentRowChanged();

    SensitivityTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    SensitivityBarChart* m_chart;
    QLabel* m_summary;
    bool m_selectingQuietly = false;
};

/// Horizontal bars of each layer's logit SQNR with only that layer quantized (or, when
/// only the all-but mode ran, with every other layer quantized), most sensitive on top,
/// drawn with the PDF report's bar chart. Clicking a bar emits layerClicked.
class SensitivityBarChart : public QWidget {
    Q_OBJECT

public:
    explicit SensitivityBarChart(QWidget* parent = nullptr);

    void setResult(const SensitivityResult& result);
    void setHighlightedLayer(const QString& name);
    /// The layer under a point of the widget, or empty.
    QString layerAt(const QPoint& point) const;
    QSize sizeHint() const override;

Q_SIGNALS:
    void layerClicked(const QString& name);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QStringList m_names;   ///< most sensitive first
    std::vector<double> m_values;
    bool m_byOnly = true;
    QString m_highlighted;
};

} // namespace pointq::widgets
