#include "SceneLayoutText.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <limits>

namespace pointq::studio {

namespace {

// Layout names stay as the formats call themselves in every language.
QString layoutName(LidarFormat format)
{
    switch (format) {
    case LidarFormat::Kitti: return QStringLiteral("KITTI");
    case LidarFormat::NuScenes: return QStringLiteral("nuScenes");
    case LidarFormat::XyzRgb: return QStringLiteral("x,y,z,r,g,b");
    }
    return {};
}

// tr() takes the plural count as an int.
int pluralCount(int64_t count)
{
    return static_cast<int>(std::min<int64_t>(count, std::numeric_limits<int>::max()));
}

} // namespace

QString SceneLayoutText::describe(const LidarFormatGuess& guess)
{
    const QString chosen = layoutName(guess.format);
    QStringList fits;
    for (const LidarFormatFit& fit : guess.fits)
        fits.append(tr("%1 (%Ln point(s))", nullptr, pluralCount(fit.points)).arg(layoutName(fit.format)));

    QString decision;
    switch (guess.evidence) {
    case LidarFormatEvidence::ColorsAreBytes:
        decision = tr("Every colour column holds integers from 0 to 255, so the file is read as %1.").arg(chosen);
        break;
    case LidarFormatEvidence::RingsAreIntegers:
        decision = tr("Every fifth column is an integer ring index, so the file is read as %1.").arg(chosen);
        break;
    case LidarFormatEvidence::OnlyKittiFits:
        decision = tr("No other layout fits the size, so the file is read as %1.").arg(chosen);
        break;
    case LidarFormatEvidence::ChecksFailed: {
        // Only the layouts that fit the size were checked.
        const auto fitted = [&guess](LidarFormat format) {
            return std::any_of(guess.fits.begin(), guess.fits.end(),
                               [format](const LidarFormatFit& fit) { return fit.format == format; });
        };
        if (fitted(LidarFormat::NuScenes) && fitted(LidarFormat::XyzRgb))
            decision = tr("The columns fail the nuScenes ring check and the x,y,z,r,g,b colour check, so the file is "
                          "read as %1.")
                           .arg(chosen);
        else if (fitted(LidarFormat::NuScenes))
            decision = tr("The fifth column is not an integer ring index throughout, so the file is not nuScenes and "
                          "is read as %1.")
                           .arg(chosen);
        else
            decision = tr("The colour columns are not all integers from 0 to 255, so the file is not x,y,z,r,g,b and "
                          "is read as %1.")
                           .arg(chosen);
        break;
    }
    }
    const QString layout = tr("Column layout: %1, inferred because a .bin file does not store it.").arg(chosen);
    const QString sizes = tr("The file's %Ln byte(s) fit %1.", nullptr, pluralCount(guess.fileBytes))
                              .arg(QLocale().createSeparatedList(fits));
    // The separator between sentences is the translator's, because Chinese puts no space there.
    return tr("%1 %2 %3", "three sentences in a row").arg(layout, sizes, decision);
}

} // namespace pointq::studio
