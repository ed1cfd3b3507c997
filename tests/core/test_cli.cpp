// End-to-end tests of the pointq command line on the bundled real fixtures.
#include "CliTestSupport.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

namespace {

const QString sourceDir = QStringLiteral(POINTQ_SOURCE_DIR);
const QString config = sourceDir + "/cfgs/modelnet40ply2048/pointnext-s.yaml";
const QString checkpoint = QStringLiteral(POINTQ_TEST_DATA_DIR) + "/parity/mn40_s_trained_weights_only.pth";
const QString h5Data = QStringLiteral(POINTQ_TEST_DATA_DIR) + "/modelnet40/modelnet40_ply_hdf5_2048";
const QString textData = QStringLiteral(POINTQ_TEST_DATA_DIR) + "/modelnet40/modelnet40_normal_resampled";

using Result = pointq::testing::CliResult;
using pointq::testing::runCli;

QStringList quickQuantize(const QString& folder)
{
    return {"quantize", "--cfg", config, "--pretrained", checkpoint, "--data", h5Data, "--limit", "24", "--calib", "8",
            "--warmup", "1", "--runs", "3", "--output", folder + "/model.pq", "--report", folder + "/report.json"};
}

// True when /proc/cpuinfo lists AVX2 and FMA, the instructions of OpenBLAS's Haswell kernels.
bool cpuHasAvx2()
{
    QFile cpuinfo("/proc/cpuinfo");
    if (!cpuinfo.open(QIODevice::ReadOnly))
        return false;
    const QString text = QString::fromUtf8(cpuinfo.readAll());
    return text.contains(QRegularExpression("\\bavx2\\b")) && text.contains(QRegularExpression("\\bfma\\b"));
}

} // namespace

class CliTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noArgumentsPrintsUsage()
    {
        const Result result = runCli({});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("pointq quantize"));
        QVERIFY(result.out.contains("pointq eval"));
        QVERIFY(result.out.contains("pointq info"));
        QCOMPARE(result.out.count("\n  pointq "), 3);
        QVERIFY(result.out.contains("pointq --help"));
    }

    void helpListsEveryCommand()
    {
        const Result result = runCli({"--help"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("pointq train"));
        QVERIFY(result.out.contains("pointq sensitivity"));
        QVERIFY(result.out.contains("bench"));
    }

    void versionNamesEnginesAndBlas()
    {
        const Result result = runCli({"--version"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("(commit "));
        QVERIFY(result.out.contains("LibTorch 1.13"));
        QVERIFY(result.out.contains("quantized engines:"));
        QVERIFY(result.out.contains("BLAS:"));
    }

    void versionShowsKernelsForThisCpu()
    {
        if (!cpuHasAvx2())
            QSKIP("this CPU has no AVX2 and FMA, so OpenBLAS's SSE kernels are the right ones");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove("OPENBLAS_CORETYPE");
        const Result result = runCli({"--version"}, 60000, environment);
        QCOMPARE(result.exitCode, 0);
        const QRegularExpression avx2Kernels("(Haswell|SkylakeX|Cooperlake|SapphireRapids|Zen|Excavator) kernels");
        QVERIFY2(result.out.contains(avx2Kernels), qPrintable(result.out));
    }

    void forcedSseKernelsAreReported()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("OPENBLAS_CORETYPE", "Prescott");
        const Result version = runCli({"--version"}, 60000, environment);
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.contains("Prescott kernels, from OPENBLAS_CORETYPE"), qPrintable(version.out));
        if (!cpuHasAvx2())
            return;
        QTemporaryDir folder;
        const Result quantize = runCli(quickQuantize(folder.path()), 600000, environment);
        QCOMPARE(quantize.exitCode, 0);
        QFile report(folder.path() + "/report.json");
        QVERIFY(report.open(QIODevice::ReadOnly));
        QVERIFY2(report.readAll().contains("OpenBLAS runs SSE kernels on this CPU although it has AVX2"),
                 qPrintable(quantize.out));
    }

    void infoPrintsLayerTree()
    {
        const Result result = runCli({"info", "--cfg", config});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("encoder.encoder.1.0.convs.0"));
        QVERIFY(result.out.contains("(1, 35, 512, 32)"));
        QVERIFY(result.out.contains("1373512 parameters"));
        QVERIFY(result.out.contains("84 state_dict keys"));
    }

    void infoAppliesOverrides()
    {
        const Result result = runCli({"info", "--cfg", config, "model.encoder_args.width=64"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("encoder.encoder.0.0.convs.0"));
        QVERIFY(result.out.contains("stage 0: stem, stride 1, radius 0.15, nsample 32, 64 channels"));
        QVERIFY(result.out.contains("out (1, 64, 1024)"));
    }

    void quantizeWritesModelAndReport()
    {
        QTemporaryDir folder;
        const Result result = runCli(quickQuantize(folder.path()));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("overall accuracy"));
        QVERIFY(result.out.contains("x smaller"));

        QFile file(folder.path() + "/report.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(report["synthetic_data"].toBool(), false);
        const QJsonObject provenance = report["provenance"].toObject();
        QCOMPARE(provenance["config_sha256"].toString().size(), 64);
        QCOMPARE(provenance["checkpoint_sha256"].toString().size(), 64);
        QVERIFY(!provenance["quantized_engine"].toString().isEmpty());
        QCOMPARE(provenance["threads"].toInt(), 2);
        for (const char* precision : {"fp32", "int8"}) {
            const QJsonObject measurement = report[precision].toObject();
            QVERIFY(measurement["overall_accuracy"].isDouble());
            QVERIFY(measurement["mean_class_accuracy"].isDouble());
            QVERIFY(measurement["size_bytes"].toDouble() > 0);
            const QJsonObject latency = measurement["latency"].toObject();
            QVERIFY(latency["median_ms"].toDouble() > 0);
            QVERIFY(latency["p10_ms"].toDouble() <= latency["p90_ms"].toDouble());
            QCOMPARE(latency["timed_runs"].toInt(), 3);
            QCOMPARE(latency["batch_size"].toInt(), 1);
        }
        const QJsonObject comparison = report["comparison"].toObject();
        QVERIFY(comparison["top1_agreement"].toDouble() >= 0.8);
        QVERIFY(comparison["logit_sqnr_db"].toDouble() > 15);
        QVERIFY(comparison["size_ratio"].toDouble() > 3.9);
        QCOMPARE(report["layers"].toArray().size(), 18);
        QCOMPARE(report["settings"].toObject()["evaluated_clouds"].toInt(), 24);
        QVERIFY(QFile::exists(folder.path() + "/model.pq"));
    }

    void savedModelReloadsToSameLogits()
    {
        QTemporaryDir folder;
        QVERIFY(runCli(quickQuantize(folder.path())).exitCode == 0);
        const QStringList evalArguments{"eval", "--model", folder.path() + "/model.pq", "--data", h5Data, "--limit", "24"};
        const Result first = runCli(evalArguments + QStringList{"--logits", folder.path() + "/a.npy"});
        const Result second = runCli(evalArguments + QStringList{"--logits", folder.path() + "/b.npy"});
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        QFile a(folder.path() + "/a.npy");
        QFile b(folder.path() + "/b.npy");
        QVERIFY(a.open(QIODevice::ReadOnly));
        QVERIFY(b.open(QIODevice::ReadOnly));
        const QByteArray bytes = a.readAll();
        QVERIFY(bytes.size() > 24 * 40 * 4);
        QCOMPARE(bytes, b.readAll());
    }

    void evalDumpsEveryStage()
    {
        QTemporaryDir folder;
        const Result result = runCli({"eval", "--cfg", config, "--pretrained", checkpoint, "--data", textData,
                                      "--dump-stages", folder.path() + "/stages"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        for (int stage = 0; stage <= 5; ++stage) {
            QVERIFY(QFile::exists(folder.path() + QString("/stages/stage%1_pos.npy").arg(stage)));
            QVERIFY(QFile::exists(folder.path() + QString("/stages/stage%1_feat.npy").arg(stage)));
        }
        for (int stage = 1; stage <= 4; ++stage) {
            QVERIFY(QFile::exists(folder.path() + QString("/stages/stage%1_fps_idx.npy").arg(stage)));
            QVERIFY(QFile::exists(folder.path() + QString("/stages/stage%1_bq_idx.npy").arg(stage)));
        }
    }

    void syntheticDataIsAnnounced()
    {
        QTemporaryDir folder;
        const Result result = runCli({"quantize", "--cfg", config, "--pretrained", checkpoint, "--synthetic", "8",
                                      "--calib", "4", "--warmup", "0", "--runs", "1", "--report", folder.path() + "/r.json"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("SYNTHETIC"));
        QVERIFY(result.err.contains("SYNTHETIC"));
        QFile file(folder.path() + "/r.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(report["synthetic_data"].toBool(), true);
        QCOMPARE(report["provenance"].toObject()["data"].toString(), QString("SYNTHETIC"));
    }

    void listCommandsNamesEveryCommand()
    {
        const Result result = runCli({"--list-commands"});
        QCOMPARE(result.exitCode, 0);
        const QStringList names = result.out.split('\n', Qt::SkipEmptyParts);
        for (const char* command : {"quantize", "eval", "info", "bench"})
            QVERIFY2(names.contains(command), qPrintable(result.out));
        for (const QString& name : names)
            QCOMPARE(runCli({name, "--help"}).exitCode, 0);
    }

    void errorsNameTheProblem_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown command") << QStringList{"quantise"} << 2 << "unknown command 'quantise'";
        QTest::newRow("misspelled command suggests") << QStringList{"quantise"} << 2 << "did you mean 'quantize'?";
        QTest::newRow("misspelled option suggests") << QStringList{"info", "--cfgs", config} << 2
                                                    << "unknown option --cfgs; did you mean --cfg?";
        QTest::newRow("missing cfg") << QStringList{"quantize", "--data", h5Data} << 2 << "--cfg is required";
        QTest::newRow("missing data") << QStringList{"quantize", "--cfg", config} << 2 << "--data is required";
        QTest::newRow("unknown option") << QStringList{"info", "--cfg", config, "--colour"} << 2 << "unknown option --colour";
        QTest::newRow("config not found") << QStringList{"info", "--cfg", "/nonexistent/x.yaml"} << 1 << "/nonexistent/x.yaml";
        QTest::newRow("bad override") << QStringList{"info", "--cfg", config, "model.encoder_args.width=abc"} << 1
                                      << "model.encoder_args.width";
        QTest::newRow("checkpoint not found")
            << QStringList{"eval", "--cfg", config, "--pretrained", "/nonexistent/m.pth", "--data", h5Data} << 1
            << "/nonexistent/m.pth";
        QTest::newRow("data not found")
            << QStringList{"eval", "--cfg", config, "--pretrained", checkpoint, "--data", "/nonexistent/data"} << 1
            << "/nonexistent/data";
        QTest::newRow("model file is a checkpoint")
            << QStringList{"eval", "--model", checkpoint, "--data", h5Data} << 1 << "not a PointQ quantized model";
        QTest::newRow("output folder missing")
            << QStringList{"quantize", "--cfg", config, "--data", h5Data, "--output", "/nonexistent/folder/m.pq"} << 1
            << "the folder /nonexistent/folder does not exist";
        QTest::newRow("report folder missing")
            << QStringList{"quantize", "--cfg", config, "--data", h5Data, "--report", "/nonexistent/folder/r.json"} << 1
            << "the folder /nonexistent/folder does not exist";
        QTest::newRow("bad sampling") << QStringList{"eval", "--cfg", config, "--data", h5Data, "--sampling", "random"} << 2
                                      << "--sampling must be first or fps";
    }

    void errorsNameTheProblem()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        const Result result = runCli(arguments);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.err.contains(expected), qPrintable(result.err));
    }

    void shortCloudNeedsRepeatShort()
    {
        const QString shortCloud = QStringLiteral(POINTQ_TEST_DATA_DIR) + "/scans/bunny.pcd";
        const QStringList arguments{"eval", "--cfg", config, "--pretrained", checkpoint, "--data", shortCloud};
        const Result rejected = runCli(arguments);
        QCOMPARE(rejected.exitCode, 1);
        QVERIFY2(rejected.err.contains("fewer than the 1024"), qPrintable(rejected.err));
        QVERIFY2(rejected.err.contains("--repeat-short"), qPrintable(rejected.err));

        const Result padded = runCli(arguments + QStringList{"--repeat-short"});
        QCOMPARE(padded.exitCode, 0);
        QVERIFY2(padded.out.contains("bunny: class"), qPrintable(padded.out));
    }

    void misspelledOverrideKeyWarns()
    {
        const Result result = runCli({"info", "--cfg", config, "model.encoder_args.widht=64"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.contains("adds the key model.encoder_args.widht"), qPrintable(result.err));
        QVERIFY(result.err.contains("check its spelling"));
    }

    void unknownSkipWordLeavesNoFile()
    {
        QTemporaryDir folder;
        QStringList arguments = quickQuantize(folder.path());
        arguments << "--skip" << "stage9";
        const Result result = runCli(arguments);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("'stage9' matches no layer"), qPrintable(result.err));
        QVERIFY(!QFile::exists(folder.path() + "/model.pq"));
        QVERIFY(!QFile::exists(folder.path() + "/report.json"));
    }

    void skipKeepsLayersInFloat()
    {
        QTemporaryDir folder;
        QStringList arguments = quickQuantize(folder.path());
        arguments << "--skip" << "stage1,head";
        const Result result = runCli(arguments);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("12 of 18 INT8"));
        QFile file(folder.path() + "/report.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray layers = QJsonDocument::fromJson(file.readAll()).object()["layers"].toArray();
        int floatLayers = 0;
        for (const auto& layer : layers)
            floatLayers += layer.toObject()["precision"].toString() == "fp32" ? 1 : 0;
        QCOMPARE(floatLayers, 6);
    }

    void skipFileKeepsLayersInFloat()
    {
        QTemporaryDir folder;
        QFile skipFile(folder.path() + "/skip.yaml");
        QVERIFY(skipFile.open(QIODevice::WriteOnly));
        skipFile.write("skip:\n  - stage1\n");
        skipFile.close();
        QStringList arguments = quickQuantize(folder.path());
        // NOTE: one thread, because LibTorch 1.13's onednn INT8 path failed with two
        // ("could not create a primitive descriptor for a reorder primitive") on a
        // 2-core machine, which has nothing to do with skip files.
        arguments << "--skip-file" << skipFile.fileName() << "--skip" << "head" << "--threads" << "1";
        const Result result = runCli(arguments);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY2(result.out.contains("12 of 18 INT8"), qPrintable(result.out));
        QFile report(folder.path() + "/report.json");
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QJsonArray layers = QJsonDocument::fromJson(report.readAll()).object()["layers"].toArray();
        int layersWithSqnr = 0;
        for (const auto& layer : layers)
            layersWithSqnr += layer.toObject().contains("sqnr_db") ? 1 : 0;
        QCOMPARE(layersWithSqnr, 12);
    }

    void invalidSkipFileNamesLine()
    {
        QTemporaryDir folder;
        QFile skipFile(folder.path() + "/skip.yaml");
        QVERIFY(skipFile.open(QIODevice::WriteOnly));
        skipFile.write("# kept in FP32\nskip: stage1\n");
        skipFile.close();
        QStringList arguments = quickQuantize(folder.path());
        arguments << "--skip-file" << skipFile.fileName();
        const Result result = runCli(arguments);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("skip.yaml: line 2"), qPrintable(result.err));
        QVERIFY(!QFile::exists(folder.path() + "/model.pq"));
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "test_cli.moc"
