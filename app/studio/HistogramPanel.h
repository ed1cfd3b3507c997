#pragma once

#include <QWidget>

class QComboBox;
class QLabel;

namespace pointq::widgets {
class HistogramView;
}

namespace pointq::studio {

class SessionController;

/// The Histograms dock for the selected layer, drawn with VTK charts. The left
/// chart shows the input or output activations over the calibration clouds of
/// the latest run that measured the layer, with its clipping range and INT8 grid
/// step. The right chart shows the folded weights of all channels or, chosen in
/// its channel box, of one channel with that channel's INT8 range and step. Each
/// chart has its own log-scale toggle.
class HistogramPanel : public QWidget {
    Q_OBJECT

public:
    HistogramPanel(SessionController* controller, QWidget* parent = nullptr);

    void setLayer(const QString& name);
    const QString& currentLayer() const { return m_layer; }
    int activationBinCount() const;
    int weightBinCount() const;
    widgets::HistogramView* activationView() const { return m_activationView; }
    widgets::HistogramView* weightView() const { return m_weightView; }
    /// Text under the charts: the run and INT8 state of the layer, or why a chart is empty.
    QString detailsText() const;

private:
    void refresh();
    void refreshActivations();
    void refreshWeights();
    void updateDetails();

    SessionController* m_controller;
    QString m_layer;
    QLabel* m_title;
    QComboBox* m_activation;
    QLabel* m_details;
    widgets::HistogramView* m_activationView;
    widgets::HistogramView* m_weightView;
    QString m_activationDetails;
    QString m_weightDetails;
};

} // namespace pointq::studio
