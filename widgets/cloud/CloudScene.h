#pragma once

#include <ATen/ATen.h>

#include <vtkSmartPointer.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

class vtkActor;
class vtkCellArray;
class vtkLookupTable;
class vtkPolyData;
class vtkPolyDataMapper;
class vtkRenderer;
class vtkScalarBarActor;

namespace pointq::widgets {

/// The VTK pipeline of a point cloud: one vertex per point drawn as a square
/// of pointSize pixels, an overlay of larger points for highlights and a
/// colour bar. It owns no window; the caller renders.
class CloudScene {
public:
    explicit CloudScene(vtkRenderer* renderer);
    ~CloudScene();
    CloudScene(const CloudScene&) = delete;
    CloudScene& operator=(const CloudScene&) = delete;

    /// Replaces the points with (N, 3) positions and removes colours and overlay.
    void setPositions(const at::Tensor& positions);
    int64_t pointCount() const { return m_pointCount; }

    /// Colours the points by (N) values through the colour map from minimum to
    /// maximum and shows the colour bar with title.
    void showScalars(const at::Tensor& values, double minimum, double maximum, const std::string& title);
    /// Colours the points with (N, 3) uint8 RGB and hides the colour bar.
    void showColors(const at::Tensor& colors);
    /// Shows a categorical colour bar titled title, one swatch per name in its colour,
    /// for colours already set with showColors(). Throws std::invalid_argument when
    /// names and colors differ in length.
    void showCategoryLegend(const std::vector<std::string>& names, const std::vector<std::array<uint8_t, 3>>& colors,
                            const std::string& title);

    /// Draws rows of the cloud again on top, pointSize + 3 pixels, in (rows, 3) uint8 colours.
    void setOverlay(const at::Tensor& rows, const at::Tensor& colors);
    void clearOverlay();
    /// Points the overlay draws; 0 when it is hidden.
    int64_t overlayPointCount() const;

    /// Clouds above this size draw every k-th point only while the camera
    /// moves. Measured with bench_point_cloud_view on Mesa llvmpipe (2 shared
    /// cores): about 2.7 microseconds per point and frame, so 100,000 points
    /// keep a drag near 3 frames a second even there.
    static constexpr int64_t maximumInteractivePoints = 100000;
    /// Draws a subsample of at most maximumInteractivePoints points while
    /// interactive is true, and all points otherwise.
    void setInteractive(bool interactive);
    bool isInteractive() const { return m_interactive; }
    /// Number of points the next frame draws.
    int64_t drawnPointCount() const;

    void setPointSize(double pixels);
    double pointSize() const { return m_pointSize; }
    /// Fits the camera to the points, looking along -y and slightly down with
    /// z up (the upright view of scans, which store z as height).
    void resetCamera();

    vtkActor* cloudActor() const;
    vtkActor* overlayActor() const;
    vtkScalarBarActor* scalarBar() const;
    vtkPolyData* cloudData() const;

private:
    vtkRenderer* m_renderer;
    vtkSmartPointer<vtkPolyData> m_cloud;
    vtkSmartPointer<vtkPolyDataMapper> m_cloudMapper;
    vtkSmartPointer<vtkActor> m_cloudActor;
    vtkSmartPointer<vtkPolyData> m_overlay;
    vtkSmartPointer<vtkPolyDataMapper> m_overlayMapper;
    vtkSmartPointer<vtkActor> m_overlayActor;
    vtkSmartPointer<vtkLookupTable> m_lookupTable;
    vtkSmartPointer<vtkLookupTable> m_categoryTable; ///< indexed table of the categorical colour bar
    vtkSmartPointer<vtkScalarBarActor> m_scalarBar;
    vtkSmartPointer<vtkCellArray> m_allVertices;
    vtkSmartPointer<vtkCellArray> m_sparseVertices;
    bool m_interactive = false;
    at::Tensor m_positions;
    int64_t m_pointCount = 0;
    double m_pointSize = 2.0;
};

} // namespace pointq::widgets
