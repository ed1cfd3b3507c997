#pragma once

// Runs the built `pointq` program for the end-to-end CLI tests.
#include <QProcess>
#include <QString>
#include <QStringList>

namespace pointq::testing {

/// Exit code and output of one `pointq` run.
struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
};

/// Runs `pointq` with the arguments and waits up to timeoutMs for it to finish.
/// environment replaces the inherited one when it is not empty.
inline CliResult runCli(const QStringList& arguments, int timeoutMs = 600000,
                        const QProcessEnvironment& environment = QProcessEnvironment())
{
    QProcess process;
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    process.setProgram(QStringLiteral(POINTQ_CLI));
    process.setArguments(arguments);
    process.start();
    process.waitForFinished(timeoutMs);
    return CliResult{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                     QString::fromUtf8(process.readAllStandardError())};
}

} // namespace pointq::testing
