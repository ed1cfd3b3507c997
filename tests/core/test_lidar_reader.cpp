#include "CloudTestSupport.h"

#include "io/LidarBinReader.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cstring>

using namespace cloudtest;
using pointq::DataError;
using pointq::LidarFormat;

class LidarReaderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kittiFrameHasIntensity()
    {
        WarningCapture capture;
        const pointq::PointCloud cloud = pointq::readLidarBin(scanPath("kitti_000008.bin"), LidarFormat::Kitti);
        QCOMPARE(cloud.size(), int64_t(17238));
        QCOMPARE(cloud.intensity.size(0), int64_t(17238));
        QVERIFY(!cloud.colors.defined());
        QVERIFY(capture.warnings.empty());
    }

    void nuScenesSweepHasPlausibleRings()
    {
        WarningCapture capture;
        const pointq::PointCloud cloud =
            pointq::readLidarBin(scanPath("nuscenes_lidar_top.pcd.bin"), LidarFormat::NuScenes);
        QCOMPARE(cloud.size(), int64_t(34688));
        QVERIFY(cloud.intensity.defined());
        QVERIFY(capture.warnings.empty());
    }

    void indoorScansHaveColors()
    {
        const pointq::PointCloud scannet =
            pointq::readLidarBin(scanPath("scannet_scene0000_00.bin"), LidarFormat::XyzRgb);
        QCOMPARE(scannet.size(), int64_t(40684));
        QVERIFY(scannet.colors.max().item<float>() <= 255.0f);
        QVERIFY(scannet.colors.min().item<float>() >= 0.0f);
        QVERIFY(!scannet.intensity.defined());
        const pointq::PointCloud s3dis =
            pointq::readLidarBin(scanPath("s3dis_area1_office2_points.bin"), LidarFormat::XyzRgb);
        QCOMPARE(s3dis.size(), int64_t(100));

        // The label file beside it contains one int64 S3DIS class (0..12) per point.
        const std::string labels = readBytes(scanPath("s3dis_area1_office2_semantic.bin"));
        QCOMPARE(labels.size(), size_t(100 * sizeof(int64_t)));
        for (size_t i = 0; i < 100; ++i) {
            int64_t label = 0;
            std::memcpy(&label, labels.data() + i * sizeof(int64_t), sizeof(int64_t));
            QVERIFY(label >= 0 && label < 13);
        }
    }

    void ambiguousFileFollowsChosenFormat()
    {
        const std::string path = bugCasePath("lidar_4col_1000pts_ambiguous.bin");
        WarningCapture kittiCapture;
        QCOMPARE(pointq::readLidarBin(path, LidarFormat::Kitti).size(), int64_t(1000));
        QVERIFY(kittiCapture.warnings.empty());

        WarningCapture nuScenesCapture;
        QCOMPARE(pointq::readLidarBin(path, LidarFormat::NuScenes).size(), int64_t(800));
        QVERIFY(nuScenesCapture.contains("may be KITTI"));
    }

    void indivisibleSizeIsError()
    {
        const std::string path = bugCasePath("lidar_4col_1003pts.bin");
        QCOMPARE(pointq::readLidarBin(path, LidarFormat::Kitti).size(), int64_t(1003));
        const DataError error = expectDataError([&] { pointq::readLidarBin(path, LidarFormat::NuScenes); });
        QCOMPARE(error.file(), path);
        QVERIFY(error.detail().find("16048 bytes") != std::string::npos);
        QVERIFY(error.detail().find("5 float32 columns") != std::string::npos);
    }

    void emptyAndMissingFilesFail()
    {
        QTemporaryDir dir;
        const std::string empty = dir.filePath("empty.bin").toStdString();
        writeBytes(empty, "");
        const DataError none = expectDataError([&] { pointq::readLidarBin(empty, LidarFormat::Kitti); });
        QVERIFY(none.detail().find("no points") != std::string::npos);
        const DataError missing = expectDataError([] { pointq::readLidarBin("/nonexistent/a.bin", LidarFormat::Kitti); });
        QCOMPARE(missing.file(), std::string("/nonexistent/a.bin"));
    }
};

QTEST_GUILESS_MAIN(LidarReaderTest)
#include "test_lidar_reader.moc"
