// Translation of Qt input events into vtkRenderWindowInteractor events.

#include "render/VtkRenderWidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <vtkCommand.h>
#include <vtkGenericRenderWindowInteractor.h>

namespace pointq::widgets {

namespace {

unsigned long buttonEventId(Qt::MouseButton button, bool pressed)
{
    switch (button) {
    case Qt::LeftButton:
        return pressed ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
    case Qt::MiddleButton:
        return pressed ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
    case Qt::RightButton:
        return pressed ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
    default:
        return vtkCommand::NoEvent;
    }
}

// VTK names keys by their X11 keysym; only the keys its interactor styles use are mapped.
const char* keySymbol(int key)
{
    switch (key) {
    case Qt::Key_Left: return "Left";
    case Qt::Key_Right: return "Right";
    case Qt::Key_Up: return "Up";
    case Qt::Key_Down: return "Down";
    case Qt::Key_Plus: return "plus";
    case Qt::Key_Minus: return "minus";
    case Qt::Key_Escape: return "Escape";
    case Qt::Key_Return: return "Return";
    case Qt::Key_Shift: return "Shift_L";
    case Qt::Key_Control: return "Control_L";
    case Qt::Key_Alt: return "Alt_L";
    default: return nullptr;
    }
}

} // namespace

void VtkRenderWidget::setEventPosition(const QPointF& position, Qt::KeyboardModifiers modifiers, int repeatCount)
{
    const qreal ratio = devicePixelRatioF();
    m_interactor->SetEventInformationFlipY(qRound(position.x() * ratio), qRound(position.y() * ratio),
                                           modifiers.testFlag(Qt::ControlModifier) ? 1 : 0,
                                           modifiers.testFlag(Qt::ShiftModifier) ? 1 : 0, 0, repeatCount);
    m_interactor->SetAltKey(modifiers.testFlag(Qt::AltModifier) ? 1 : 0);
}

void VtkRenderWidget::forwardMouseButton(QMouseEvent* event, bool pressed)
{
    const unsigned long eventId = buttonEventId(event->button(), pressed);
    if (eventId == vtkCommand::NoEvent) {
        event->ignore();
        return;
    }
    setEventPosition(event->position(), event->modifiers());
    m_interactor->InvokeEvent(eventId, event);
    event->accept();
    // Some styles (the chart's context style among them) call the render
    // window's Render() directly, which does nothing outside paintGL.
    requestRender();
}

void VtkRenderWidget::mousePressEvent(QMouseEvent* event)
{
    Q_EMIT interactionStarted();
    forwardMouseButton(event, true);
}

void VtkRenderWidget::mouseReleaseEvent(QMouseEvent* event)
{
    forwardMouseButton(event, false);
    Q_EMIT interactionFinished();
}

void VtkRenderWidget::mouseDoubleClickEvent(QMouseEvent* event)
{
    const unsigned long eventId = buttonEventId(event->button(), true);
    if (eventId == vtkCommand::NoEvent)
        return;
    // A repeat count of 1 is how VTK marks a double click.
    setEventPosition(event->position(), event->modifiers(), 1);
    m_interactor->InvokeEvent(eventId, event);
}

void VtkRenderWidget::mouseMoveEvent(QMouseEvent* event)
{
    setEventPosition(event->position(), event->modifiers());
    m_interactor->InvokeEvent(vtkCommand::MouseMoveEvent, event);
    event->accept();
    if (event->buttons() != Qt::NoButton)
        requestRender();
}

void VtkRenderWidget::wheelEvent(QWheelEvent* event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        event->ignore();
        return;
    }
    setEventPosition(event->position(), event->modifiers());
    m_interactor->InvokeEvent(delta > 0 ? vtkCommand::MouseWheelForwardEvent : vtkCommand::MouseWheelBackwardEvent,
                              event);
    event->accept();
    requestRender();
    Q_EMIT interactionFinished();
}

void VtkRenderWidget::forwardKey(QKeyEvent* event, bool pressed)
{
    const QString text = event->text();
    const char* symbol = keySymbol(event->key());
    const QByteArray latin = text.toLatin1();
    const char keyCode = latin.size() == 1 ? latin.at(0) : 0;
    if (!symbol && keyCode == 0) {
        event->ignore();
        return;
    }
    const QByteArray textSymbol = latin;
    m_interactor->SetKeyEventInformation(event->modifiers().testFlag(Qt::ControlModifier) ? 1 : 0,
                                         event->modifiers().testFlag(Qt::ShiftModifier) ? 1 : 0, keyCode,
                                         event->isAutoRepeat() ? 1 : 0, symbol ? symbol : textSymbol.constData());
    m_interactor->SetAltKey(event->modifiers().testFlag(Qt::AltModifier) ? 1 : 0);
    m_interactor->InvokeEvent(pressed ? vtkCommand::KeyPressEvent : vtkCommand::KeyReleaseEvent, event);
    // VTK's default styles toggle stereo rendering on '3', which a render
    // window inside a QOpenGLWidget cannot provide, so that key stops here.
    if (pressed && keyCode != 0 && keyCode != '3')
        m_interactor->InvokeEvent(vtkCommand::CharEvent, event);
    event->accept();
    requestRender();
}

void VtkRenderWidget::keyPressEvent(QKeyEvent* event)
{
    forwardKey(event, true);
    Q_EMIT interactionFinished();
}

void VtkRenderWidget::keyReleaseEvent(QKeyEvent* event)
{
    forwardKey(event, false);
}

void VtkRenderWidget::enterEvent(QEnterEvent* event)
{
    setEventPosition(event->position(), event->modifiers());
    m_interactor->InvokeEvent(vtkCommand::EnterEvent, event);
    QOpenGLWidget::enterEvent(event);
}

void VtkRenderWidget::leaveEvent(QEvent* event)
{
    m_interactor->InvokeEvent(vtkCommand::LeaveEvent, event);
    QOpenGLWidget::leaveEvent(event);
}

} // namespace pointq::widgets
