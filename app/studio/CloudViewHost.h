#pragma once

#include <QWidget>

#include <vtkSmartPointer.h>

class QLabel;
class vtkActor;

namespace pointq::widgets {
class VtkRenderWidget;
}

namespace pointq::studio {

class SessionController;

/// The central 3D view: the current evaluation cloud as points coloured by height,
/// with the cloud's name and class above it.
class CloudViewHost : public QWidget {
    Q_OBJECT

public:
    CloudViewHost(SessionController* controller, QWidget* parent = nullptr);

    /// Shows cloud `index` of the open data; -1 clears the view.
    void showCloud(int index);
    /// Number of points shown, 0 when empty.
    int shownPointCount() const { return m_pointCount; }
    widgets::VtkRenderWidget* renderWidget() const { return m_view; }

private:
    SessionController* m_controller;
    widgets::VtkRenderWidget* m_view;
    QLabel* m_caption;
    vtkSmartPointer<vtkActor> m_actor;
    int m_pointCount = 0;
};

} // namespace pointq::studio
