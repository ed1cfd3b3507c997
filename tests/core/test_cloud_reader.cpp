#include "CloudTestSupport.h"

#include "io/CloudReader.h"
#include "io/Npy.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace cloudtest;
using pointq::CloudReadOptions;
using pointq::DataError;

namespace {

std::string ioPath(const std::string& name)
{
    return std::string(POINTQ_TEST_DATA_DIR) + "/io/" + name;
}

} // namespace

class CloudReaderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dispatchesByExtension()
    {
        QCOMPARE(pointq::readPointCloud(scanPath("bunny_binary.ply")).size(), int64_t(2885));
        QCOMPARE(pointq::readPointCloud(scanPath("bunny.pcd")).size(), int64_t(397));
        CloudReadOptions options;
        options.lidarFormat = pointq::LidarFormat::Kitti;
        QCOMPARE(pointq::readPointCloud(scanPath("kitti_000008.bin"), options).size(), int64_t(17238));
        const std::string text = std::string(POINTQ_TEST_DATA_DIR) +
                                 "/modelnet40/modelnet40_normal_resampled/airplane/airplane_0126.txt";
        QCOMPARE(pointq::readPointCloud(text).size(), int64_t(10000));
    }

    void extensionIsCaseInsensitive()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("BUNNY.PCD").toStdString();
        writeBytes(path, readBytes(scanPath("bunny.pcd")));
        QCOMPARE(pointq::readPointCloud(path).size(), int64_t(397));
    }

    void binWithoutFormatFails()
    {
        const std::string path = scanPath("kitti_000008.bin");
        const DataError error = expectDataError([&] { pointq::readPointCloud(path); });
        QCOMPARE(error.file(), path);
        QVERIFY(error.detail().find("KITTI") != std::string::npos);
        QVERIFY(error.detail().find("nuScenes") != std::string::npos);
    }

    void unknownExtensionFails()
    {
        const DataError error = expectDataError([] { pointq::readPointCloud("/tmp/cloud.las"); });
        QVERIFY(error.detail().find("'.las'") != std::string::npos);
    }

    void npyColumnRule()
    {
        QTemporaryDir dir;
        const std::string six = dir.filePath("six.npy").toStdString();
        pointq::writeNpy(six, at::arange(12, at::kFloat).reshape({2, 6}));
        const pointq::PointCloud normals = pointq::readPointCloud(six);
        QCOMPARE(normals.size(), int64_t(2));
        QCOMPARE(normals.normals[1][0].item<float>(), 9.0f);
        QVERIFY(!normals.intensity.defined());

        const std::string four = dir.filePath("four.npy").toStdString();
        pointq::writeNpy(four, at::arange(8, at::kDouble).reshape({2, 4}));
        const pointq::PointCloud intensity = pointq::readPointCloud(four);
        QCOMPARE(intensity.intensity[1].item<float>(), 7.0f);
        QCOMPARE(intensity.positions.scalar_type(), at::kFloat);

        const std::string five = dir.filePath("five.npy").toStdString();
        pointq::writeNpy(five, at::zeros({3, 5}, at::kFloat));
        WarningCapture capture;
        QCOMPARE(pointq::readPointCloud(five).size(), int64_t(3));
        QVERIFY(capture.contains("5 columns"));
    }

    void npyWrongShapeOrTypeFails()
    {
        QTemporaryDir dir;
        const std::string flat = dir.filePath("flat.npy").toStdString();
        pointq::writeNpy(flat, at::zeros({6}, at::kFloat));
        QVERIFY(expectDataError([&] { pointq::readPointCloud(flat); }).detail().find("(N, C)") != std::string::npos);
        const std::string narrow = dir.filePath("narrow.npy").toStdString();
        pointq::writeNpy(narrow, at::zeros({4, 2}, at::kFloat));
        QVERIFY(expectDataError([&] { pointq::readPointCloud(narrow); }).detail().find("C >= 3") != std::string::npos);
        const std::string integers = dir.filePath("integers.npy").toStdString();
        pointq::writeNpy(integers, at::zeros({4, 3}, at::kInt));
        QVERIFY(expectDataError([&] { pointq::readPointCloud(integers); }).detail().find("float32 or float64") !=
                std::string::npos);
    }

    void npzPicksNamedOrOnlyArray()
    {
        const pointq::PointCloud named = pointq::readPointCloud(ioPath("cloud_points.npz"));
        QCOMPARE(named.size(), int64_t(5));
        QCOMPARE(named.positions[4][2].item<float>(), 12.0f);

        const pointq::PointCloud single = pointq::readPointCloud(ioPath("cloud_single.npz"));
        QCOMPARE(single.size(), int64_t(4));
        QCOMPARE(single.positions[3][1].item<float>(), 3.5f);
        QCOMPARE(single.normals[3][2].item<float>(), 1.0f);
    }

    void npzWithoutCloudArrayListsNames()
    {
        const std::string path = ioPath("mn40_s_io_subset_stored.npz");
        const DataError error = expectDataError([&] { pointq::readPointCloud(path); });
        QCOMPARE(error.file(), path);
        QVERIFY(error.detail().find("logits") != std::string::npos);
        QVERIFY(error.detail().find("centroid") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(CloudReaderTest)
#include "test_cloud_reader.moc"
