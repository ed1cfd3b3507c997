#pragma once

#include <QImage>
#include <QOpenGLWidget>

#include <vtkSmartPointer.h>

class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkObject;
class vtkRenderer;

namespace pointq::widgets {

/// A QOpenGLWidget that hosts a VTK scene through vtkGenericOpenGLRenderWindow.
///
/// It replaces VTK's QVTKOpenGLNativeWidget, which Debian 12 only ships built
/// against Qt 5. VTK draws into the widget's own framebuffer object inside
/// paintGL, so the widget composes with other Qt widgets and can be grabbed.
/// Qt mouse, wheel and key events go to a vtkRenderWindowInteractor with a
/// trackball-camera style: left drag rotates, middle drag or Shift + left drag
/// pans, right drag or the wheel zooms.
///
/// Call setDefaultSurfaceFormat() before the QApplication is constructed;
/// without an OpenGL 3.2 core context VTK's OpenGL2 back end cannot render.
class VtkRenderWidget : public QOpenGLWidget {
    Q_OBJECT

public:
    explicit VtkRenderWidget(QWidget* parent = nullptr);
    ~VtkRenderWidget() override;

    /// Sets the application-wide QSurfaceFormat VTK needs: OpenGL 3.2 core
    /// profile, a 24-bit depth buffer, an 8-bit stencil buffer and no
    /// multisampling. Call it before the QApplication exists, because Qt
    /// applies the default format to every context it creates.
    static void setDefaultSurfaceFormat();

    vtkGenericOpenGLRenderWindow* renderWindow() const;
    /// The renderer that fills the whole viewport. Views add their props to it.
    vtkRenderer* renderer() const;
    vtkGenericRenderWindowInteractor* interactor() const;

    /// Renders the scene now and returns it as an opaque RGB32 image of
    /// size() * devicePixelRatio(). Returns a null image when the widget has
    /// no valid OpenGL context yet (it was never shown).
    QImage grabRenderedImage();

    /// Schedules a repaint. Views call this after changing the scene, because
    /// vtkRenderWindow::Render() outside paintGL is skipped.
    void requestRender();

Q_SIGNALS:
    /// Emitted when a mouse button is pressed on the widget, before the event reaches VTK.
    void interactionStarted();
    /// Emitted after a user interaction (drag, wheel, key) changed the view.
    void interactionFinished();
    /// Emitted after each frame VTK drew into the widget.
    void frameRendered();

protected:
    void initializeGL() override;
    void resizeGL(int width, int height) override;
    void paintGL() override;

    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void connectWindowCallbacks();
    void onContextAboutToBeDestroyed();
    void updateRenderWindowSize();
    void forwardMouseButton(QMouseEvent* event, bool pressed);
    void forwardKey(QKeyEvent* event, bool pressed);
    void setEventPosition(const QPointF& position, Qt::KeyboardModifiers modifiers, int repeatCount = 0);

    static void onMakeCurrentRequested(vtkObject* caller, unsigned long eventId, void* clientData, void* callData);
    static void onIsCurrentQueried(vtkObject* caller, unsigned long eventId, void* clientData, void* callData);
    static void onInteractorRenderRequested(vtkObject* caller, unsigned long eventId, void* clientData,
                                            void* callData);

    vtkSmartPointer<vtkGenericOpenGLRenderWindow> m_renderWindow;
    vtkSmartPointer<vtkRenderer> m_renderer;
    vtkSmartPointer<vtkGenericRenderWindowInteractor> m_interactor;
    bool m_glInitialized = false;
};

} // namespace pointq::widgets
