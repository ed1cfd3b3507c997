// Tests of training: procedural data, augmentations, the recipe, the checkpoint writer,
// seeded training runs and quantization-aware training.
#include "config/Config.h"
#include "data/Dataset.h"
#include "data/ProceduralDataset.h"
#include "data/Transforms.h"
#include "eval/Evaluation.h"
#include "io/Checkpoint.h"
#include "io/CheckpointWriter.h"
#include "io/Zip.h"
#include "quant/LayerSelection.h"
#include "quant/QuantizedModel.h"
#include "train/FakeQuant.h"
#include "train/TrainConfig.h"
#include "train/TrainData.h"
#include "train/Trainer.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

using namespace pointq;

namespace {

const std::string sourceDir = POINTQ_SOURCE_DIR;
const std::string demoConfig = sourceDir + "/cfgs/pointnext-demo/pointnext-demo.yaml";
const std::string mn40Config = sourceDir + "/cfgs/modelnet40ply2048/pointnext-s.yaml";
const std::string parityCheckpoint = std::string(POINTQ_TEST_DATA_DIR) + "/parity/mn40_s_trained_weights_only.pth";
const std::string tinyData = "procedural:classes=3,train=6,test=4,points=128,seed=3";

// A narrow demo model on 128 points, so that a few epochs run in seconds.
std::vector<std::string> tinyOverrides()
{
    return {"num_points=128", "model.encoder_args.width=8", "model.encoder_args.nsample=8",
            "model.cls_args.mlps=[32]", "model.cls_args.num_classes=3", "num_classes=3"};
}

TrainSettings tinySettings(const QString& folder, int epochs)
{
    TrainSettings settings;
    settings.configPath = demoConfig;
    settings.overrides = tinyOverrides();
    settings.dataSpec = tinyData;
    settings.outputPath = (folder + "/best.pth").toStdString();
    settings.epochs = epochs;
    settings.batchSize = 4;
    settings.seed = 7;
    settings.validationFraction = 0.2;
    return settings;
}

std::vector<double> lossesOf(const TrainResult& result)
{
    std::vector<double> losses;
    for (const auto& record : result.epochs)
        losses.push_back(record.trainLoss);
    return losses;
}

} // namespace

class TrainTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { at::set_num_threads(2); }

    void proceduralSpecParsesEveryKey()
    {
        const ProceduralOptions options = parseProceduralSpec("procedural:classes=12,train=5,test=2,points=64,seed=9");
        QCOMPARE(options.classes, size_t(12));
        QCOMPARE(options.trainPerClass, size_t(5));
        QCOMPARE(options.testPerClass, size_t(2));
        QCOMPARE(options.points, int64_t(64));
        QCOMPARE(options.seed, uint64_t(9));
        QCOMPARE(parseProceduralSpec(proceduralSpec(options)).seed, uint64_t(9));
    }

    void proceduralSpecRejectsBadValues()
    {
        for (const char* spec : {"procedural:classes=13", "procedural:classes=1", "procedural:colour=3",
                                 "procedural:train=-1", "procedural:train=x", "procedural:points=4", "procedural:train"}) {
            bool threw = false;
            try {
                parseProceduralSpec(spec);
            } catch (const DataError& error) {
                threw = true;
                QVERIFY2(std::string(error.what()).find("procedural:") != std::string::npos, error.what());
            }
            QVERIFY2(threw, spec);
        }
    }

    void proceduralSplitsAreFixedAndDisjoint()
    {
        const ProceduralOptions options = parseProceduralSpec("procedural:classes=4,train=3,test=2,points=100,seed=5");
        const ProceduralDataset train(options, "train");
        const ProceduralDataset test(options, "test");
        QCOMPARE(train.size(), size_t(12));
        QCOMPARE(test.size(), size_t(8));
        QVERIFY(train.isSynthetic());
        QVERIFY(train.description().rfind("SYNTHETIC", 0) == 0);
        QCOMPARE(train.get(5).label, int64_t(1));
        QVERIFY(at::equal(train.get(5).cloud.positions, ProceduralDataset(options, "train").get(5).cloud.positions));
        QVERIFY(!at::equal(train.get(5).cloud.positions, test.get(5).cloud.positions));
        QCOMPARE(train.get(0).cloud.positions.size(0), int64_t(100));
    }

    void openDatasetAcceptsProceduralSpec()
    {
        DatasetOptions options;
        options.split = "test";
        const auto dataset = openDataset("procedural:classes=12,test=1", options);
        QCOMPARE(dataset->size(), size_t(12));
        QCOMPARE(dataset->classNames().back(), std::string("shelf"));
    }

    void augmentationRejectsUnknownTransform()
    {
        Config config = Config::load(demoConfig, {"datatransforms.train=['PointsToTensor','ChromaticDropGPU']"});
        QVERIFY_THROWS_EXCEPTION(ConfigError, Augmentation::fromConfig(config));
    }

    void rotationKeepsDistancesAndScalingStaysInRange()
    {
        AugmentationArgs args;
        args.angle = {0.0, 1.0, 0.0};
        args.scaleLow = 0.9;
        args.scaleHigh = 1.1;
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(1);
        const at::Tensor points = at::randn({50, 3});
        const at::Tensor rotated = Augmentation({"PointCloudRotation"}, args).apply(points, generator);
        QVERIFY(at::allclose(rotated.norm(2, 1), points.norm(2, 1), 1e-5, 1e-5));
        QVERIFY(at::allclose(rotated.select(1, 1), points.select(1, 1), 1e-5, 1e-5));
        const at::Tensor scaled = Augmentation({"PointCloudScaling"}, args).apply(points, generator);
        const at::Tensor ratio = scaled / points;
        QVERIFY(ratio.min().item<float>() >= 0.9f - 1e-5f);
        QVERIFY(ratio.max().item<float>() <= 1.1f + 1e-5f);
    }

    void recipeReadsModelNetConfig()
    {
        const TrainRecipe recipe = parseTrainRecipe(Config::load(mn40Config));
        QCOMPARE(recipe.lr, 0.001);
        QCOMPARE(recipe.weightDecay, 0.05);
        QCOMPARE(recipe.labelSmoothing, 0.2);
        QCOMPARE(recipe.gradNormClip, 1.0);
        QCOMPARE(recipe.criterion, std::string("SmoothCrossEntropy"));
        QCOMPARE(recipe.augmentation.names().size(), size_t(2));
        QCOMPARE(recipe.augmentation.args().shift[0], 0.2);
    }

    void recipeRejectsOtherOptimizer()
    {
        QVERIFY_THROWS_EXCEPTION(ConfigError, parseTrainRecipe(Config::load(mn40Config, {"optimizer.NAME=sgd"})));
        QVERIFY_THROWS_EXCEPTION(ConfigError, parseTrainRecipe(Config::load(mn40Config, {"sched=step"})));
    }

    void cosineScheduleWarmsUpThenDecays()
    {
        TrainRecipe recipe;
        recipe.lr = 0.01;
        recipe.minLr = 0.001;
        recipe.warmupEpochs = 2;
        recipe.warmupLr = 0.0;
        QCOMPARE(cosineLearningRate(recipe, 0, 10), 0.0);
        QCOMPARE(cosineLearningRate(recipe, 1, 10), 0.005);
        QVERIFY(std::abs(cosineLearningRate(recipe, 5, 10) - 0.0055) < 1e-12);
        QVERIFY(cosineLearningRate(recipe, 9, 10) > recipe.minLr);
    }

    void smoothCrossEntropyMatchesFormula()
    {
        TrainRecipe recipe;
        recipe.criterion = "SmoothCrossEntropy";
        recipe.labelSmoothing = 0.2;
        const at::Tensor logits = at::tensor({2.0f, 0.0f, -1.0f}).view({1, 3});
        const at::Tensor logProbabilities = at::log_softmax(logits, 1)[0];
        const double expected = -(0.8 * logProbabilities[0].item<double>() + 0.1 * logProbabilities[1].item<double>()
                                  + 0.1 * logProbabilities[2].item<double>());
        const double loss = classificationLoss(recipe, logits, at::tensor({int64_t(0)})).item<double>();
        QVERIFY(std::abs(loss - expected) < 1e-6);
    }

    void checkpointKeepsOpenpointsKeyLayout()
    {
        // The state dict written for the ModelNet40 PointNeXt-S config must have exactly the
        // keys and shapes of the checkpoint openpoints trained for it.
        const LoadedModel loaded = loadModel(mn40Config, {}, "");
        QTemporaryDir folder;
        const std::string path = (folder.path() + "/written.pth").toStdString();
        writeCheckpoint(path, moduleStateDict(*loaded.model), 12, 91.5);
        const CheckpointContents written = readCheckpoint(path);
        const CheckpointContents reference = readCheckpoint(parityCheckpoint);
        QCOMPARE(written.stateDictKey, std::string("model"));
        QCOMPARE(written.epoch.value_or(-1), int64_t(12));
        QCOMPARE(written.bestValue.value_or(-1.0), 91.5);
        std::vector<std::string> writtenNames = written.stateDict.names();
        std::vector<std::string> referenceNames = reference.stateDict.names();
        std::sort(writtenNames.begin(), writtenNames.end());
        std::sort(referenceNames.begin(), referenceNames.end());
        QCOMPARE(writtenNames, referenceNames);
        for (const auto& [name, tensor] : reference.stateDict)
            QVERIFY2(written.stateDict.at(name).sizes() == tensor.sizes(), name.c_str());
    }

    void checkpointRoundTripsValuesAndReloadsStrict()
    {
        const LoadedModel source = loadModel(mn40Config, {}, parityCheckpoint);
        QTemporaryDir folder;
        const std::string path = (folder.path() + "/copy.pth").toStdString();
        writeCheckpoint(path, moduleStateDict(*source.model), 1, 0.0);
        const LoadedModel copy = loadModel(mn40Config, {}, path);
        const StateDict original = moduleStateDict(*source.model);
        for (const auto& [name, tensor] : moduleStateDict(*copy.model))
            QVERIFY2(at::equal(tensor, original.at(name)), name.c_str());
    }

    void checkpointArchiveHasTorchLayout()
    {
        StateDict stateDict;
        stateDict.insert("a.weight", at::arange(6, at::kFloat).view({2, 3}));
        stateDict.insert("a.num_batches_tracked", at::scalar_tensor(5, at::kLong));
        QTemporaryDir folder;
        const std::string path = (folder.path() + "/small.pth").toStdString();
        writeCheckpoint(path, stateDict, 3, 50.0);
        const ZipReader zip(path);
        QVERIFY(zip.contains("archive/data.pkl"));
        QVERIFY(zip.contains("archive/data/0"));
        QVERIFY(zip.contains("archive/data/1"));
        QCOMPARE(zip.readEntry("archive/version"), std::string("3\n"));
        const std::string pickle = zip.readEntry("archive/data.pkl");
        QCOMPARE(pickle.substr(0, 2), std::string("\x80\x02", 2));
        QVERIFY(pickle.find("collections\nOrderedDict") != std::string::npos);
        QCOMPARE(readCheckpoint(path).stateDict.at("a.num_batches_tracked").item<int64_t>(), int64_t(5));
    }

    void shortTrainingLowersLoss()
    {
        QTemporaryDir folder;
        const TrainResult result = runTraining(tinySettings(folder.path(), 6), JobContext{});
        const std::vector<double> losses = lossesOf(result);
        QCOMPARE(losses.size(), size_t(6));
        QVERIFY2(losses.back() < losses.front(),
                 qPrintable(QString("first %1, last %2").arg(losses.front()).arg(losses.back())));
        QVERIFY(result.bestEpoch >= 1);
        QCOMPARE(result.testClouds, int64_t(12));
        QVERIFY(QFile::exists(folder.path() + "/best.pth"));
    }

    void sameSeedGivesIdenticalLosses()
    {
        QTemporaryDir first, second, third;
        const std::vector<double> a = lossesOf(runTraining(tinySettings(first.path(), 2), JobContext{}));
        const std::vector<double> b = lossesOf(runTraining(tinySettings(second.path(), 2), JobContext{}));
        QCOMPARE(a, b);
        TrainSettings other = tinySettings(third.path(), 2);
        other.seed = 8;
        QVERIFY(lossesOf(runTraining(other, JobContext{})) != a);
    }

    void trainedCheckpointLoadsStrict()
    {
        QTemporaryDir folder;
        const TrainSettings settings = tinySettings(folder.path(), 1);
        runTraining(settings, JobContext{});
        const CheckpointContents contents = readCheckpoint(settings.outputPath);
        QCOMPARE(contents.epoch.value_or(0), int64_t(1));
        QVERIFY(contents.bestValue.has_value());
        const LoadedModel loaded = loadModel(demoConfig, tinyOverrides(), settings.outputPath);
        QVERIFY(loaded.model);
    }

    void qatConversionMatchesFakeQuantization()
    {
        QTemporaryDir folder;
        TrainSettings settings = tinySettings(folder.path(), 2);
        runTraining(settings, JobContext{});
        const std::string pretrained = settings.outputPath;
        settings.pretrainedPath = pretrained;
        settings.outputPath = (folder.path() + "/qat.pq").toStdString();
        settings.qat = true;
        settings.epochs = 1;
        const TrainResult result = runTraining(settings, JobContext{});
        QVERIFY(result.testAccuracyInt8 >= 0.0);
        QVERIFY(QFile::exists(folder.path() + "/qat.pq"));

        // Rebuild the simulation from scratch and compare it with the saved INT8 model.
        LoadedModel loaded = loadModel(demoConfig, tinyOverrides(), pretrained);
        const auto quantized = QuantizedModel::load(settings.outputPath);
        const ProceduralDataset test(parseProceduralSpec(tinyData), "test");
        std::vector<Sample> samples;
        for (size_t i = 0; i < test.size(); ++i)
            samples.push_back(test.get(i));
        const ModelInputs inputs = makeModelInputs(samples, test.preprocessOptions(128), 3);
        const ModelInput input{inputs.pos, inputs.x};
        Calibrator calibrator;
        torch::NoGradGuard noGrad;
        loaded.model->forward(input, &calibrator);
        FakeQuantRunner runner(*loaded.model, calibrator, {});
        runner.setMode(FakeQuantRunner::Mode::Frozen);
        const auto converted = QuantizedModel::convert(*loaded.model, runner.observations(), QuantSettings{}, "");
        const at::Tensor simulated = loaded.model->forward(input, &runner);
        const at::Tensor int8 = converted->forward(input);
        const double outputStep = converted->layers().back().outputScale;
        const double worst = (simulated - int8).abs().max().item<double>();
        QVERIFY2(worst <= 2.0 * outputStep + 1e-6,
                 qPrintable(QString("max difference %1, output step %2").arg(worst).arg(outputStep)));
        QVERIFY(quantized->int8LayerCount() > 0);
    }
};

QTEST_GUILESS_MAIN(TrainTest)
#include "test_train.moc"
