#include "Session.h"

#include "ReportSerialization.h"

#include "common/Errors.h"
#include "common/Files.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pointq::studio {

namespace {

constexpr int formatVersion = 1;

QJsonArray toArray(const QStringList& values)
{
    return QJsonArray::fromStringList(values);
}

QStringList toStringList(const QJsonValue& value)
{
    QStringList list;
    for (const QJsonValue& item : value.toArray())
        list.append(item.toString());
    return list;
}

QJsonObject optionsToJson(const QuantizationOptions& options)
{
    return {{"observer", options.observer},         {"percentile", options.percentile},
            {"engine", options.engine},             {"calibration_clouds", options.calibrationClouds},
            {"threads", options.threads},           {"eval_batch_size", options.evalBatchSize},
            {"warmup_runs", options.warmupRuns},    {"timed_runs", options.timedRuns},
            {"votes", options.votes}};
}

QuantizationOptions optionsFromJson(const QJsonObject& object)
{
    QuantizationOptions options;
    options.observer = object.value("observer").toString(options.observer);
    options.percentile = object.value("percentile").toDouble(options.percentile);
    options.engine = object.value("engine").toString(options.engine);
    options.calibrationClouds = object.value("calibration_clouds").toInt(options.calibrationClouds);
    options.threads = object.value("threads").toInt(options.threads);
    options.evalBatchSize = object.value("eval_batch_size").toInt(options.evalBatchSize);
    options.warmupRuns = object.value("warmup_runs").toInt(options.warmupRuns);
    options.timedRuns = object.value("timed_runs").toInt(options.timedRuns);
    options.votes = object.value("votes").toInt(options.votes);
    if (options.observer != "minmax" && options.observer != "percentile")
        throw DataError("the session's observer must be minmax or percentile, got '" + options.observer.toStdString() + "'");
    if (options.votes < 0)
        throw DataError("the session's votes must be 0 (full coverage) or more, got " + std::to_string(options.votes));
    return options;
}

} // namespace

bool QuantizationOptions::operator==(const QuantizationOptions& other) const
{
    return observer == other.observer && percentile == other.percentile && engine == other.engine
           && calibrationClouds == other.calibrationClouds && threads == other.threads
           && evalBatchSize == other.evalBatchSize && warmupRuns == other.warmupRuns && timedRuns == other.timedRuns && votes == other.votes;
}

QuantizeJobSettings jobSettingsOf(const Session& session, const QString& outputPath)
{
    QuantizeJobSettings settings;
    settings.configPath = session.configPath.toStdString();
    for (const QString& override : session.overrides)
        settings.overrides.push_back(override.toStdString());
    settings.checkpointPath = session.checkpointPath.toStdString();
    settings.data.path = session.dataPath.toStdString();
    // As SessionController reads a scene: the layout of a .bin is inferred.
    settings.data.inferLidarFormat = true;
    settings.data.votes = session.quantization.votes;
    const QuantizationOptions& options = session.quantization;
    settings.calibrationClouds = options.calibrationClouds;
    settings.quantization.observer = options.observer == "percentile" ? ObserverKind::Percentile : ObserverKind::MinMax;
    settings.quantization.percentile = options.percentile;
    settings.quantization.engine = options.engine.toStdString();
    for (const QString& name : session.keptFloat)
        settings.quantization.skip.push_back(name.toStdString());
    settings.threads = options.threads;
    settings.evalBatchSize = options.evalBatchSize;
    settings.warmupRuns = options.warmupRuns;
    settings.timedRuns = options.timedRuns;
    settings.outputPath = outputPath.toStdString();
    return settings;
}

QJsonObject sessionToJson(const Session& session)
{
    QJsonArray runs;
    for (const SessionRun& run : session.runs)
        runs.append(QJsonObject{{"number", run.number},
                                {"finished_at", run.finishedAt.toString(Qt::ISODate)},
                                {"kept_fp32", toArray(run.keptFloat)},
                                {"report", reportToJson(run.report)}});
    return {{"format", "pointq-session"},
            {"version", formatVersion},
            {"config", session.configPath},
            {"overrides", toArray(session.overrides)},
            {"checkpoint", session.checkpointPath},
            {"data", session.dataPath},
            {"kept_fp32", toArray(session.keptFloat)},
            {"quantization", optionsToJson(session.quantization)},
            {"runs", runs}};
}

Session sessionFromJson(const QJsonObject& object)
{
    if (object.value("format").toString() != "pointq-session")
        throw DataError("not a PointQ session: the key 'format' is not \"pointq-session\"");
    if (object.value("version").toInt() != formatVersion)
        throw DataError("unsupported session version " + std::to_string(object.value("version").toInt())
                        + "; this PointQ reads version " + std::to_string(formatVersion));
    Session session;
    session.configPath = object.value("config").toString();
    session.overrides = toStringList(object.value("overrides"));
    session.checkpointPath = object.value("checkpoint").toString();
    session.dataPath = object.value("data").toString();
    session.keptFloat = toStringList(object.value("kept_fp32"));
    session.quantization = optionsFromJson(object.value("quantization").toObject());
    for (const QJsonValue& value : object.value("runs").toArray()) {
        const QJsonObject run = value.toObject();
        SessionRun entry;
        entry.number = run.value("number").toInt();
        entry.finishedAt = QDateTime::fromString(run.value("finished_at").toString(), Qt::ISODate);
        entry.keptFloat = toStringList(run.value("kept_fp32"));
        entry.report = reportFromJson(run.value("report").toObject());
        session.runs.push_back(std::move(entry));
    }
    return session;
}

void saveSession(const Session& session, const QString& path)
{
    writeTextFile(path.toStdString(), QJsonDocument(sessionToJson(session)).toJson().toStdString());
}

Session loadSession(const QString& path)
{
    const std::string text = readBinaryFile(path.toStdString());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(text), &parseError);
    if (document.isNull())
        throw DataError("invalid JSON: " + parseError.errorString().toStdString(), path.toStdString(),
                        "byte " + std::to_string(parseError.offset));
    try {
        return sessionFromJson(document.object());
    } catch (const DataError& error) {
        throw DataError(error.detail(), path.toStdString());
    }
}

} // namespace pointq::studio
