#pragma once

#include <QPointer>
#include <QWidget>

class QComboBox;
class QPlainTextEdit;

namespace pointq::widgets {

/// Severity of a log line, in the order of core's LogLevel.
enum class LogSeverity { Debug, Info, Warning, Error };

/// A read-only list of log lines with a severity filter. Identical consecutive lines
/// collapse into one with a repeat count, and the oldest lines go after 5000.
class LogPanel : public QWidget {
    Q_OBJECT

public:
    explicit LogPanel(QWidget* parent = nullptr);

    /// Appends one line; call on the GUI thread (LogBridge queues lines from others).
    void appendMessage(LogSeverity severity, const QString& category, const QString& message);
    /// Every line shown, for tests and copying.
    QString text() const;
    void clear();

Q_SIGNALS:
    /// A warning or an error arrived, so the window may raise the log.
    void problemLogged(const QString& message);

private:
    void onFilterChanged();
    void rebuild();

    struct Line {
        LogSeverity severity;
        QString category;
        QString message;
        int repeats = 1;
    };
    QString format(const Line& line) const;

    QComboBox* m_filter = nullptr;
    QPlainTextEdit* m_view = nullptr;
    QList<Line> m_lines;
};

/// Sends core's log (setLogSink) and Qt's categorised messages to a panel from any
/// thread, and still prints warnings and errors to stderr. The newest bridge receives
/// the messages, and the one before it takes over again when the newest is destroyed.
class LogBridge : public QObject {
    Q_OBJECT

public:
    explicit LogBridge(LogPanel* panel);
    ~LogBridge() override;

private:
    static void onQtMessage(QtMsgType type, const QMessageLogContext& context, const QString& message);
    void installSink();
    void post(LogSeverity severity, const QString& category, const QString& message);

    LogPanel* m_panel;
    QPointer<LogBridge> m_previousBridge;
    QtMessageHandler m_previousHandler = nullptr;
};

} // namespace pointq::widgets
