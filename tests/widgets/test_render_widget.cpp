#include "ImageBaseline.h"
#include "render/VtkRenderWidget.h"

#include <QApplication>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkConeSource.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkNew.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include <memory>

using pointq::widgets::VtkRenderWidget;

namespace {

// Sends a complete mouse event; QTest::mouseMove carries no pressed buttons,
// which VTK's styles need to tell a drag from a hover.
void sendMouse(QWidget* widget, QEvent::Type type, QPointF position, Qt::MouseButton button,
               Qt::MouseButtons buttons)
{
    QMouseEvent event(type, position, widget->mapToGlobal(position), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
}

void addRedCone(vtkRenderer* renderer)
{
    vtkNew<vtkConeSource> cone;
    cone->SetResolution(48);
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(cone->GetOutputPort());
    vtkNew<vtkActor> actor;
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(0.9, 0.1, 0.1);
    actor->GetProperty()->SetAmbient(0.6);
    renderer->AddActor(actor);
    renderer->SetBackground(0.1, 0.2, 0.6);
    renderer->ResetCamera();
}

} // namespace

class TestRenderWidget : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<VtkRenderWidget> m_widget;

private Q_SLOTS:
    void init()
    {
        m_widget = std::make_unique<VtkRenderWidget>();
        m_widget->resize(320, 240);
    }

    void cleanup() { m_widget.reset(); }

    void grabBeforeShowIsNull()
    {
        QVERIFY(m_widget->grabRenderedImage().isNull());
    }

    void rendersBackgroundColour()
    {
        m_widget->renderer()->SetBackground(0.0, 1.0, 0.0);
        m_widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
        const QImage image = m_widget->grabRenderedImage();
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), m_widget->size() * m_widget->devicePixelRatio());
        const QRgb corner = image.pixel(2, 2);
        QCOMPARE(qRed(corner), 0);
        QCOMPARE(qGreen(corner), 255);
        QCOMPARE(qBlue(corner), 0);
    }

    void rendersConeLikeBaseline()
    {
        addRedCone(m_widget->renderer());
        m_widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
        const QImage image = m_widget->grabRenderedImage();
        QVERIFY(!image.isNull());

        // The cone's tip points along +x and it fills the view's centre.
        const QRgb centre = image.pixel(image.width() / 2, image.height() / 2);
        QVERIFY2(qRed(centre) > 2 * qBlue(centre), "centre pixel is not the red cone");
        const QRgb corner = image.pixel(1, 1);
        QVERIFY2(qBlue(corner) > qRed(corner), "corner pixel is not the blue background");

        const QString mismatch = pointq::test::matchBaseline(image, QStringLiteral("render_widget_cone"));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

    void renderWindowFollowsWidgetSize()
    {
        m_widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
        m_widget->resize(200, 150);
        QVERIFY(!m_widget->grabRenderedImage().isNull());
        const int* size = m_widget->renderWindow()->GetSize();
        const qreal ratio = m_widget->devicePixelRatioF();
        QCOMPARE(size[0], qRound(200 * ratio));
        QCOMPARE(size[1], qRound(150 * ratio));
    }

    void leftDragRotatesCamera()
    {
        addRedCone(m_widget->renderer());
        m_widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
        QVERIFY(!m_widget->grabRenderedImage().isNull());
        vtkCamera* camera = m_widget->renderer()->GetActiveCamera();
        double before[3];
        camera->GetPosition(before);
        const double distanceBefore = camera->GetDistance();
        QSignalSpy finished(m_widget.get(), &VtkRenderWidget::interactionFinished);

        sendMouse(m_widget.get(), QEvent::MouseButtonPress, {160, 120}, Qt::LeftButton, Qt::LeftButton);
        for (int step = 1; step <= 8; ++step)
            sendMouse(m_widget.get(), QEvent::MouseMove, {160.0 + 10 * step, 120}, Qt::NoButton, Qt::LeftButton);
        sendMouse(m_widget.get(), QEvent::MouseButtonRelease, {240, 120}, Qt::LeftButton, Qt::NoButton);

        double after[3];
        camera->GetPosition(after);
        const double moved = std::hypot(after[0] - before[0], after[1] - before[1], after[2] - before[2]);
        QVERIFY2(moved > 0.1 * distanceBefore, qPrintable(QString::number(moved)));
        // Rotation keeps the camera's distance to the focal point.
        QVERIFY(std::abs(camera->GetDistance() - distanceBefore) < 1e-6 * distanceBefore);
        QCOMPARE(finished.count(), 1);
    }

    void wheelForwardZoomsIn()
    {
        addRedCone(m_widget->renderer());
        m_widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
        vtkCamera* camera = m_widget->renderer()->GetActiveCamera();
        const double distanceBefore = camera->GetDistance();

        const QPointF position(160, 120);
        QWheelEvent wheel(position, m_widget->mapToGlobal(position), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(m_widget.get(), &wheel);

        QVERIFY(camera->GetDistance() < 0.95 * distanceBefore);
    }

    void rightDragZoomsOut()
    {
        addRedCone(m_widget->renderer());
        m_widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
        vtkCamera* camera = m_widget->renderer()->GetActiveCamera();
        const double distanceBefore = camera->GetDistance();

        // Dragging down with the right button moves the camera away in VTK's trackball style.
        sendMouse(m_widget.get(), QEvent::MouseButtonPress, {160, 100}, Qt::RightButton, Qt::RightButton);
        for (int step = 1; step <= 5; ++step)
            sendMouse(m_widget.get(), QEvent::MouseMove, {160, 100.0 + 10 * step}, Qt::NoButton, Qt::RightButton);
        sendMouse(m_widget.get(), QEvent::MouseButtonRelease, {160, 150}, Qt::RightButton, Qt::NoButton);

        QVERIFY(camera->GetDistance() > 1.05 * distanceBefore);
    }

    void dragSchedulesRepaint()
    {
        addRedCone(m_widget->renderer());
        m_widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
        QSignalSpy frames(m_widget.get(), &VtkRenderWidget::frameRendered);
        QTest::qWait(50);
        frames.clear();

        sendMouse(m_widget.get(), QEvent::MouseButtonPress, {160, 120}, Qt::LeftButton, Qt::LeftButton);
        sendMouse(m_widget.get(), QEvent::MouseMove, {200, 120}, Qt::NoButton, Qt::LeftButton);
        sendMouse(m_widget.get(), QEvent::MouseButtonRelease, {200, 120}, Qt::LeftButton, Qt::NoButton);

        QVERIFY(frames.wait(2000));
    }
};

int main(int argc, char** argv)
{
    VtkRenderWidget::setDefaultSurfaceFormat();
    QApplication application(argc, argv);
    TestRenderWidget test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_render_widget.moc"
