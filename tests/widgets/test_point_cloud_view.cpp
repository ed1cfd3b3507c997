#include "ImageBaseline.h"
#include "cloud/PointCloudView.h"
#include "render/VtkRenderWidget.h"

#include "config/Config.h"
#include "config/ModelConfig.h"
#include "eval/PointDiagnostics.h"
#include "io/Checkpoint.h"
#include "io/CloudReader.h"
#include "io/Npy.h"
#include "model/Classifier.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include <functional>
#include <memory>

using namespace pointq;
using namespace pointq::widgets;

namespace {

const std::string dataDir = POINTQ_TEST_DATA_DIR;

PointCloud readScanNet()
{
    CloudReadOptions options;
    options.lidarFormat = LidarFormat::XyzRgb;
    return readPointCloud(dataDir + "/scans/scannet_scene0000_00.bin", options);
}

bool itemEnabled(PointCloudView& view, ColorMode mode)
{
    auto* box = view.findChild<QComboBox*>(QStringLiteral("colorModeBox"));
    auto* model = qobject_cast<QStandardItemModel*>(box->model());
    return model->item(static_cast<int>(mode))->isEnabled();
}

QString itemToolTip(PointCloudView& view, ColorMode mode)
{
    auto* box = view.findChild<QComboBox*>(QStringLiteral("colorModeBox"));
    return box->itemData(static_cast<int>(mode), Qt::ToolTipRole).toString();
}

int countPixels(const QImage& image, const std::function<bool(QRgb)>& predicate)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (predicate(image.pixel(x, y)))
                ++count;
    return count;
}

void drag(QWidget* widget, QPointF from, QPointF to)
{
    QMouseEvent press(QEvent::MouseButtonPress, from, widget->mapToGlobal(from), Qt::LeftButton, Qt::LeftButton,
                      Qt::NoModifier);
    QApplication::sendEvent(widget, &press);
    for (int step = 1; step <= 8; ++step) {
        const QPointF at = from + (to - from) * (step / 8.0);
        QMouseEvent move(QEvent::MouseMove, at, widget->mapToGlobal(at), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(widget, &move);
    }
    QMouseEvent release(QEvent::MouseButtonRelease, to, widget->mapToGlobal(to), Qt::LeftButton, Qt::NoButton,
                        Qt::NoModifier);
    QApplication::sendEvent(widget, &release);
}

} // namespace

class TestPointCloudView : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<PointCloudView> m_view;
    std::shared_ptr<PointNextClassifier> m_model;

    void showView()
    {
        m_view->resize(480, 400);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
        const Config config = Config::load(std::string(POINTQ_SOURCE_DIR) + "/cfgs/modelnet40ply2048/pointnext-s.yaml");
        m_model = buildModel(parseModelArgs(config));
        loadStateDict(*m_model, readCheckpoint(dataDir + "/parity/mn40_s_trained_weights_only.pth").stateDict);
        m_model->eval();
    }

    void init() { m_view = std::make_unique<PointCloudView>(); }
    void cleanup() { m_view.reset(); }

    void emptyViewDisablesEveryMode()
    {
        for (ColorMode mode : {ColorMode::Height, ColorMode::Normal, ColorMode::Rgb, ColorMode::Scalar,
                               ColorMode::LayerSampling})
            QVERIFY(m_view->availability(mode) == ColorModeAvailability::NoCloud);
        QVERIFY(!m_view->setColorMode(ColorMode::Rgb));
        QCOMPARE(m_view->legendText(), QStringLiteral("No cloud loaded."));
    }

    void scannetShowsRgbLikeBaseline()
    {
        showView();
        const PointCloud cloud = readScanNet();
        QCOMPARE(cloud.size(), int64_t(40684));
        QElapsedTimer timer;
        timer.start();
        m_view->setCloud(cloud);
        QVERIFY(m_view->setColorMode(ColorMode::Rgb));
        const QImage image = m_view->renderWidget()->grabRenderedImage();
        qInfo("ScanNet scene: set-up and first frame took %lld ms", static_cast<long long>(timer.elapsed()));
        QVERIFY(!image.isNull());
        const QString mismatch = pointq::test::matchBaseline(image, QStringLiteral("cloud_view_scannet_rgb"));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        // The room seen from the front covers a tenth of the white background or more.
        const int covered = countPixels(image, [](QRgb pixel) { return qGray(pixel) < 235; });
        QVERIFY2(covered > image.width() * image.height() / 10, qPrintable(QString::number(covered)));
    }

    void modesFollowCloudAttributes()
    {
        m_view->setCloud(readScanNet());
        QVERIFY(itemEnabled(*m_view, ColorMode::Height));
        QVERIFY(itemEnabled(*m_view, ColorMode::Rgb));
        QVERIFY(!itemEnabled(*m_view, ColorMode::Normal));
        QVERIFY(!itemEnabled(*m_view, ColorMode::Scalar));
        QVERIFY(!itemEnabled(*m_view, ColorMode::LayerSampling));
        QVERIFY(itemToolTip(*m_view, ColorMode::Normal).contains(QStringLiteral("no normals")));
        QVERIFY(itemToolTip(*m_view, ColorMode::Scalar).contains(QStringLiteral("no per-point values")));
        QVERIFY(itemToolTip(*m_view, ColorMode::LayerSampling).contains(QStringLiteral("no sampling trace")));
        QVERIFY(!m_view->setColorMode(ColorMode::Normal));
        QVERIFY(m_view->colorMode() == ColorMode::Height);

        m_view->setCloud(readPointCloud(dataDir + "/scans/colored_cloud.pcd"));
        QVERIFY(itemEnabled(*m_view, ColorMode::Normal));
        QVERIFY(itemEnabled(*m_view, ColorMode::Rgb));
        QVERIFY(m_view->setColorMode(ColorMode::Normal));

        // bunny.pcd has positions only, so a mode it lacks falls back to Height.
        m_view->setCloud(readPointCloud(dataDir + "/scans/bunny.pcd"));
        QVERIFY(m_view->colorMode() == ColorMode::Height);
        QVERIFY(!itemEnabled(*m_view, ColorMode::Rgb));
        QVERIFY(itemToolTip(*m_view, ColorMode::Rgb).contains(QStringLiteral("no colours")));
    }

    void scalarModeShowsValuesAndBar()
    {
        showView();
        const PointCloud cloud = readPointCloud(dataDir + "/scans/bunny_binary.ply");
        m_view->setCloud(cloud);
        QVERIFY(!m_view->setColorMode(ColorMode::Scalar));
        m_view->setPointScalars(cloud.positions.select(1, 0), QStringLiteral("x coordinate"));
        QVERIFY(itemEnabled(*m_view, ColorMode::Scalar));
        QVERIFY(m_view->setColorMode(ColorMode::Scalar));
        QVERIFY(m_view->legendText().contains(QStringLiteral("x coordinate")));
        m_view->setPointSize(4.0);
        const QImage image = m_view->renderWidget()->grabRenderedImage();
        // The colour map runs from dark blue to yellow, so both ends appear.
        const int yellow = countPixels(image, [](QRgb p) { return qRed(p) > 200 && qGreen(p) > 180 && qBlue(p) < 90; });
        const int darkBlue = countPixels(image, [](QRgb p) { return qBlue(p) > 60 && qRed(p) < 90 && qGreen(p) < 60; });
        QVERIFY2(yellow > 20, qPrintable(QString::number(yellow)));
        QVERIFY2(darkBlue > 20, qPrintable(QString::number(darkBlue)));
        const QString mismatch = pointq::test::matchBaseline(image, QStringLiteral("cloud_view_bunny_scalar"));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));

        m_view->clearPointScalars();
        QVERIFY(m_view->colorMode() == ColorMode::Height);
        QVERIFY(!itemEnabled(*m_view, ColorMode::Scalar));
    }

    void scalarCountMismatchThrows()
    {
        m_view->setCloud(readPointCloud(dataDir + "/scans/bunny.pcd"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 m_view->setPointScalars(at::zeros({5}), QStringLiteral("wrong size")));
        QVERIFY(!itemEnabled(*m_view, ColorMode::Scalar));
    }

    void labelModesHiddenUntilEnabled()
    {
        m_view->setCloud(readPointCloud(dataDir + "/scans/bunny.pcd"));
        auto* box = m_view->findChild<QComboBox*>(QStringLiteral("colorModeBox"));
        // Height, Normal, RGB, Per-point value and Layer sampling.
        QCOMPARE(box->count(), 5);
        QVERIFY(m_view->availability(ColorMode::LabelFlips) == ColorModeAvailability::NoPredictions);
        m_view->setLabelModesVisible(true);
        QCOMPARE(box->count(), 9);
        QVERIFY(box->itemData(static_cast<int>(ColorMode::LabelFlips)).value<ColorMode>() == ColorMode::LabelFlips);
        QVERIFY(!itemEnabled(*m_view, ColorMode::LabelFlips));
        m_view->setPredictionsUnavailableReason(QStringLiteral("run first"));
        QCOMPARE(itemToolTip(*m_view, ColorMode::LabelFlips), QStringLiteral("Disabled: run first"));
        QVERIFY(itemToolTip(*m_view, ColorMode::GroundTruth).contains(QStringLiteral("no labels")));
        m_view->setLabelModesVisible(false);
        QCOMPARE(box->count(), 5);
    }

    void labelMismatchThrows()
    {
        m_view->setCloud(readPointCloud(dataDir + "/scans/bunny.pcd"));
        m_view->setLabelModesVisible(true);
        const int64_t count = m_view->cloud().size();
        PointLabels wrongSize;
        wrongSize.classCount = 3;
        wrongSize.fp32 = at::zeros({count - 1}, at::kLong);
        wrongSize.int8 = at::zeros({count - 1}, at::kLong);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_view->setPointLabels(wrongSize));
        PointLabels outsideClasses;
        outsideClasses.classCount = 3;
        outsideClasses.groundTruth = at::full({count}, 3, at::kLong);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_view->setPointLabels(outsideClasses));
        QVERIFY(!itemEnabled(*m_view, ColorMode::GroundTruth));
    }

    void flipModeColoursChangedPoints()
    {
        showView();
        m_view->setCloud(readPointCloud(dataDir + "/scans/bunny.pcd"));
        m_view->setLabelModesVisible(true);
        const int64_t count = m_view->cloud().size();
        PointLabels labels;
        labels.classCount = 4;
        labels.classNames = {"a", "b", "c"};
        labels.fp32 = at::arange(count, at::kLong).remainder(4);
        labels.int8 = labels.fp32.clone();
        // Every tenth point changes class.
        const at::Tensor flippedRows = at::arange(0, count, 10, at::kLong);
        labels.int8.index_put_({flippedRows}, (labels.fp32.index_select(0, flippedRows) + 1).remainder(4));
        m_view->setPointLabels(labels);
        QCOMPARE(m_view->flippedPointCount(), flippedRows.size(0));
        QVERIFY(m_view->setColorMode(ColorMode::LabelFlips));
        QCOMPARE(m_view->highlightedPointCount(), flippedRows.size(0));
        QVERIFY(m_view->legendText().contains(QString::number(flippedRows.size(0))));

        QVERIFY(m_view->setColorMode(ColorMode::Int8Label));
        QCOMPARE(m_view->highlightedPointCount(), int64_t(0));
        // The fourth class has no name, so the legend names it by number.
        QVERIFY2(m_view->legendText().contains(QStringLiteral("class 3")), qPrintable(m_view->legendText()));
        const QImage image = m_view->renderWidget()->grabRenderedImage();
        const std::array<uint8_t, 3> first = classColor(0);
        const int firstClassPixels = countPixels(image, [&](QRgb p) {
            return std::abs(qRed(p) - first[0]) < 8 && std::abs(qGreen(p) - first[1]) < 8 && std::abs(qBlue(p) - first[2]) < 8;
        });
        QVERIFY2(firstClassPixels > 20, qPrintable(QString::number(firstClassPixels)));

        m_view->clearPointLabels();
        QVERIFY(m_view->colorMode() == ColorMode::Height);
    }

    void labelColoursFollowPalette()
    {
        const at::Tensor labels = at::tensor({0, 1, 19, 20, -1}, at::kLong);
        const at::Tensor colours = colorsFromLabels(labels);
        QCOMPARE(colours.size(0), int64_t(5));
        for (int64_t row = 0; row < 5; ++row) {
            const std::array<uint8_t, 3> expected = classColor(labels[row].item<int64_t>());
            for (int64_t k = 0; k < 3; ++k)
                QCOMPARE(colours[row][k].item<uint8_t>(), expected[static_cast<size_t>(k)]);
        }
        // The palette repeats after 20 classes, and unlabelled points are dark grey.
        QVERIFY(classColor(20) == classColor(0));
        QVERIFY(classColor(-1) == unlabelledColor);
        QVERIFY(classColor(0) != classColor(1));
    }

    void layerSamplingHighlightsCentres()
    {
        showView();
        const NamedTensors reference = readNpz(dataDir + "/parity/mn40_s_trained_io_small.npz");
        PointCloud cloud;
        cloud.positions = reference.at("pos")[5].contiguous();
        PreprocessOptions options;
        options.numPoints = 1024;
        const CloudSampling sampling = traceCloudSampling(*m_model, cloud, options);

        m_view->setCloud(cloud);
        m_view->setSampling(sampling);
        QVERIFY(itemEnabled(*m_view, ColorMode::LayerSampling));
        QVERIFY(m_view->setColorMode(ColorMode::LayerSampling));
        m_view->setPointSize(3.0);
        QSignalSpy selection(m_view.get(), &PointCloudView::samplingSelectionChanged);
        m_view->setSamplingSelection(2, 10);
        QCOMPARE(selection.count(), 1);
        QCOMPARE(m_view->samplingStage(), 2);
        QCOMPARE(m_view->samplingCentre(), 10);
        // The widget tests load no translation, so tr() shows the plural source text "centre(s)";
        // pointq-studio installs the English forms.
        QVERIFY2(m_view->legendText().contains(QStringLiteral("256 centre(s) of stage 2")), qPrintable(m_view->legendText()));

        // Stage 4 is the last sampling stage of PointNeXt-S; stage 5 groups all points.
        m_view->setSamplingSelection(7, 500);
        QCOMPARE(m_view->samplingStage(), 4);
        QCOMPARE(m_view->samplingCentre(), 63);
        m_view->setSamplingSelection(1, 3);

        const QImage image = m_view->renderWidget()->grabRenderedImage();
        const int red = countPixels(image, [](QRgb p) { return qRed(p) > 180 && qGreen(p) < 60 && qBlue(p) < 70; });
        const int blue = countPixels(image, [](QRgb p) { return qBlue(p) > 180 && qRed(p) < 80; });
        const int orange = countPixels(image, [](QRgb p) { return qRed(p) > 200 && qGreen(p) > 110 && qGreen(p) < 190 && qBlue(p) < 80; });
        QVERIFY2(red > 0, "the chosen centre is not drawn");
        QVERIFY2(blue > 100, qPrintable(QString::number(blue)));
        QVERIFY2(orange > 10, qPrintable(QString::number(orange)));
        const QString mismatch = pointq::test::matchBaseline(image, QStringLiteral("cloud_view_sampling"));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));

        m_view->setCloud(cloud);
        QVERIFY(!itemEnabled(*m_view, ColorMode::LayerSampling));
        QVERIFY(m_view->colorMode() == ColorMode::Height);
    }

    void samplingOutsideCloudThrows()
    {
        m_view->setCloud(readPointCloud(dataDir + "/scans/bunny.pcd"));
        CloudSampling sampling;
        sampling.stages.resize(2);
        sampling.stages[0].centreRows = at::arange(397, at::kLong);
        sampling.stages[1].centreRows = at::tensor({3, 500}, at::kLong);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_view->setSampling(sampling));
        QVERIFY(!itemEnabled(*m_view, ColorMode::LayerSampling));
    }

    void dragRotatesAndResetRestores()
    {
        showView();
        m_view->setCloud(readPointCloud(dataDir + "/scans/bunny_binary.ply"));
        QVERIFY(!m_view->renderWidget()->grabRenderedImage().isNull());
        vtkCamera* camera = m_view->renderWidget()->renderer()->GetActiveCamera();
        double initial[3];
        camera->GetPosition(initial);

        drag(m_view->renderWidget(), {200, 150}, {300, 180});
        double rotated[3];
        camera->GetPosition(rotated);
        const double moved = std::hypot(rotated[0] - initial[0], rotated[1] - initial[1], rotated[2] - initial[2]);
        QVERIFY2(moved > 0.1 * camera->GetDistance(), qPrintable(QString::number(moved)));

        m_view->findChild<QPushButton*>(QStringLiteral("resetCameraButton"))->click();
        double reset[3];
        camera->GetPosition(reset);
        for (int axis = 0; axis < 3; ++axis)
            QVERIFY(std::abs(reset[axis] - initial[axis]) < 1e-9 + 1e-9 * std::abs(initial[axis]));
    }

    void largeCloudThinsOutWhileDragging()
    {
        PointCloud cloud;
        cloud.positions = at::rand({300000, 3});
        m_view->setCloud(cloud);
        QCOMPARE(m_view->drawnPointCount(), int64_t(300000));

        QWidget* widget = m_view->renderWidget();
        const QPointF at(20, 20);
        QMouseEvent press(QEvent::MouseButtonPress, at, widget->mapToGlobal(at), Qt::LeftButton, Qt::LeftButton,
                          Qt::NoModifier);
        QApplication::sendEvent(widget, &press);
        QCOMPARE(m_view->drawnPointCount(), int64_t(100000));
        QMouseEvent release(QEvent::MouseButtonRelease, at, widget->mapToGlobal(at), Qt::LeftButton, Qt::NoButton,
                            Qt::NoModifier);
        QApplication::sendEvent(widget, &release);
        QCOMPARE(m_view->drawnPointCount(), int64_t(300000));

        // A cloud at the limit is always drawn whole.
        cloud.positions = at::rand({100000, 3});
        m_view->setCloud(cloud);
        QApplication::sendEvent(widget, &press);
        QCOMPARE(m_view->drawnPointCount(), int64_t(100000));
        QApplication::sendEvent(widget, &release);
    }

    void pointSizeBoxSetsActor()
    {
        m_view->setCloud(readPointCloud(dataDir + "/scans/bunny.pcd"));
        m_view->findChild<QDoubleSpinBox*>(QStringLiteral("pointSizeBox"))->setValue(7.0);
        QCOMPARE(m_view->pointSize(), 7.0);
    }

    void everyControlHasToolTip()
    {
        const QList<QWidget*> children = m_view->findChildren<QWidget*>();
        for (QWidget* child : children) {
            const bool control = qobject_cast<QComboBox*>(child) || qobject_cast<QAbstractSpinBox*>(child) ||
                                 qobject_cast<QPushButton*>(child);
            if (control)
                QVERIFY2(!child->toolTip().isEmpty(), qPrintable(child->objectName()));
        }
    }
};

int main(int argc, char** argv)
{
    VtkRenderWidget::setDefaultSurfaceFormat();
    QApplication application(argc, argv);
    TestPointCloudView test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_point_cloud_view.moc"
