#pragma once

#include "eval/QuantizeJob.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace pointq::studio {

/// The Quantization panel's settings.
struct QuantizationOptions {
    QString observer = QStringLiteral("minmax"); ///< "minmax" or "percentile"
    double percentile = 99.99;
    QString engine = QStringLiteral("auto");     ///< "auto", "onednn" or "qnnpack"
    int calibrationClouds = 32;
    int threads = 2;        ///< LibTorch threads, the same default as the command line
    int evalBatchSize = 8;  ///< small batches keep Cancel responsive
    int warmupRuns = 3;
    int timedRuns = 10;
    /// Voting passes over a segmentation scene; 0 feeds enough passes to cover every point.
    int votes = 0;

    bool operator==(const QuantizationOptions& other) const;
};

/// A finished run: its number in the session and the report the CLI would print.
struct SessionRun {
    int number = 0;
    QDateTime finishedAt;
    QStringList keptFloat; ///< full layer names kept in FP32
    QuantizeReport report;
};

/// Everything a `.pqsession` file stores: inputs, the skip set, the settings and the
/// results of every run. Paths are absolute.
struct Session {
    QString configPath;
    QStringList overrides;
    QString checkpointPath;
    QString dataPath;
    QStringList keptFloat; ///< full layer names kept in FP32, sorted
    QuantizationOptions quantization;
    std::vector<SessionRun> runs;
};

/// Settings of runQuantizeJob for the session's current inputs.
QuantizeJobSettings jobSettingsOf(const Session& session, const QString& outputPath);

QJsonObject sessionToJson(const Session& session);
/// Throws DataError naming the key when the object is not a session.
Session sessionFromJson(const QJsonObject& object);

/// Writes the session as JSON atomically; throws Error naming the file.
void saveSession(const Session& session, const QString& path);
/// Reads a session file; throws DataError naming the file and what is wrong.
Session loadSession(const QString& path);

/// File name suffix of sessions, without the dot.
inline const char* sessionSuffix() { return "pqsession"; }

} // namespace pointq::studio
