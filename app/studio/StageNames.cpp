#include "StageNames.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

namespace pointq::studio {

namespace {

// Context of the translations in the .ts files. lupdate reads only literal contexts, so
// the calls that it must find spell it out.
constexpr const char* context = "pointq::studio::StageNames";

} // namespace

QString translatedStageName(const QString& stage)
{
    // Core names its stages in English. These are the ones runQuantizeJob and
    // runSensitivityJob report.
    static const QHash<QString, const char*> stageNames{
        {QStringLiteral("loading the model"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Loading the model")},
        {QStringLiteral("reading clouds"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Reading clouds")},
        {QStringLiteral("evaluating FP32"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Evaluating FP32")},
        {QStringLiteral("calibrating"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Calibrating")},
        {QStringLiteral("calibrated"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Calibrated")},
        {QStringLiteral("converting to INT8"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Converting to INT8")},
        {QStringLiteral("evaluating INT8"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Evaluating INT8")},
        {QStringLiteral("measuring per-layer SQNR"),
         QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Measuring per-layer SQNR")},
        {QStringLiteral("warm-up"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Warming up")},
        {QStringLiteral("timing"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Timing FP32 and INT8")},
        {QStringLiteral("reading the scene"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Reading the scene")},
        {QStringLiteral("evaluating FP32 on the scene"),
         QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Evaluating FP32 on the scene")},
        {QStringLiteral("evaluating INT8 on the scene"),
         QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Evaluating INT8 on the scene")},
        {QStringLiteral("sweep done"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Sweep done")},
        {QStringLiteral("searching the skip set"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Searching the skip set")},
        {QStringLiteral("skip set verified"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Skip set verified")},
        {QStringLiteral("done"), QT_TRANSLATE_NOOP("pointq::studio::StageNames", "Done")}};
    const auto found = stageNames.constFind(stage);
    if (found != stageNames.constEnd())
        return QCoreApplication::translate(context, *found);

    static const QRegularExpression sweptClouds(QStringLiteral("^swept clouds (\\d+) of (\\d+)$"));
    const QRegularExpressionMatch match = sweptClouds.match(stage);
    if (match.hasMatch()) {
        const QString pattern = QCoreApplication::translate("pointq::studio::StageNames", "Swept clouds %1 of %2");
        return pattern.arg(match.captured(1), match.captured(2));
    }
    return stage;
}

} // namespace pointq::studio
