// End-to-end tests of `pointq train`: a tiny seeded run and the error paths.
#include "CliTestSupport.h"

#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

namespace {

const QString demoConfig = QStringLiteral(POINTQ_SOURCE_DIR) + "/cfgs/pointnext-demo/pointnext-demo.yaml";
const QString tinyData = "procedural:classes=3,train=6,test=4,points=128,seed=3";

using Result = pointq::testing::CliResult;
using pointq::testing::runCli;

QStringList tinyTrain(const QString& config, const QString& data, const QString& output)
{
    return {"train", "--cfg", config, "--data", data, "--output", output, "--epochs", "2", "--batch-size", "4",
            "--seed", "1", "--val-split", "0.2", "num_points=128", "model.encoder_args.width=8",
            "model.encoder_args.nsample=8", "model.cls_args.mlps=[32]", "model.cls_args.num_classes=3"};
}

} // namespace

class TrainCliTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trainPrintsEpochsAndWritesCheckpoint()
    {
        QTemporaryDir folder;
        const Result result = runCli(tinyTrain(demoConfig, tinyData, folder.path() + "/best.pth"));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("epoch   1/2"));
        QVERIFY(result.out.contains("loss "));
        QVERIFY(result.out.contains("lr "));
        QVERIFY(result.out.contains("left "));
        QVERIFY(result.out.contains("test accuracy of the best checkpoint"));
        QVERIFY(result.out.contains("SYNTHETIC"));
        QVERIFY(QFile::exists(folder.path() + "/best.pth"));
    }

    void trainedCheckpointEvaluatesOnProceduralData()
    {
        QTemporaryDir folder;
        const QString checkpoint = folder.path() + "/best.pth";
        QCOMPARE(runCli(tinyTrain(demoConfig, tinyData, checkpoint)).exitCode, 0);
        const Result result = runCli({"eval", "--cfg", demoConfig, "--pretrained", checkpoint, "--data", tinyData,
                                      "num_points=128", "model.encoder_args.width=8", "model.encoder_args.nsample=8",
                                      "model.cls_args.mlps=[32]", "model.cls_args.num_classes=3"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY2((result.out + result.err).contains("SYNTHETIC"), qPrintable(result.out));
        QVERIFY2(result.out.contains("12"), qPrintable(result.out));
    }

    void trainRejectsMissingConfig()
    {
        QTemporaryDir folder;
        const Result result = runCli(tinyTrain(folder.path() + "/absent.yaml", tinyData, folder.path() + "/best.pth"));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("absent.yaml"), qPrintable(result.err));
        QVERIFY(!QFile::exists(folder.path() + "/best.pth"));
    }

    void trainRejectsBadDataSpec()
    {
        QTemporaryDir folder;
        const Result result = runCli(tinyTrain(demoConfig, "procedural:classes=3,shapes=2", folder.path() + "/best.pth"));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("unknown key 'shapes'"), qPrintable(result.err));
        QVERIFY(!QFile::exists(folder.path() + "/best.pth"));
    }

    void trainRejectsMissingDataFolder()
    {
        QTemporaryDir folder;
        const Result result = runCli(tinyTrain(demoConfig, folder.path() + "/no-data", folder.path() + "/best.pth"));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("no such file or folder"), qPrintable(result.err));
    }

    void trainRejectsUnwritableOutput()
    {
        QTemporaryDir folder;
        const Result result = runCli(tinyTrain(demoConfig, tinyData, folder.path() + "/missing-folder/best.pth"));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("does not exist"), qPrintable(result.err));
    }

    void trainRequiresOutput()
    {
        const Result result = runCli({"train", "--cfg", demoConfig, "--data", tinyData});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("--output is required"), qPrintable(result.err));
    }

    void qatRequiresPretrained()
    {
        QTemporaryDir folder;
        QStringList arguments = tinyTrain(demoConfig, tinyData, folder.path() + "/qat.pq");
        arguments << "--qat";
        const Result result = runCli(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("--pretrained"), qPrintable(result.err));
    }

    void trainRejectsTooManyClasses()
    {
        QTemporaryDir folder;
        QStringList arguments = tinyTrain(demoConfig, "procedural:classes=5,train=2,test=1,points=128", folder.path() + "/b.pth");
        const Result result = runCli(arguments);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("num_classes"), qPrintable(result.err));
    }
};

QTEST_GUILESS_MAIN(TrainCliTest)
#include "test_train_cli.moc"
