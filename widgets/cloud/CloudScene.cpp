#include "cloud/CloudScene.h"

#include "render/VtkFonts.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkColorTransferFunction.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkLookupTable.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>
#include <vtkVariant.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>

namespace pointq::widgets {

namespace {

// Builds one vertex cell for every stride-th point. The cell array is filled
// through offsets and connectivity arrays, because inserting a million cells
// one by one takes seconds.
vtkSmartPointer<vtkCellArray> makeVertices(int64_t pointCount, int64_t stride)
{
    const int64_t count = (pointCount + stride - 1) / stride;
    vtkNew<vtkIdTypeArray> offsets;
    offsets->SetNumberOfTuples(count + 1);
    std::iota(offsets->GetPointer(0), offsets->GetPointer(0) + count + 1, vtkIdType(0));
    vtkNew<vtkIdTypeArray> connectivity;
    connectivity->SetNumberOfTuples(count);
    for (int64_t cell = 0; cell < count; ++cell)
        connectivity->SetValue(cell, cell * stride);
    auto vertices = vtkSmartPointer<vtkCellArray>::New();
    vertices->SetData(offsets, connectivity);
    return vertices;
}

// Builds points and one vertex cell per point from (N, 3) float32 positions.
void fillPolyData(vtkPolyData* polyData, const at::Tensor& positions)
{
    const at::Tensor contiguous = positions.to(at::kFloat).contiguous();
    const int64_t count = contiguous.size(0);

    vtkNew<vtkFloatArray> coordinates;
    coordinates->SetNumberOfComponents(3);
    coordinates->SetNumberOfTuples(count);
    std::memcpy(coordinates->GetPointer(0), contiguous.data_ptr<float>(), sizeof(float) * 3 * size_t(count));
    vtkNew<vtkPoints> points;
    points->SetData(coordinates);

    polyData->Initialize();
    polyData->SetPoints(points);
    polyData->SetVerts(makeVertices(count, 1));
}

vtkSmartPointer<vtkUnsignedCharArray> toColorArray(const at::Tensor& colors)
{
    const at::Tensor contiguous = colors.to(at::kByte).contiguous();
    auto array = vtkSmartPointer<vtkUnsignedCharArray>::New();
    array->SetName("colors");
    array->SetNumberOfComponents(3);
    array->SetNumberOfTuples(contiguous.size(0));
    std::memcpy(array->GetPointer(0), contiguous.data_ptr<uint8_t>(), size_t(contiguous.numel()));
    return array;
}

// A perceptually ordered map from dark blue through teal and green to yellow,
// so that larger values read as brighter on both light and dark backgrounds.
void buildSequentialMap(vtkLookupTable* table)
{
    vtkNew<vtkColorTransferFunction> transfer;
    transfer->AddRGBPoint(0.00, 0.25, 0.00, 0.33);
    transfer->AddRGBPoint(0.25, 0.23, 0.32, 0.55);
    transfer->AddRGBPoint(0.50, 0.13, 0.57, 0.55);
    transfer->AddRGBPoint(0.75, 0.37, 0.79, 0.38);
    transfer->AddRGBPoint(1.00, 0.99, 0.91, 0.15);
    constexpr int entries = 256;
    table->SetNumberOfTableValues(entries);
    for (int i = 0; i < entries; ++i) {
        double rgb[3];
        transfer->GetColor(double(i) / (entries - 1), rgb);
        table->SetTableValue(i, rgb[0], rgb[1], rgb[2], 1.0);
    }
    table->Build();
}

} // namespace

CloudScene::CloudScene(vtkRenderer* renderer)
    : m_renderer(renderer),
      m_cloud(vtkSmartPointer<vtkPolyData>::New()),
      m_cloudMapper(vtkSmartPointer<vtkPolyDataMapper>::New()),
      m_cloudActor(vtkSmartPointer<vtkActor>::New()),
      m_overlay(vtkSmartPointer<vtkPolyData>::New()),
      m_overlayMapper(vtkSmartPointer<vtkPolyDataMapper>::New()),
      m_overlayActor(vtkSmartPointer<vtkActor>::New()),
      m_lookupTable(vtkSmartPointer<vtkLookupTable>::New()),
      m_categoryTable(vtkSmartPointer<vtkLookupTable>::New()),
      m_scalarBar(vtkSmartPointer<vtkScalarBarActor>::New())
{
    buildSequentialMap(m_lookupTable);

    m_cloudMapper->SetInputData(m_cloud);
    m_cloudMapper->SetLookupTable(m_lookupTable);
    m_cloudMapper->SetScalarModeToUsePointData();
    m_cloudActor->SetMapper(m_cloudMapper);
    m_cloudActor->GetProperty()->SetPointSize(m_pointSize);
    m_cloudActor->GetProperty()->SetLighting(false);

    m_overlayMapper->SetInputData(m_overlay);
    m_overlayMapper->SetColorModeToDirectScalars();
    m_overlayActor->SetMapper(m_overlayMapper);
    m_overlayActor->GetProperty()->SetLighting(false);
    m_overlayActor->SetVisibility(false);

    m_scalarBar->SetLookupTable(m_lookupTable);
    m_scalarBar->SetNumberOfLabels(5);
    m_scalarBar->SetMaximumWidthInPixels(90);
    m_scalarBar->SetBarRatio(0.25);
    m_scalarBar->SetPosition(0.86, 0.08);
    m_scalarBar->SetWidth(0.12);
    m_scalarBar->SetHeight(0.8);
    // Dark text without shadow, because the views use a white background.
    m_categoryTable->SetIndexedLookup(true);
    for (vtkTextProperty* text : {m_scalarBar->GetTitleTextProperty(), m_scalarBar->GetLabelTextProperty(),
                                  m_scalarBar->GetAnnotationTextProperty()}) {
        text->SetColor(0.1, 0.1, 0.1);
        text->ShadowOff();
        text->ItalicOff();
        text->BoldOff();
    }
    applyUiFont(m_scalarBar->GetTitleTextProperty());
    m_scalarBar->GetTitleTextProperty()->SetFontSize(12);
    m_scalarBar->GetLabelTextProperty()->SetFontSize(11);
    applyUiFont(m_scalarBar->GetAnnotationTextProperty());
    m_scalarBar->GetAnnotationTextProperty()->SetFontSize(11);
    m_scalarBar->SetVisibility(false);

    m_renderer->AddActor(m_cloudActor);
    m_renderer->AddActor(m_overlayActor);
    m_renderer->AddActor2D(m_scalarBar);
}

CloudScene::~CloudScene()
{
    m_renderer->RemoveActor(m_cloudActor);
    m_renderer->RemoveActor(m_overlayActor);
    m_renderer->RemoveActor2D(m_scalarBar);
}

void CloudScene::setPositions(const at::Tensor& positions)
{
    m_positions = positions.to(at::kFloat).contiguous();
    m_pointCount = m_positions.size(0);
    fillPolyData(m_cloud, m_positions);
    m_allVertices = m_cloud->GetVerts();
    m_sparseVertices = nullptr;
    m_interactive = false;
    if (m_pointCount > maximumInteractivePoints) {
        const int64_t stride = (m_pointCount + maximumInteractivePoints - 1) / maximumInteractivePoints;
        m_sparseVertices = makeVertices(m_pointCount, stride);
    }
    m_cloudMapper->ScalarVisibilityOff();
    m_scalarBar->SetVisibility(false);
    clearOverlay();
}

void CloudScene::showScalars(const at::Tensor& values, double minimum, double maximum, const std::string& title)
{
    const at::Tensor contiguous = values.to(at::kFloat).contiguous();
    vtkNew<vtkFloatArray> scalars;
    scalars->SetName("values");
    scalars->SetNumberOfTuples(contiguous.size(0));
    std::memcpy(scalars->GetPointer(0), contiguous.data_ptr<float>(), sizeof(float) * size_t(contiguous.numel()));
    m_cloud->GetPointData()->SetScalars(scalars);

    // A constant field still needs a non-empty range for the colour bar.
    if (!(maximum > minimum))
        maximum = minimum + 1.0;
    m_lookupTable->SetTableRange(minimum, maximum);
    m_scalarBar->SetLookupTable(m_lookupTable);
    m_cloudMapper->SetColorModeToMapScalars();
    m_cloudMapper->UseLookupTableScalarRangeOn();
    m_cloudMapper->ScalarVisibilityOn();
    m_scalarBar->SetTitle(title.c_str());
    m_scalarBar->SetVisibility(true);
}

void CloudScene::showColors(const at::Tensor& colors)
{
    m_cloud->GetPointData()->SetScalars(toColorArray(colors));
    m_cloudMapper->SetColorModeToDirectScalars();
    m_cloudMapper->ScalarVisibilityOn();
    m_scalarBar->SetVisibility(false);
}

void CloudScene::showCategoryLegend(const std::vector<std::string>& names,
                                    const std::vector<std::array<uint8_t, 3>>& colors, const std::string& title)
{
    if (names.size() != colors.size())
        throw std::invalid_argument("the category legend needs one colour per name, got " + std::to_string(names.size())
                                    + " names and " + std::to_string(colors.size()) + " colours");
    m_categoryTable->ResetAnnotations();
    m_categoryTable->SetNumberOfTableValues(static_cast<vtkIdType>(std::max<size_t>(names.size(), 1)));
    for (size_t i = 0; i < names.size(); ++i) {
        const auto& rgb = colors[i];
        m_categoryTable->SetTableValue(static_cast<vtkIdType>(i), rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0, 1.0);
        m_categoryTable->SetAnnotation(vtkVariant(static_cast<int>(i)), names[i]);
    }
    m_categoryTable->Build();
    m_scalarBar->SetLookupTable(m_categoryTable);
    m_scalarBar->SetTitle(title.c_str());
    m_scalarBar->SetVisibility(!names.empty());
}

void CloudScene::setOverlay(const at::Tensor& rows, const at::Tensor& colors)
{
    fillPolyData(m_overlay, m_positions.index_select(0, rows.to(at::kLong)));
    m_overlay->GetPointData()->SetScalars(toColorArray(colors));
    m_overlayActor->GetProperty()->SetPointSize(m_pointSize + 3.0);
    m_overlayActor->SetVisibility(rows.numel() > 0);
}

void CloudScene::setInteractive(bool interactive)
{
    if (!m_sparseVertices || interactive == m_interactive)
        return;
    m_interactive = interactive;
    m_cloud->SetVerts(interactive ? m_sparseVertices : m_allVertices);
}

int64_t CloudScene::drawnPointCount() const
{
    const vtkCellArray* vertices = m_interactive ? m_sparseVertices.Get() : m_allVertices.Get();
    return vertices ? const_cast<vtkCellArray*>(vertices)->GetNumberOfCells() : 0;
}

void CloudScene::clearOverlay()
{
    m_overlay->Initialize();
    m_overlayActor->SetVisibility(false);
}

int64_t CloudScene::overlayPointCount() const
{
    return m_overlayActor->GetVisibility() ? m_overlay->GetNumberOfPoints() : 0;
}

void CloudScene::setPointSize(double pixels)
{
    m_pointSize = std::max(1.0, pixels);
    m_cloudActor->GetProperty()->SetPointSize(m_pointSize);
    m_overlayActor->GetProperty()->SetPointSize(m_pointSize + 3.0);
}

void CloudScene::resetCamera()
{
    vtkCamera* camera = m_renderer->GetActiveCamera();
    camera->SetFocalPoint(0.0, 0.0, 0.0);
    camera->SetPosition(0.0, -1.0, 0.5);
    camera->SetViewUp(0.0, 0.0, 1.0);
    m_renderer->ResetCamera();
    // ResetCamera() fits the bounding sphere, which leaves wide margins around
    // flat scenes such as rooms; 1.3 is an estimate that still keeps the
    // corners of a cube-shaped cloud in view.
    camera->Zoom(1.3);
}

vtkActor* CloudScene::cloudActor() const
{
    return m_cloudActor;
}

vtkActor* CloudScene::overlayActor() const
{
    return m_overlayActor;
}

vtkScalarBarActor* CloudScene::scalarBar() const
{
    return m_scalarBar;
}

vtkPolyData* CloudScene::cloudData() const
{
    return m_cloud;
}

} // namespace pointq::widgets
