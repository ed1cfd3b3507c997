#pragma once

#include <QObject>
#include <QTimer>

namespace pointq::studio {

class SessionController;

/// Writes an unsaved session to the application data folder two seconds after each
/// change, and removes that copy once the session is saved or closed cleanly. A copy
/// that exists at start-up therefore means the last session ended in a crash.
class Autosave : public QObject {
    Q_OBJECT

public:
    explicit Autosave(SessionController* controller, QObject* parent = nullptr);

    /// <AppDataLocation>/autosave.pqsession
    static QString filePath();
    /// Removes the copy. The window calls it on a clean exit, and a save triggers it.
    void discard();
    /// Writes the copy now when the session has unsaved changes.
    void writeNow();

private:
    void onSessionChanged();

    SessionController* m_controller;
    QTimer m_timer;
};

} // namespace pointq::studio
