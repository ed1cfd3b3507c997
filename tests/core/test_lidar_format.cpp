// --lidar-format auto: inference of the column layout of float32 .bin files.
#include "CloudTestSupport.h"

#include "io/CloudReader.h"
#include "io/LidarFormatInference.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace cloudtest;
using pointq::DataError;
using pointq::LidarFormat;

namespace {

std::string floats(const std::vector<float>& values)
{
    std::string bytes(values.size() * sizeof(float), '\0');
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

} // namespace

class LidarFormatTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void namesParse()
    {
        QCOMPARE(*pointq::parseLidarFormatName("KITTI"), LidarFormat::Kitti);
        QCOMPARE(*pointq::parseLidarFormatName("nuscenes"), LidarFormat::NuScenes);
        QCOMPARE(*pointq::parseLidarFormatName("xyzrgb"), LidarFormat::XyzRgb);
        QVERIFY(!pointq::parseLidarFormatName("auto").has_value());
        QVERIFY_THROWS_EXCEPTION(DataError, pointq::parseLidarFormatName("xyz"));
    }

    void realFilesAreRecognized()
    {
        QCOMPARE(pointq::inferLidarFormat(scanPath("kitti_000008.bin")).format, LidarFormat::Kitti);
        QCOMPARE(pointq::inferLidarFormat(scanPath("nuscenes_lidar_top.pcd.bin")).format, LidarFormat::NuScenes);
        QCOMPARE(pointq::inferLidarFormat(scanPath("scannet_scene0000_00.bin")).format, LidarFormat::XyzRgb);
        QCOMPARE(pointq::inferLidarFormat(scanPath("s3dis_area1_office2_points.bin")).format, LidarFormat::XyzRgb);
    }

    void kittiSizeThatAlsoFitsColoursSaysWhy()
    {
        // 275,808 bytes fit both 16-byte KITTI and 24-byte x,y,z,r,g,b records.
        const pointq::LidarFormatGuess guess = pointq::inferLidarFormat(scanPath("kitti_000008.bin"));
        QVERIFY2(guess.reason.find("x,y,z,r,g,b (11492 points)") != std::string::npos, guess.reason.c_str());
        QVERIFY2(guess.reason.find("so KITTI") != std::string::npos, guess.reason.c_str());
    }

    void fourColumnFileFittingFiveColumnsIsKitti()
    {
        const pointq::LidarFormatGuess guess = pointq::inferLidarFormat(bugCasePath("lidar_4col_1000pts_ambiguous.bin"));
        QCOMPARE(guess.format, LidarFormat::Kitti);
        QVERIFY(guess.reason.find("nuScenes (800 points)") != std::string::npos);
        QCOMPARE(pointq::inferLidarFormat(bugCasePath("lidar_4col_1003pts.bin")).format, LidarFormat::Kitti);
    }

    void guessStatesFitsAndEvidence()
    {
        // 275,808 bytes: 17,238 KITTI records or 11,492 x,y,z,r,g,b records, whose colours fail the check.
        const pointq::LidarFormatGuess kitti = pointq::inferLidarFormat(scanPath("kitti_000008.bin"));
        QCOMPARE(kitti.fileBytes, int64_t(275808));
        QCOMPARE(kitti.fits.size(), size_t(2));
        QCOMPARE(kitti.fits[0].format, LidarFormat::Kitti);
        QCOMPARE(kitti.fits[0].points, int64_t(17238));
        QCOMPARE(kitti.fits[1].format, LidarFormat::XyzRgb);
        QCOMPARE(kitti.fits[1].points, int64_t(11492));
        QVERIFY(kitti.sizeFitsSeveral);
        QCOMPARE(kitti.evidence, pointq::LidarFormatEvidence::ChecksFailed);

        const pointq::LidarFormatGuess scanNet = pointq::inferLidarFormat(scanPath("scannet_scene0000_00.bin"));
        QCOMPARE(scanNet.evidence, pointq::LidarFormatEvidence::ColorsAreBytes);
        QCOMPARE(scanNet.fits.back().points, int64_t(40684));
        QCOMPARE(pointq::inferLidarFormat(scanPath("nuscenes_lidar_top.pcd.bin")).evidence,
                 pointq::LidarFormatEvidence::RingsAreIntegers);

        // One KITTI point: 16 bytes fit no other record size, and the reason counts "1 point".
        QTemporaryDir dir;
        const std::string one = dir.filePath("one.bin").toStdString();
        writeBytes(one, floats({1.5f, 2.5f, 3.5f, 0.25f}));
        const pointq::LidarFormatGuess single = pointq::inferLidarFormat(one);
        QCOMPARE(single.evidence, pointq::LidarFormatEvidence::OnlyKittiFits);
        QVERIFY(!single.sizeFitsSeveral);
        QCOMPARE(single.fits.size(), size_t(1));
        QCOMPARE(single.reason, std::string("16 bytes fit KITTI (1 point), so KITTI"));
    }

    void ringsAndColoursAliveAtOnceIsAmbiguous()
    {
        QTemporaryDir dir;
        // 120 bytes of zeros: 6 nuScenes points with ring 0, or 5 x,y,z,r,g,b points in black.
        const std::string path = dir.filePath("zeros.bin").toStdString();
        writeBytes(path, std::string(120, '\0'));
        const DataError error = expectDataError([&] { pointq::inferLidarFormat(path); });
        QCOMPARE(error.file(), path);
        QVERIFY(error.detail().find("ambiguous") != std::string::npos);
        QVERIFY(error.detail().find("--lidar-format") != std::string::npos);
    }

    void sizeFittingNoLayoutIsError()
    {
        QTemporaryDir dir;
        const std::string odd = dir.filePath("odd.bin").toStdString();
        writeBytes(odd, floats({1, 2, 3}));
        QVERIFY(expectDataError([&] { pointq::inferLidarFormat(odd); }).detail().find("fits no LiDAR format")
                != std::string::npos);
        // 20 bytes whose fifth value is no ring index: nuScenes fails its check, KITTI does not fit.
        const std::string five = dir.filePath("five.bin").toStdString();
        writeBytes(five, floats({1.5f, 2.5f, 3.5f, 0.25f, 0.5f}));
        QVERIFY(expectDataError([&] { pointq::inferLidarFormat(five); }).detail().find("fail") != std::string::npos);
        const std::string empty = dir.filePath("empty.bin").toStdString();
        writeBytes(empty, "");
        QVERIFY(expectDataError([&] { pointq::inferLidarFormat(empty); }).detail().find("empty") != std::string::npos);
    }

    void readerInfersWhenAsked()
    {
        pointq::CloudReadOptions options;
        QVERIFY(expectDataError([&] { pointq::readPointCloud(scanPath("scannet_scene0000_00.bin"), options); })
                    .detail()
                    .find("auto")
                != std::string::npos);
        options.inferLidarFormat = true;
        WarningCapture capture;
        const pointq::PointCloud cloud = pointq::readPointCloud(scanPath("scannet_scene0000_00.bin"), options);
        QCOMPARE(cloud.size(), int64_t(40684));
        QVERIFY(cloud.colors.defined());
        // 976,416 bytes also fit KITTI, so the choice is a warning the user sees.
        QVERIFY(capture.contains("read as x,y,z,r,g,b"));
        // 7 KITTI points (112 bytes) fit no other record size, so the choice is only logged.
        QTemporaryDir dir;
        const std::string sevenPoints = dir.filePath("seven.bin").toStdString();
        writeBytes(sevenPoints, floats(std::vector<float>(28, 0.5f)));
        WarningCapture kittiCapture;
        QCOMPARE(pointq::readPointCloud(sevenPoints, options).size(), int64_t(7));
        QVERIFY(kittiCapture.warnings.empty());
        // A stated format wins over inference.
        options.lidarFormat = LidarFormat::Kitti;
        QCOMPARE(pointq::readPointCloud(scanPath("scannet_scene0000_00.bin"), options).size(), int64_t(61026));
    }
};

QTEST_GUILESS_MAIN(LidarFormatTest)
#include "test_lidar_format.moc"
