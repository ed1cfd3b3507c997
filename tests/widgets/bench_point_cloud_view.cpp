// Prints how long PointCloudView takes to show a cloud and to draw frames
// while the camera turns: the ScanNet scene of tests/data (40,684 points) and
// a synthetic cloud of 1,000,000 points. It asserts nothing, because the
// figures depend on the machine and its load.
//
//   bench_point_cloud_view [point count of the synthetic cloud]

#include "cloud/PointCloudView.h"
#include "render/VtkRenderWidget.h"

#include "io/CloudReader.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QTest>

#include <vtkCamera.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace pointq;
using namespace pointq::widgets;

namespace {

void measure(PointCloudView& view, const PointCloud& cloud, const char* name)
{
    QElapsedTimer timer;
    timer.start();
    view.setCloud(cloud);
    const double setUpMs = timer.nsecsElapsed() / 1e6;
    view.renderWidget()->grabRenderedImage();
    const double firstFrameMs = timer.nsecsElapsed() / 1e6 - setUpMs;

    constexpr int frames = 20;
    std::vector<double> frameMs;
    vtkCamera* camera = view.renderWidget()->renderer()->GetActiveCamera();
    for (int frame = 0; frame < frames; ++frame) {
        camera->Azimuth(360.0 / frames);
        timer.restart();
        view.renderWidget()->grabRenderedImage();
        frameMs.push_back(timer.nsecsElapsed() / 1e6);
    }
    std::sort(frameMs.begin(), frameMs.end());

    // A held mouse button makes the view draw its interactive subsample.
    QWidget* widget = view.renderWidget();
    const QPointF corner(5, 5);
    QMouseEvent press(QEvent::MouseButtonPress, corner, widget->mapToGlobal(corner), Qt::LeftButton, Qt::LeftButton,
                      Qt::NoModifier);
    QApplication::sendEvent(widget, &press);
    const int64_t dragPoints = view.drawnPointCount();
    std::vector<double> dragMs;
    for (int frame = 0; frame < frames; ++frame) {
        camera->Azimuth(360.0 / frames);
        timer.restart();
        view.renderWidget()->grabRenderedImage();
        dragMs.push_back(timer.nsecsElapsed() / 1e6);
    }
    QMouseEvent release(QEvent::MouseButtonRelease, corner, widget->mapToGlobal(corner), Qt::LeftButton,
                        Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(widget, &release);
    std::sort(dragMs.begin(), dragMs.end());

    std::printf("%-28s %9lld points  set-up %7.1f ms  first frame %7.1f ms  frame median %6.1f ms  "
                "(min %.1f, max %.1f, %d frames of %dx%d)\n",
                name, static_cast<long long>(cloud.size()), setUpMs, firstFrameMs, frameMs[frames / 2],
                frameMs.front(), frameMs.back(), frames, view.renderWidget()->width(),
                view.renderWidget()->height());
    std::printf("%-28s %9lld points drawn while dragging  frame median %6.1f ms\n", "", static_cast<long long>(dragPoints),
                dragMs[frames / 2]);
}

} // namespace

int main(int argc, char** argv)
{
    VtkRenderWidget::setDefaultSurfaceFormat();
    QApplication application(argc, argv);
    const int64_t syntheticPoints = argc > 1 ? std::max(1LL, std::atoll(argv[1])) : 1000000;

    PointCloudView view;
    view.resize(900, 700);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view)) {
        std::fprintf(stderr, "the view window was not exposed; is DISPLAY set to a running X server?\n");
        return 1;
    }

    CloudReadOptions options;
    options.lidarFormat = LidarFormat::XyzRgb;
    measure(view, readPointCloud(POINTQ_TEST_DATA_DIR "/scans/scannet_scene0000_00.bin", options),
            "ScanNet scene0000_00");

    // Points on a noisy sphere shell, so depth varies as in a scanned object.
    PointCloud synthetic;
    at::manual_seed(0);
    const at::Tensor directions = at::randn({syntheticPoints, 3});
    synthetic.positions = (directions / directions.norm(2, 1, true) * (1.0 + 0.05 * at::randn({syntheticPoints, 1})))
                              .to(at::kFloat)
                              .contiguous();
    synthetic.sourceFile = "synthetic sphere";
    measure(view, synthetic, "synthetic sphere shell");
    return 0;
}
