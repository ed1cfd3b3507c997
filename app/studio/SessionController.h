#pragma once

#include "Session.h"

#include "eval/Evaluation.h"
#include "eval/LayerStatistics.h"
#include "eval/SegmentationScene.h"

#include <QObject>
#include <QSet>

#include <memory>

namespace pointq::studio {

/// Owns the open session and what it loads: the model with its checkpoint and the
/// evaluation clouds. Every change is tried on a copy first, so an action that fails
/// reports errorOccurred and leaves the session, model and data as they were.
class SessionController : public QObject {
    Q_OBJECT

public:
    explicit SessionController(QObject* parent = nullptr);

    const Session& session() const { return m_session; }
    const LoadedModel* model() const { return m_model.get(); }
    /// The evaluation clouds of a classifier; null in a segmentation session.
    const EvaluationData* data() const { return m_data.get(); }
    /// The scene of a segmentation (BaseSeg) session, read whole; null otherwise.
    const SegmentationScene* scene() const { return m_scene.get(); }
    /// True when evaluation clouds or a segmentation scene are open, so a run can start.
    bool hasData() const { return m_data || m_scene; }
    /// True when the open model is a BaseSeg segmentation model, whose data is one scene.
    bool segmentsScenes() const;
    /// The file the session was last saved to or opened from; empty for a new session.
    const QString& filePath() const { return m_filePath; }
    bool isModified() const { return m_modified; }

    /// Each returns false after reporting errorOccurred.
    bool openConfig(const QString& path);
    bool openCheckpoint(const QString& path);
    bool setOverrides(const QStringList& overrides);
    bool openData(const QString& path);
    /// Loads config, checkpoint and data together, as the command line and the demo do.
    bool openInputs(const QString& configPath, const QString& checkpointPath, const QString& dataPath,
                    const QStringList& overrides);
    bool openSessionFile(const QString& path);
    bool saveSessionFile(const QString& path);
    /// Replaces the session with one recovered from an autosave, keeping it modified.
    bool recoverSession(const QString& path);

    void setKeptFloat(const QSet<QString>& names);
    /// Resolves --skip words (stage1, prefixes, globs) to layer names; reports errors.
    bool keepFloatByPattern(const QString& words, bool keep);
    bool loadSkipFile(const QString& path);
    bool saveSkipFile(const QString& path);
    void setQuantization(const QuantizationOptions& options);
    void addRun(const QuantizeReport& report);

    /// Folded weight histogram of one layer (channel -1 for all); empty without a model.
    ValueHistogram weightHistogram(const QString& layerName, int channel, int bins) const;

Q_SIGNALS:
    /// The model or its checkpoint changed; the layer table rebuilds.
    void modelChanged();
    /// The evaluation clouds or the segmentation scene changed.
    void dataChanged();
    void keptFloatChanged(const QStringList& names);
    void quantizationChanged();
    void runAdded(const pointq::studio::SessionRun& run);
    /// The whole session was replaced (opened or recovered); every view refreshes.
    void sessionReplaced();
    void modifiedChanged(bool modified);
    /// An action succeeded but changed more than asked, e.g. closed data the new model cannot read.
    void noticeIssued(const QString& message);
    /// An action failed; message is core's error text.
    void errorOccurred(const QString& action, const QString& message);

private:
    struct Loaded {
        std::shared_ptr<LoadedModel> model;
        std::shared_ptr<EvaluationData> data;
        std::shared_ptr<SegmentationScene> scene;
        QString closedData; ///< data path closed because the new model takes another kind of data
    };
    Loaded loadInputs(const Session& session, bool reloadModel, bool reloadData) const;
    bool apply(const QString& action, const Session& candidate, bool reloadModel, bool reloadData);
    QStringList resolveWords(const std::vector<std::string>& words) const;
    void setModified(bool modified);

    Session m_session;
    std::shared_ptr<LoadedModel> m_model;
    std::shared_ptr<EvaluationData> m_data;
    std::shared_ptr<SegmentationScene> m_scene;
    QString m_filePath;
    bool m_modified = false;
};

} // namespace pointq::studio
