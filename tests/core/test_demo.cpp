// The bundled default: the demo model and its real ModelNet40 clouds, split by shape.
// It must load, classify its held-out shapes well above chance, and `pointq quantize`
// must calibrate it on training shapes only when asked to.
#include "CliTestSupport.h"

#include "common/Errors.h"
#include "common/Resources.h"
#include "data/Dataset.h"
#include "eval/Evaluation.h"
#include "eval/Metrics.h"
#include "eval/QuantizeJob.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <set>
#include <string>

using namespace pointq;
namespace fs = std::filesystem;

namespace {

std::set<std::string> shapeNames(const std::string& listFile)
{
    std::set<std::string> names;
    for (const ListEntry& entry : readNameList(listFile))
        names.insert(entry.name);
    return names;
}

} // namespace

class DemoTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { unsetenv("POINTQ_DATA_DIR"); }

    void splitsShareNoShape()
    {
        const BundledDefaults defaults = findBundledDefaults();
        const std::set<std::string> train = shapeNames(defaults.data + "/ply_data_train_0_id2name.txt");
        const std::set<std::string> test = shapeNames(defaults.data + "/ply_data_test_0_id2name.txt");
        QCOMPARE(train.size(), size_t(41));
        QCOMPARE(test.size(), size_t(21));
        for (const std::string& name : test)
            QVERIFY2(train.count(name) == 0, name.c_str());
    }

    void heldOutAccuracyIsWellAboveChance()
    {
        const BundledDefaults defaults = findBundledDefaults();
        const LoadedModel loaded = loadModel(defaults.config, {}, defaults.checkpoint);
        DataOptions options;
        options.path = defaults.data;
        const EvaluationData data = loadEvaluationData(options, loaded.dataset, loaded.args.encoder.inChannels, JobContext{});
        QCOMPARE(data.classNames.size(), size_t(9));
        QCOMPARE(data.inputs.pos.size(0), int64_t(21));
        QCOMPARE(data.inputs.pos.size(1), int64_t(1024));
        loaded.model->eval();
        const at::Tensor logits = predictLogits([&](const ModelInput& input) { return loaded.model->forward(input); },
                                                data.inputs, 8, JobContext{}, "evaluating");
        const ClassificationMetrics metrics = classificationMetrics(logits, data.inputs.labels);
        // Chance is 1 in 9 (11%). The recorded figure is in resources/demo/README.md.
        QVERIFY2(metrics.overallAccuracy >= 0.5, std::to_string(metrics.overallAccuracy).c_str());
        QCOMPARE(metrics.classesPresent, int64_t(9));
    }

    void quantizeCalibratesOnTheTrainSplit()
    {
        const BundledDefaults defaults = findBundledDefaults();
        QTemporaryDir folder;
        const QString report = folder.path() + "/report.json";
        const testing::CliResult result = testing::runCli(
            {"quantize", "--cfg", QString::fromStdString(defaults.config), "--pretrained",
             QString::fromStdString(defaults.checkpoint), "--data", QString::fromStdString(defaults.data),
             "--calib-split", "train", "--runs", "2", "--warmup", "1", "--report", report});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY2(result.out.contains("21 evaluated; calibration on the first 32 of the train split"), qPrintable(result.out));
        QVERIFY2(result.out.contains("ply_data_train0.h5") || result.out.contains("train split"), qPrintable(result.out));
        QFile file(report);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(file.readAll().contains("\"calibration_split\": \"train\""), qPrintable(report));
    }

    void calibrationSplitMustDifferFromTheEvaluatedClouds()
    {
        // A single cloud file has no splits, so both reads give the same cloud.
        const BundledDefaults defaults = findBundledDefaults();
        QuantizeJobSettings settings;
        settings.configPath = defaults.config;
        settings.checkpointPath = defaults.checkpoint;
        settings.data.path = std::string(POINTQ_TEST_DATA_DIR) + "/modelnet40/modelnet40_normal_resampled/airplane/airplane_0126.txt";
        settings.calibrationSplit = "train";
        settings.timedRuns = 1;
        settings.warmupRuns = 0;
        try {
            runQuantizeJob(settings, JobContext{});
            QFAIL("expected DataError");
        } catch (const DataError& error) {
            const std::string message = error.what();
            QVERIFY2(message.find("reads the same clouds as the evaluation") != std::string::npos, message.c_str());
            QVERIFY2(message.find("airplane_0126.txt") != std::string::npos, message.c_str());
        }
    }

    void unknownCalibrationSplitIsRejected()
    {
        const BundledDefaults defaults = findBundledDefaults();
        const testing::CliResult result = testing::runCli(
            {"quantize", "--cfg", QString::fromStdString(defaults.config), "--pretrained",
             QString::fromStdString(defaults.checkpoint), "--data", QString::fromStdString(defaults.data),
             "--calib-split", "validation"});
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains("validation"), qPrintable(result.err));
    }
};

QTEST_GUILESS_MAIN(DemoTest)
#include "test_demo.moc"
