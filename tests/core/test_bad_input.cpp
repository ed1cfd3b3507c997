// Bad-input cases of the cloud readers that docs/bad-input.md lists and the
// per-format reader tests do not already cover.
#include "CloudTestSupport.h"

#include "io/CloudReader.h"
#include "io/LidarBinReader.h"
#include "io/Npy.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <limits>

using namespace cloudtest;
using pointq::DataError;

namespace {

std::string floats(const std::vector<float>& values)
{
    std::string bytes(values.size() * sizeof(float), '\0');
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

const float notANumber = std::numeric_limits<float>::quiet_NaN();
const float infinity = std::numeric_limits<float>::infinity();

} // namespace

class BadInputTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lidarNonFinitePointsAreDropped()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("nan.bin").toStdString();
        writeBytes(path, floats({1, 2, 3, 0.5f, notANumber, 0, 0, 0.5f, 4, 5, 6, 0.5f, 0, infinity, 0, 0.5f}));
        WarningCapture capture;
        const pointq::PointCloud cloud = pointq::readLidarBin(path, pointq::LidarFormat::Kitti);
        QCOMPARE(cloud.size(), int64_t(2));
        QCOMPARE(cloud.positions[1][0].item<float>(), 4.0f);
        QCOMPARE(cloud.intensity.size(0), int64_t(2));
        QVERIFY(capture.contains("dropped 2 of 4 points"));
    }

    void lidarOnlyNonFinitePointsIsError()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("allnan.bin").toStdString();
        writeBytes(path, floats({notANumber, 0, 0, 1}));
        QVERIFY(expectDataError([&] { pointq::readLidarBin(path, pointq::LidarFormat::Kitti); })
                    .detail()
                    .find("every point has a NaN")
                != std::string::npos);
    }

    void npyNonFiniteRowsAreDropped()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("nan.npy").toStdString();
        pointq::writeNpy(path, at::tensor({1.0f, 2.0f, 3.0f, notANumber, 0.0f, 0.0f, 4.0f, 5.0f, 6.0f}).view({3, 3}));
        WarningCapture capture;
        const pointq::PointCloud cloud = pointq::readPointCloud(path);
        QCOMPARE(cloud.size(), int64_t(2));
        QVERIFY(capture.contains("dropped 1 of 3 rows"));
    }

    void npyOnlyNonFiniteOrNoRowsIsError()
    {
        QTemporaryDir dir;
        const std::string allNan = dir.filePath("allnan.npy").toStdString();
        pointq::writeNpy(allNan, at::full({2, 3}, notANumber));
        QVERIFY(expectDataError([&] { pointq::readPointCloud(allNan); }).detail().find("every row") != std::string::npos);
        const std::string empty = dir.filePath("empty.npy").toStdString();
        pointq::writeNpy(empty, at::zeros({0, 3}));
        QVERIFY(expectDataError([&] { pointq::readPointCloud(empty); }).detail().find("0 rows") != std::string::npos);
    }

    void plyWithoutVerticesIsError()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("empty.ply").toStdString();
        writeBytes(path, "ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\nproperty float y\n"
                         "property float z\nend_header\n");
        QVERIFY(expectDataError([&] { pointq::readPointCloud(path); }).detail().find("no points") != std::string::npos);
    }

    void plyUnknownPropertiesAreIgnored()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("extra.ply").toStdString();
        writeBytes(path, "ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float confidence\n"
                         "property float y\nproperty float z\nend_header\n1 0.9 2 3\n4 0.8 5 6\n");
        const pointq::PointCloud cloud = pointq::readPointCloud(path);
        QCOMPARE(cloud.size(), int64_t(2));
        QCOMPARE(cloud.positions[1][1].item<float>(), 5.0f);
        QVERIFY(!cloud.colors.defined());
    }

    void plyNonFiniteVertexIsDropped()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("nan.ply").toStdString();
        writeBytes(path, "ply\nformat binary_little_endian 1.0\nelement vertex 2\nproperty float x\nproperty float y\n"
                         "property float z\nend_header\n" + floats({notANumber, 1, 2, 3, 4, 5}));
        WarningCapture capture;
        QCOMPARE(pointq::readPointCloud(path).size(), int64_t(1));
        QVERIFY(capture.contains("dropped 1 vertices"));
    }

    void pcdWithoutPointsIsError()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("empty.pcd").toStdString();
        writeBytes(path, "VERSION .7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH 0\nHEIGHT 1\n"
                         "POINTS 0\nDATA ascii\n");
        QVERIFY(expectDataError([&] { pointq::readPointCloud(path); }).detail().find("no points") != std::string::npos);
    }

    void pcdUnknownFieldsAreIgnored()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("extra.pcd").toStdString();
        writeBytes(path, "VERSION .7\nFIELDS x confidence y z\nSIZE 4 4 4 4\nTYPE F F F F\nCOUNT 1 1 1 1\nWIDTH 2\n"
                         "HEIGHT 1\nPOINTS 2\nDATA ascii\n1 0.5 2 3\n4 0.5 5 6\n");
        const pointq::PointCloud cloud = pointq::readPointCloud(path);
        QCOMPARE(cloud.size(), int64_t(2));
        QCOMPARE(cloud.positions[1][2].item<float>(), 6.0f);
    }
};

QTEST_GUILESS_MAIN(BadInputTest)
#include "test_bad_input.moc"
