#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace pointq::widgets {
class HistogramChartView;
}

namespace pointq::studio {

class SessionController;

/// The Histograms dock for the selected layer. It shows the input or output activations
/// over the calibration clouds of the latest run with the clip range and INT8 step, and
/// the folded weights of all channels or of one, with a log-scale toggle.
class HistogramPanel : public QWidget {
    Q_OBJECT

public:
    HistogramPanel(SessionController* controller, QWidget* parent = nullptr);

    void setLayer(const QString& name);
    const QString& currentLayer() const { return m_layer; }
    int activationBinCount() const;
    int weightBinCount() const;

private:
    void refresh();
    void refreshActivations();
    void refreshWeights();

    SessionController* m_controller;
    QString m_layer;
    QLabel* m_title;
    QComboBox* m_activation;
    QSpinBox* m_channel;
    QCheckBox* m_logScale;
    QLabel* m_details;
    widgets::HistogramChartView* m_activationChart;
    widgets::HistogramChartView* m_weightChart;
};

} // namespace pointq::studio
