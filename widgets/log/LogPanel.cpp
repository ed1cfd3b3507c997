#include "LogPanel.h"

#include "common/Log.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QMetaObject>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include <atomic>
#include <iostream>

namespace pointq::widgets {

namespace {

constexpr int maximumLines = 5000;
std::atomic<LogBridge*> activeBridge{nullptr};

QString severityName(LogSeverity severity)
{
    switch (severity) {
    case LogSeverity::Debug: return QStringLiteral("debug");
    case LogSeverity::Info: return QStringLiteral("info");
    case LogSeverity::Warning: return QStringLiteral("warning");
    case LogSeverity::Error: return QStringLiteral("error");
    }
    return {};
}

} // namespace

LogPanel::LogPanel(QWidget* parent)
    : QWidget(parent)
    , m_filter(new QComboBox(this))
    , m_view(new QPlainTextEdit(this))
{
    m_filter->addItem(tr("Everything"), static_cast<int>(LogSeverity::Debug));
    m_filter->addItem(tr("Info and above"), static_cast<int>(LogSeverity::Info));
    m_filter->addItem(tr("Warnings and errors"), static_cast<int>(LogSeverity::Warning));
    m_filter->setCurrentIndex(1);
    m_filter->setToolTip(tr("Lowest severity shown in the log"));
    auto* clearButton = new QPushButton(tr("Clear"), this);
    clearButton->setToolTip(tr("Remove every line from the log"));
    m_view->setReadOnly(true);
    m_view->setMaximumBlockCount(maximumLines);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setToolTip(tr("Messages from PointQ's core and from Qt"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show:"), this));
    bar->addWidget(m_filter);
    bar->addStretch();
    bar->addWidget(clearButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view);

    connect(m_filter, &QComboBox::currentIndexChanged, this, &LogPanel::onFilterChanged);
    connect(clearButton, &QPushButton::clicked, this, &LogPanel::clear);
}

void LogPanel::appendMessage(LogSeverity severity, const QString& category, const QString& message)
{
    if (!m_lines.isEmpty()) {
        Line& last = m_lines.last();
        if (last.severity == severity && last.category == category && last.message == message) {
            ++last.repeats;
            rebuild();
            return;
        }
    }
    m_lines.append(Line{severity, category, message});
    if (m_lines.size() > maximumLines)
        m_lines.removeFirst();
    if (static_cast<int>(severity) >= m_filter->currentData().toInt())
        m_view->appendPlainText(format(m_lines.last()));
    if (severity >= LogSeverity::Warning)
        Q_EMIT problemLogged(message);
}

QString LogPanel::format(const Line& line) const
{
    QString text = QStringLiteral("%1 [%2] %3").arg(severityName(line.severity), line.category, line.message);
    if (line.repeats > 1)
        text += tr(" (repeated %n times)", nullptr, line.repeats);
    return text;
}

QString LogPanel::text() const
{
    return m_view->toPlainText();
}

void LogPanel::clear()
{
    m_lines.clear();
    m_view->clear();
}

void LogPanel::onFilterChanged()
{
    rebuild();
}

void LogPanel::rebuild()
{
    const int minimum = m_filter->currentData().toInt();
    QStringList shown;
    for (const Line& line : m_lines)
        if (static_cast<int>(line.severity) >= minimum)
            shown.append(format(line));
    m_view->setPlainText(shown.join(QLatin1Char('\n')));
    m_view->moveCursor(QTextCursor::End);
}

LogBridge::LogBridge(LogPanel* panel)
    : QObject(panel)
    , m_panel(panel)
{
    m_previousBridge = activeBridge.load();
    activeBridge.store(this);
    installSink();
    if (m_previousBridge)
        m_previousHandler = m_previousBridge->m_previousHandler;
    else
        m_previousHandler = qInstallMessageHandler(&LogBridge::onQtMessage);
}

LogBridge::~LogBridge()
{
    // A newer bridge stays in charge; it falls back past this one when it goes.
    if (activeBridge.load() != this)
        return;
    LogBridge* previous = m_previousBridge.data();
    activeBridge.store(previous);
    if (previous) {
        previous->installSink();
        return;
    }
    setLogSink({});
    qInstallMessageHandler(m_previousHandler);
}

void LogBridge::installSink()
{
    setLogSink([this](LogLevel level, std::string_view category, const std::string& message) {
        if (level >= LogLevel::Warning)
            std::cerr << category << ": " << message << '\n';
        post(static_cast<LogSeverity>(level), QString::fromUtf8(category.data(), static_cast<int>(category.size())),
             QString::fromStdString(message));
    });
}

void LogBridge::onQtMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    LogBridge* bridge = activeBridge.load();
    if (bridge && bridge->m_previousHandler)
        bridge->m_previousHandler(type, context, message);
    if (!bridge || type == QtFatalMsg)
        return;
    LogSeverity severity = LogSeverity::Info;
    if (type == QtDebugMsg)
        severity = LogSeverity::Debug;
    else if (type == QtWarningMsg)
        severity = LogSeverity::Warning;
    else if (type == QtCriticalMsg)
        severity = LogSeverity::Error;
    bridge->post(severity, QString::fromLatin1(context.category ? context.category : "default"), message);
}

void LogBridge::post(LogSeverity severity, const QString& category, const QString& message)
{
    // Lines may come from the worker thread, and the panel lives on the GUI thread.
    QPointer<LogPanel> panel = m_panel;
    QMetaObject::invokeMethod(
        m_panel, [panel, severity, category, message] {
            if (panel)
                panel->appendMessage(severity, category, message);
        },
        Qt::QueuedConnection);
}

} // namespace pointq::widgets
