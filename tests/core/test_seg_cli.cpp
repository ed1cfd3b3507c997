// End-to-end tests of pointq info and pointq quantize on segmentation configs and scenes.
#include "CliTestSupport.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

namespace {

const QString sourceDir = QStringLiteral(POINTQ_SOURCE_DIR);
const QString s3disConfig = sourceDir + "/cfgs/s3dis/pointnext-s.yaml";
const QString scans = QStringLiteral(POINTQ_TEST_DATA_DIR) + "/scans";

using Result = pointq::testing::CliResult;

Result runCli(const QStringList& arguments)
{
    return pointq::testing::runCli(arguments, 900000);
}

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class SegCliTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void infoBuildsSegmentationConfigs_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("decoder");
        QTest::newRow("s3dis pointnext-s") << "s3dis/pointnext-s.yaml" << "decoder: PointNextDecoder";
        QTest::newRow("s3dis pointnext-b") << "s3dis/pointnext-b.yaml" << "decoder: PointNextDecoder";
        QTest::newRow("shapenetpart pointnext-s") << "shapenetpart/pointnext-s.yaml" << "decoder: PointNextPartDecoder";
    }

    void infoBuildsSegmentationConfigs()
    {
        QFETCH(QString, config);
        QFETCH(QString, decoder);
        const Result result = runCli({"info", "--cfg", sourceDir + "/cfgs/" + config, "--points", "512"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.contains(decoder));
        QVERIFY(result.out.contains("decoder.decoder.0.0.convs.0"));
        QVERIFY(result.out.contains("head.head.2"));
    }

    void infoRejectsPointNet2Encoder()
    {
        const Result result = runCli({"info", "--cfg", sourceDir + "/cfgs/modelnet40ply2048/pointnet++.yaml"});
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains("PointNet2Encoder"), qPrintable(result.err));
    }

    void quantizeScoresLabelledScene()
    {
        // The 100-point S3DIS sample is too small for four stride-4 stages, so the
        // strides are halved; voxels of 1 cm keep nearly every point.
        QTemporaryDir dir;
        const QString report = dir.filePath("seg.json");
        const Result result =
            runCli({"quantize", "--cfg", s3disConfig, "--data", scans + "/s3dis_area1_office2_points.bin", "--lidar-format",
                    "auto", "--calib", "2", "--warmup", "0", "--runs", "2", "--report", report,
                    "model.encoder_args.strides=[1,2,2,2,2]", "dataset.common.voxel_size=0.01"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("mIoU (%)"));
        QVERIFY(result.out.contains("s3dis_area1_office2_semantic.bin"));
        QVERIFY(result.out.contains("random weights"));
        const QJsonObject segmentation = readJson(report)["segmentation"].toObject();
        QVERIFY(segmentation["labelled"].toBool());
        QCOMPARE(segmentation["points"].toInt(), 100);
        QVERIFY(segmentation["fp32"].toObject().contains("mean_iou"));
        QCOMPARE(segmentation["fp32"].toObject()["class_iou"].toArray().size(), 13);
        QCOMPARE(segmentation["fp32"].toObject()["class_iou"].toArray()[0].toObject()["name"].toString(),
                 QString("ceiling"));
        QVERIFY(segmentation.contains("mean_iou_delta"));
        const double agreement = segmentation["point_agreement"].toDouble();
        QVERIFY(agreement >= 0.0 && agreement <= 1.0);
    }

    void quantizeRejectsTooSmallScene()
    {
        // 100 points cannot pass four stride-4 stages (256 points needed).
        const Result result = runCli({"quantize", "--cfg", s3disConfig, "--data", scans + "/s3dis_area1_office2_points.bin",
                                      "--lidar-format", "xyzrgb"});
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains("need at least 256"), qPrintable(result.err));
    }

    void quantizeUnlabelledSceneComparesWithFloat()
    {
        QTemporaryDir dir;
        const QString report = dir.filePath("scannet.json");
        const Result result =
            runCli({"quantize", "--cfg", s3disConfig, "--data", scans + "/scannet_scene0000_00.bin", "--lidar-format",
                    "xyzrgb", "--votes", "1", "--calib", "1", "--warmup", "0", "--runs", "1", "--report", report,
                    "dataset.common.voxel_size=0.2"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("no labels"));
        QVERIFY(result.out.contains("--votes 1 feeds fewer passes"));
        const QJsonObject segmentation = readJson(report)["segmentation"].toObject();
        QVERIFY(!segmentation["labelled"].toBool());
        QCOMPARE(segmentation["points"].toInt(), 40684);
        QCOMPARE(segmentation["voting_passes"].toInt(), 1);
        QVERIFY(segmentation["int8_against_fp32"].toObject().contains("mean_iou"));
    }

    void badLidarFormatIsUsageError()
    {
        const Result result = runCli({"quantize", "--cfg", s3disConfig, "--data", scans + "/scannet_scene0000_00.bin",
                                      "--lidar-format", "xyz"});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("--lidar-format must be kitti, nuscenes, xyzrgb or auto"));
    }

    void sceneWithoutColoursIsError()
    {
        const Result result = runCli({"quantize", "--cfg", s3disConfig, "--data", scans + "/kitti_000008.bin",
                                      "--lidar-format", "kitti"});
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains("no colours"), qPrintable(result.err));
    }

    void evalPointsSegmentationToQuantize()
    {
        const Result result = runCli({"eval", "--cfg", s3disConfig, "--data", scans + "/scannet_scene0000_00.bin",
                                      "--lidar-format", "xyzrgb"});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("use pointq quantize"));
    }
};

QTEST_GUILESS_MAIN(SegCliTest)
#include "test_seg_cli.moc"
