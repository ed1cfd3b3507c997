#pragma once

// Comparison of rendered images against the baseline PNGs in tests/data/baselines.
//
// Rasterisation differs slightly between Mesa versions and drivers, so two
// images match when few pixels differ by more than a per-channel tolerance.
// A missing baseline fails the test; run the test with
// POINTQ_UPDATE_BASELINES=1 to write it, then look at it before committing.

#include <QDir>
#include <QImage>
#include <QString>
#include <QtGlobal>

#include <algorithm>
#include <cstdlib>

namespace pointq::test {

struct ImageDifference {
    QString error;           ///< why the images cannot be compared, or empty
    double differingFraction = 1.0;
    int maximumChannelDifference = 0;
};

inline ImageDifference compareImages(const QImage& actualImage, const QImage& expectedImage, int channelTolerance)
{
    ImageDifference difference;
    if (actualImage.isNull()) {
        difference.error = QStringLiteral("the rendered image is null");
        return difference;
    }
    if (actualImage.size() != expectedImage.size()) {
        difference.error = QStringLiteral("size %1x%2 differs from the baseline's %3x%4")
                               .arg(actualImage.width())
                               .arg(actualImage.height())
                               .arg(expectedImage.width())
                               .arg(expectedImage.height());
        return difference;
    }
    const QImage actual = actualImage.convertToFormat(QImage::Format_RGB32);
    const QImage expected = expectedImage.convertToFormat(QImage::Format_RGB32);
    qint64 differing = 0;
    for (int y = 0; y < actual.height(); ++y) {
        const auto* actualRow = reinterpret_cast<const QRgb*>(actual.constScanLine(y));
        const auto* expectedRow = reinterpret_cast<const QRgb*>(expected.constScanLine(y));
        for (int x = 0; x < actual.width(); ++x) {
            const int channel = std::max({std::abs(qRed(actualRow[x]) - qRed(expectedRow[x])),
                                          std::abs(qGreen(actualRow[x]) - qGreen(expectedRow[x])),
                                          std::abs(qBlue(actualRow[x]) - qBlue(expectedRow[x]))});
            difference.maximumChannelDifference = std::max(difference.maximumChannelDifference, channel);
            if (channel > channelTolerance)
                ++differing;
        }
    }
    difference.differingFraction = double(differing) / double(qint64(actual.width()) * actual.height());
    return difference;
}

/// Compares image with tests/data/baselines/<name>.png. Returns an empty string
/// on a match, or a message that names the saved actual image on a mismatch.
inline QString matchBaseline(const QImage& image, const QString& name, double maximumDifferingFraction = 0.01,
                             int channelTolerance = 40)
{
    const QString baselinePath = QStringLiteral(POINTQ_TEST_DATA_DIR "/baselines/%1.png").arg(name);
    if (qEnvironmentVariableIntValue("POINTQ_UPDATE_BASELINES") == 1) {
        if (!image.save(baselinePath))
            return QStringLiteral("cannot write baseline %1").arg(baselinePath);
        return {};
    }

    const QImage expected(baselinePath);
    QString problem;
    ImageDifference difference;
    if (expected.isNull()) {
        problem = QStringLiteral("baseline %1 is missing or unreadable").arg(baselinePath);
    } else {
        difference = compareImages(image, expected, channelTolerance);
        if (!difference.error.isEmpty())
            problem = difference.error;
        else if (difference.differingFraction > maximumDifferingFraction)
            problem = QStringLiteral("%1% of pixels differ by more than %2 (allowed %3%), maximum difference %4")
                          .arg(difference.differingFraction * 100.0, 0, 'f', 2)
                          .arg(channelTolerance)
                          .arg(maximumDifferingFraction * 100.0, 0, 'f', 2)
                          .arg(difference.maximumChannelDifference);
    }
    if (problem.isEmpty())
        return {};

    QDir().mkpath(QStringLiteral(POINTQ_TEST_OUTPUT_DIR));
    const QString actualPath = QStringLiteral(POINTQ_TEST_OUTPUT_DIR "/%1-actual.png").arg(name);
    const bool saved = !image.isNull() && image.save(actualPath);
    return QStringLiteral("%1 against %2; actual image %3").arg(problem, baselinePath,
                                                                 saved ? actualPath : QStringLiteral("not saved"));
}

} // namespace pointq::test
