#include "render/VtkRenderWidget.h"

#include <QOpenGLContext>
#include <QSurfaceFormat>

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

namespace pointq::widgets {

namespace {

void addObserver(vtkObject* subject, unsigned long eventId, void (*callback)(vtkObject*, unsigned long, void*, void*),
                 void* clientData)
{
    vtkNew<vtkCallbackCommand> command;
    command->SetCallback(callback);
    command->SetClientData(clientData);
    subject->AddObserver(eventId, command);
}

} // namespace

VtkRenderWidget::VtkRenderWidget(QWidget* parent)
    : QOpenGLWidget(parent),
      m_renderWindow(vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New()),
      m_renderer(vtkSmartPointer<vtkRenderer>::New()),
      m_interactor(vtkSmartPointer<vtkGenericRenderWindowInteractor>::New())
{
    // VTK may only draw while paintGL has bound the widget's context and
    // framebuffer. Render() calls at other times do nothing, so views call requestRender().
    m_renderWindow->SetReadyForRendering(false);
    m_renderWindow->SetSupportsOpenGL(true);
    m_renderWindow->SetIsDirect(true);
    m_renderWindow->AddRenderer(m_renderer);

    m_interactor->SetRenderWindow(m_renderWindow);
    vtkNew<vtkInteractorStyleTrackballCamera> style;
    m_interactor->SetInteractorStyle(style);
    // The interactor requests renders through RenderEvent, which schedules a repaint.
    m_interactor->EnableRenderOff();
    m_interactor->Initialize();

    connectWindowCallbacks();
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(64, 64);
}

VtkRenderWidget::~VtkRenderWidget()
{
    // QOpenGLWidget's destructor destroys the context after this object's
    // members are gone, so the cleanup slot must not run then.
    if (context())
        disconnect(context(), &QOpenGLContext::aboutToBeDestroyed, this, nullptr);
    // Graphics resources live in this widget's context, so release them while
    // it still exists and is current.
    if (m_glInitialized && context()) {
        makeCurrent();
        m_renderWindow->Finalize();
        doneCurrent();
    }
    m_renderWindow->RemoveAllObservers();
    m_interactor->RemoveAllObservers();
}

void VtkRenderWidget::setDefaultSurfaceFormat()
{
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    format.setRedBufferSize(8);
    format.setGreenBufferSize(8);
    format.setBlueBufferSize(8);
    format.setAlphaBufferSize(8);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    format.setSamples(0);
    QSurfaceFormat::setDefaultFormat(format);
}

vtkGenericOpenGLRenderWindow* VtkRenderWidget::renderWindow() const
{
    return m_renderWindow;
}

vtkRenderer* VtkRenderWidget::renderer() const
{
    return m_renderer;
}

vtkGenericRenderWindowInteractor* VtkRenderWidget::interactor() const
{
    return m_interactor;
}

QImage VtkRenderWidget::grabRenderedImage()
{
    if (!isValid())
        return {};
    // grabFramebuffer() runs paintGL into the widget's framebuffer object, so
    // the image is the scene as it is now, not the last frame on screen.
    QImage image = grabFramebuffer();
    // VTK leaves alpha 0 where only the background was drawn. The widget is
    // composed opaque on screen, so the image drops alpha to look the same.
    if (image.format() == QImage::Format_ARGB32_Premultiplied || image.format() == QImage::Format_ARGB32)
        image.reinterpretAsFormat(QImage::Format_RGB32);
    return image;
}

void VtkRenderWidget::requestRender()
{
    update();
}

void VtkRenderWidget::connectWindowCallbacks()
{
    addObserver(m_renderWindow, vtkCommand::WindowMakeCurrentEvent, &VtkRenderWidget::onMakeCurrentRequested, this);
    addObserver(m_renderWindow, vtkCommand::WindowIsCurrentEvent, &VtkRenderWidget::onIsCurrentQueried, this);
    addObserver(m_interactor, vtkCommand::RenderEvent, &VtkRenderWidget::onInteractorRenderRequested, this);
}

void VtkRenderWidget::onMakeCurrentRequested(vtkObject*, unsigned long, void* clientData, void*)
{
    auto* widget = static_cast<VtkRenderWidget*>(clientData);
    if (widget->context() && QOpenGLContext::currentContext() != widget->context())
        widget->makeCurrent();
}

void VtkRenderWidget::onIsCurrentQueried(vtkObject*, unsigned long, void* clientData, void* callData)
{
    auto* widget = static_cast<VtkRenderWidget*>(clientData);
    auto* isCurrent = static_cast<bool*>(callData);
    *isCurrent = widget->context() && QOpenGLContext::currentContext() == widget->context();
}

void VtkRenderWidget::onInteractorRenderRequested(vtkObject*, unsigned long, void* clientData, void*)
{
    static_cast<VtkRenderWidget*>(clientData)->requestRender();
}

void VtkRenderWidget::initializeGL()
{
    // Qt recreates the context when the widget moves to another top-level
    // window; VTK's resources in the old one must go first.
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkRenderWidget::onContextAboutToBeDestroyed,
            Qt::UniqueConnection);

    // With the default blit mode VTK blits to the window system's back buffer,
    // which a QOpenGLWidget never shows, and the widget stays black.
    m_renderWindow->SetFrameBlitModeToBlitToCurrent();
    m_renderWindow->SetOwnContext(false);
    m_renderWindow->InitializeFromCurrentContext();
    m_renderWindow->SetIsCurrent(true);
    m_renderWindow->SetMapped(true);
    m_glInitialized = true;
    updateRenderWindowSize();
}

void VtkRenderWidget::resizeGL(int, int)
{
    updateRenderWindowSize();
}

void VtkRenderWidget::updateRenderWindowSize()
{
    const qreal ratio = devicePixelRatioF();
    const int pixelWidth = qRound(width() * ratio);
    const int pixelHeight = qRound(height() * ratio);
    m_renderWindow->SetSize(pixelWidth, pixelHeight);
    m_interactor->SetSize(pixelWidth, pixelHeight);
    m_interactor->ConfigureEvent();
}

void VtkRenderWidget::paintGL()
{
    if (!m_glInitialized)
        return;
    updateRenderWindowSize();

    // Qt changed OpenGL state behind VTK's state cache since the last frame.
    m_renderWindow->GetState()->Reset();
    m_renderWindow->GetState()->Push();
    m_renderWindow->SetIsCurrent(true);
    m_renderWindow->SetReadyForRendering(true);
    m_renderWindow->Render();
    m_renderWindow->SetReadyForRendering(false);
    m_renderWindow->GetState()->Pop();

    Q_EMIT frameRendered();
}

void VtkRenderWidget::onContextAboutToBeDestroyed()
{
    if (!m_glInitialized)
        return;
    makeCurrent();
    m_renderWindow->Finalize();
    m_glInitialized = false;
    doneCurrent();
}

} // namespace pointq::widgets
