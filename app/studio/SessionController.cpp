#include "SessionController.h"

#include "common/Errors.h"
#include "quant/LayerSelection.h"
#include "analysis/SkipFile.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>

namespace pointq::studio {

namespace {

Q_LOGGING_CATEGORY(sessionLog, "pointq.studio.session")

QString absolute(const QString& path)
{
    return path.isEmpty() ? path : QFileInfo(path).absoluteFilePath();
}

std::vector<std::string> toStd(const QStringList& list)
{
    std::vector<std::string> result;
    for (const QString& item : list)
        result.push_back(item.toStdString());
    return result;
}

// BaseSeg models take one scene; part segmentation (BasePartSeg) and classifiers take
// the clouds of a data set.
bool takesScene(const LoadedModel& model)
{
    return model.model->segments() && model.args.name != "BasePartSeg";
}

} // namespace

SessionController::SessionController(QObject* parent)
    : QObject(parent)
{
}

SessionController::Loaded SessionController::loadInputs(const Session& session, bool reloadModel, bool reloadData) const
{
    Loaded loaded{m_model, m_data, m_scene, {}};
    if (reloadModel || !loaded.model) {
        if (session.configPath.isEmpty())
            throw ConfigError("no config is open, so open an openpoints config (.yaml) first");
        loaded.model = std::make_shared<LoadedModel>(loadModel(session.configPath.toStdString(), toStd(session.overrides),
                                                               session.checkpointPath.toStdString()));
    }
    // A scene means nothing to a classifier and a data set folder nothing to a
    // segmentation model, so a config of the other kind closes the open data.
    if (reloadModel && !reloadData && m_model && takesScene(*m_model) != takesScene(*loaded.model)
        && !session.dataPath.isEmpty()) {
        loaded.data.reset();
        loaded.scene.reset();
        loaded.closedData = session.dataPath;
        return loaded;
    }
    if (session.dataPath.isEmpty()) {
        loaded.data.reset();
        loaded.scene.reset();
    } else if (takesScene(*loaded.model)) {
        if (reloadData || reloadModel || !loaded.scene) {
            loaded.data.reset();
            // The workbench has no --lidar-format, so a .bin scene's layout is always inferred,
            // as jobSettingsOf() requests for the run.
            DataOptions options;
            options.path = session.dataPath.toStdString();
            options.inferLidarFormat = true;
            loaded.scene = std::make_shared<SegmentationScene>(readSegmentationScene(options));
        }
    } else if (reloadData || reloadModel || !loaded.data) {
        loaded.scene.reset();
        DataOptions options;
        options.path = session.dataPath.toStdString();
        loaded.data = std::make_shared<EvaluationData>(loadEvaluationData(
            options, loaded.model->dataset, loaded.model->args.encoder.inChannels, JobContext{}));
    }
    return loaded;
}

bool SessionController::apply(const QString& action, const Session& candidate, bool reloadModel, bool reloadData)
{
    Loaded loaded;
    try {
        loaded = loadInputs(candidate, reloadModel, reloadData);
    } catch (const std::exception& error) {
        qCWarning(sessionLog).noquote() << action << "failed:" << error.what();
        Q_EMIT errorOccurred(action, QString::fromStdString(error.what()));
        return false;
    }
    Session accepted = candidate;
    if (!loaded.closedData.isEmpty())
        accepted.dataPath.clear();
    const bool reloadedModel = loaded.model != m_model;
    const bool reloadedData = loaded.data != m_data || loaded.scene != m_scene;
    m_session = accepted;
    m_model = loaded.model;
    m_data = loaded.data;
    m_scene = loaded.scene;
    // A new model may lack layers the old skip set named.
    QStringList kept;
    for (const auto& block : m_model->model->layers())
        if (m_session.keptFloat.contains(QString::fromStdString(block->layerName())))
            kept.append(QString::fromStdString(block->layerName()));
    kept.sort();
    m_session.keptFloat = kept;
    if (reloadedModel)
        Q_EMIT modelChanged();
    if (reloadedData)
        Q_EMIT dataChanged();
    if (!loaded.closedData.isEmpty()) {
        const QString message =
            segmentsScenes() ? tr("Closed %1: a segmentation model takes one scene file, so open a scene (.bin, PLY, "
                                  "PCD or NPY with colours).")
                                   .arg(loaded.closedData)
                             : tr("Closed the scene %1: this model is a classifier, so open evaluation clouds.")
                                   .arg(loaded.closedData);
        qCInfo(sessionLog).noquote() << message;
        Q_EMIT noticeIssued(message);
    }
    Q_EMIT keptFloatChanged(m_session.keptFloat);
    setModified(true);
    return true;
}

bool SessionController::openConfig(const QString& path)
{
    Session candidate = m_session;
    candidate.configPath = absolute(path);
    return apply(tr("Open config"), candidate, true, false);
}

bool SessionController::openCheckpoint(const QString& path)
{
    Session candidate = m_session;
    candidate.checkpointPath = absolute(path);
    return apply(tr("Open checkpoint"), candidate, true, false);
}

bool SessionController::setOverrides(const QStringList& overrides)
{
    if (overrides == m_session.overrides)
        return true;
    Session candidate = m_session;
    candidate.overrides = overrides;
    return apply(tr("Apply overrides"), candidate, true, false);
}

bool SessionController::openData(const QString& path)
{
    Session candidate = m_session;
    candidate.dataPath = absolute(path);
    return apply(tr("Open data"), candidate, false, true);
}

bool SessionController::openInputs(const QString& configPath, const QString& checkpointPath, const QString& dataPath,
                                   const QStringList& overrides)
{
    Session candidate = m_session;
    candidate.configPath = absolute(configPath);
    candidate.checkpointPath = absolute(checkpointPath);
    candidate.dataPath = absolute(dataPath);
    candidate.overrides = overrides;
    return apply(tr("Open model and data"), candidate, true, true);
}

bool SessionController::openSessionFile(const QString& path)
{
    if (!recoverSession(path))
        return false;
    m_filePath = absolute(path);
    setModified(false);
    return true;
}

bool SessionController::recoverSession(const QString& path)
{
    Session candidate;
    Loaded loaded;
    try {
        candidate = loadSession(path);
        loaded = loadInputs(candidate, true, true);
    } catch (const std::exception& error) {
        qCWarning(sessionLog).noquote() << "opening session" << path << "failed:" << error.what();
        Q_EMIT errorOccurred(tr("Open session"), QString::fromStdString(error.what()));
        return false;
    }
    m_session = candidate;
    m_model = loaded.model;
    m_data = loaded.data;
    m_scene = loaded.scene;
    m_filePath.clear();
    qCInfo(sessionLog).noquote() << "opened session" << path << "with" << m_session.runs.size() << "runs";
    Q_EMIT sessionReplaced();
    setModified(true);
    return true;
}

bool SessionController::saveSessionFile(const QString& path)
{
    try {
        saveSession(m_session, path);
    } catch (const std::exception& error) {
        Q_EMIT errorOccurred(tr("Save session"), QString::fromStdString(error.what()));
        return false;
    }
    m_filePath = absolute(path);
    setModified(false);
    return true;
}

void SessionController::setKeptFloat(const QSet<QString>& names)
{
    QStringList sorted(names.begin(), names.end());
    sorted.sort();
    if (sorted == m_session.keptFloat)
        return;
    m_session.keptFloat = sorted;
    Q_EMIT keptFloatChanged(sorted);
    setModified(true);
}

QStringList SessionController::resolveWords(const std::vector<std::string>& words) const
{
    if (!m_model)
        throw QuantizationError("no model is open, so layer names cannot be resolved; open a config first");
    QStringList names;
    for (const std::string& name : selectLayers(m_model->model->layers(), words))
        names.append(QString::fromStdString(name));
    return names;
}

bool SessionController::keepFloatByPattern(const QString& words, bool keep)
{
    QSet<QString> kept(m_session.keptFloat.begin(), m_session.keptFloat.end());
    try {
        const QStringList parts = words.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
        for (const QString& name : resolveWords(toStd(parts))) {
            if (keep)
                kept.insert(name);
            else
                kept.remove(name);
        }
    } catch (const std::exception& error) {
        Q_EMIT errorOccurred(tr("Select layers"), QString::fromStdString(error.what()));
        return false;
    }
    setKeptFloat(kept);
    return true;
}

bool SessionController::loadSkipFile(const QString& path)
{
    QStringList names;
    try {
        names = resolveWords(readSkipFile(path.toStdString()));
    } catch (const std::exception& error) {
        Q_EMIT errorOccurred(tr("Load skip set"), QString::fromStdString(error.what()));
        return false;
    }
    setKeptFloat(QSet<QString>(names.begin(), names.end()));
    return true;
}

bool SessionController::saveSkipFile(const QString& path)
{
    try {
        writeSkipFile(path.toStdString(), toStd(m_session.keptFloat));
    } catch (const std::exception& error) {
        Q_EMIT errorOccurred(tr("Save skip set"), QString::fromStdString(error.what()));
        return false;
    }
    return true;
}

void SessionController::setQuantization(const QuantizationOptions& options)
{
    if (options == m_session.quantization)
        return;
    m_session.quantization = options;
    Q_EMIT quantizationChanged();
    setModified(true);
}

void SessionController::addRun(const QuantizeReport& report)
{
    SessionRun run;
    run.number = m_session.runs.empty() ? 1 : m_session.runs.back().number + 1;
    run.finishedAt = QDateTime::currentDateTimeUtc();
    for (const LayerSummary& layer : report.layers)
        if (!layer.int8)
            run.keptFloat.append(QString::fromStdString(layer.name));
    run.report = report;
    m_session.runs.push_back(run);
    Q_EMIT runAdded(run);
    setModified(true);
}

bool SessionController::segmentsScenes() const
{
    return m_model && takesScene(*m_model);
}

ValueHistogram SessionController::weightHistogram(const QString& layerName, int channel, int bins) const
{
    if (!m_model)
        return {};
    for (const auto& block : m_model->model->layers())
        if (QString::fromStdString(block->layerName()) == layerName)
            return pointq::weightHistogram(*block, channel, bins);
    return {};
}

void SessionController::setModified(bool modified)
{
    if (modified == m_modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

} // namespace pointq::studio
