#include "Autosave.h"

#include "SessionController.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QStandardPaths>

namespace pointq::studio {

namespace {

Q_LOGGING_CATEGORY(autosaveLog, "pointq.studio.autosave")

constexpr int autosaveDelayMs = 2000;

} // namespace

Autosave::Autosave(SessionController* controller, QObject* parent)
    : QObject(parent)
    , m_controller(controller)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(autosaveDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &Autosave::writeNow);
    for (auto signal : {&SessionController::modelChanged, &SessionController::dataChanged,
                        &SessionController::quantizationChanged, &SessionController::sessionReplaced})
        connect(controller, signal, this, &Autosave::onSessionChanged);
    connect(controller, &SessionController::keptFloatChanged, this, &Autosave::onSessionChanged);
    connect(controller, &SessionController::runAdded, this, &Autosave::onSessionChanged);
    connect(controller, &SessionController::modifiedChanged, this, [this](bool modified) {
        if (!modified)
            discard();
    });
}

QString Autosave::filePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/autosave.pqsession");
}

void Autosave::onSessionChanged()
{
    if (m_controller->isModified())
        m_timer.start();
}

void Autosave::writeNow()
{
    m_timer.stop();
    if (!m_controller->isModified())
        return;
    const QString path = filePath();
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        qCWarning(autosaveLog) << "cannot create the folder of" << path << "; the session is not autosaved";
        return;
    }
    try {
        saveSession(m_controller->session(), path);
    } catch (const std::exception& error) {
        qCWarning(autosaveLog) << "autosave failed:" << error.what();
    }
}

void Autosave::discard()
{
    m_timer.stop();
    QFile::remove(filePath());
}

} // namespace pointq::studio
