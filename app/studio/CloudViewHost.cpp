#include "CloudViewHost.h"

#include "SessionController.h"
#include "render/VtkRenderWidget.h"

#include <QLabel>
#include <QVBoxLayout>

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkLookupTable.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

namespace pointq::studio {

namespace {

// Builds one vertex per point with its height (z) as the scalar for colouring.
vtkSmartPointer<vtkPolyData> pointsOf(const at::Tensor& positions)
{
    const at::Tensor points = positions.to(at::kFloat).contiguous();
    const int64_t count = points.size(0);
    const float* values = points.data_ptr<float>();
    auto coordinates = vtkSmartPointer<vtkPoints>::New();
    auto heights = vtkSmartPointer<vtkFloatArray>::New();
    auto vertices = vtkSmartPointer<vtkCellArray>::New();
    coordinates->SetNumberOfPoints(count);
    heights->SetNumberOfValues(count);
    for (int64_t i = 0; i < count; ++i) {
        coordinates->SetPoint(i, values[3 * i], values[3 * i + 1], values[3 * i + 2]);
        heights->SetValue(i, values[3 * i + 2]);
        vertices->InsertNextCell(1);
        vertices->InsertCellPoint(i);
    }
    auto polyData = vtkSmartPointer<vtkPolyData>::New();
    polyData->SetPoints(coordinates);
    polyData->SetVerts(vertices);
    polyData->GetPointData()->SetScalars(heights);
    return polyData;
}

} // namespace

CloudViewHost::CloudViewHost(SessionController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_view(new widgets::VtkRenderWidget(this))
    , m_caption(new QLabel(this))
    , m_actor(vtkSmartPointer<vtkActor>::New())
{
    m_view->setToolTip(tr("Current cloud, coloured by height. Drag to rotate, wheel to zoom, Shift+drag to pan"));
    m_view->setMinimumSize(320, 240);
    m_caption->setToolTip(tr("Cloud shown in the 3D view"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_caption);
    layout->addWidget(m_view, 1);
    m_actor->GetProperty()->SetPointSize(3.0f);
    m_view->renderer()->SetBackground(0.12, 0.13, 0.15);
    m_view->renderer()->AddActor(m_actor);
    m_actor->SetVisibility(false);
    m_caption->setText(tr("No cloud"));
}

void CloudViewHost::showCloud(int index)
{
    const EvaluationData* data = m_controller->data();
    if (!data || index < 0 || index >= data->inputs.pos.size(0)) {
        m_actor->SetVisibility(false);
        m_pointCount = 0;
        m_caption->setText(tr("No cloud"));
        m_view->requestRender();
        return;
    }
    const at::Tensor positions = data->inputs.pos[index];
    auto polyData = pointsOf(positions);
    double range[2];
    polyData->GetPointData()->GetScalars()->GetRange(range);
    auto lookup = vtkSmartPointer<vtkLookupTable>::New();
    lookup->SetHueRange(0.66, 0.0);
    lookup->SetTableRange(range);
    lookup->Build();
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputData(polyData);
    mapper->SetLookupTable(lookup);
    mapper->SetScalarRange(range);
    m_actor->SetMapper(mapper);
    m_actor->SetVisibility(true);
    m_pointCount = static_cast<int>(positions.size(0));
    m_caption->setText(tr("Cloud %1 of %2: %n point(s)", nullptr, m_pointCount).arg(index).arg(data->inputs.pos.size(0)));
    m_view->renderer()->ResetCamera();
    m_view->requestRender();
}

} // namespace pointq::studio
