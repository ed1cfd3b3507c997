// The skip-set search on the trained PointNeXt-S and bundled ModelNet40 shapes. The set
// it returns must meet its budget on an independent run. Every layer it keeps must be
// needed, because removing it fails the budget; that check explains each choice.
#include "analysis/BlockSequence.h"
#include "analysis/PrecisionRunner.h"
#include "analysis/SensitivityJob.h"
#include "common/Errors.h"
#include "eval/Metrics.h"
#include "quant/QuantizedModel.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

using namespace pointq;

namespace {

const std::string dataDir = POINTQ_TEST_DATA_DIR;
const std::string sourceDir = POINTQ_SOURCE_DIR;

SensitivityJobSettings jobSettings(int64_t clouds)
{
    SensitivityJobSettings settings;
    settings.configPath = sourceDir + "/cfgs/modelnet40ply2048/pointnext-s.yaml";
    settings.checkpointPath = dataDir + "/parity/mn40_s_trained_weights_only.pth";
    settings.data.path = dataDir + "/modelnet40/modelnet40_ply_hdf5_2048";
    settings.data.limit = clouds;
    settings.calibrationClouds = 8;
    settings.sweep.batchSize = 4;
    settings.sweep.groups = false;
    settings.searchSkipSet = true;
    return settings;
}

// Each kept layer has one removal check that fails the budget; dropped layers met it.
void checkExplanations(const SkipSearchResult& search)
{
    for (const std::string& kept : search.skip) {
        const auto check = std::find_if(search.removals.begin(), search.removals.end(),
                                        [&](const SkipRemoval& removal) { return removal.layer == kept && !removal.removed; });
        QVERIFY2(check != search.removals.end(), kept.c_str());
        QVERIFY2(!check->meetsBudget, kept.c_str());
        QVERIFY2(!meetsBudget(check->without, search.budget), kept.c_str());
    }
    for (const SkipRemoval& removal : search.removals) {
        QCOMPARE(removal.removed, removal.meetsBudget);
        if (removal.removed)
            QVERIFY(std::find(search.skip.begin(), search.skip.end(), removal.layer) == search.skip.end());
    }
}

// Each search runs the model many times; on a busy machine that outlasts QtTest's
// default limit of 300 s per test function. The variable must be set before QtTest
// reads it, so it is set during static initialization.
[[maybe_unused]] const bool longTimeout = qputenv("QTEST_FUNCTION_TIMEOUT", "1800000");

} // namespace

class SensitivitySearchTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
    }

    void cleanupTestCase()
    {
        selectQuantizedEngine("auto");
    }

    void simulatedSearchMeetsBudgetOnSeparateRun()
    {
        // Four bits lose enough that an agreement budget of 100% needs FP32 layers.
        SensitivityJobSettings settings = jobSettings(8);
        settings.sweep.bits = 4;
        settings.sweep.mode = SweepMode::AllBut;
        settings.budget = {SkipBudget::Kind::Agreement, 100.0};
        const SensitivityReport report = runSensitivityJob(settings, {});
        const SkipSearchResult& search = report.search;
        QVERIFY(report.hasSearch);
        QCOMPARE(search.verifiedWith, std::string("simulated 4-bit"));
        QVERIFY(!meetsBudget(search.noSkip, search.budget));
        QVERIFY(search.met);
        QVERIFY(!search.skip.empty());
        QVERIFY(search.skip.size() < report.sweep.layers.size());
        QCOMPARE(search.verified.top1Agreement, 100.0);
        QVERIFY(!search.steps.empty());
        QVERIFY(search.steps.back().meetsBudget);
        checkExplanations(search);

        // Recompute the figure outside the job: a fresh model, calibration and runner.
        const LoadedModel loaded = loadModel(settings.configPath, {}, settings.checkpointPath);
        const EvaluationData data = loadEvaluationData(settings.data, loaded.dataset, loaded.args.encoder.inChannels, {});
        Calibrator calibration;
        at::NoGradGuard noGrad;
        loaded.model->forward(sliceInputs(data.inputs, 0, 4), &calibration);
        loaded.model->forward(sliceInputs(data.inputs, 4, 8), &calibration);
        const BlockSequence sequence(*loaded.model, sliceInputs(data.inputs, 0, 1));
        const LayerBank bank = prepareLayerBank(*loaded.model, sequence, calibration, 4, "auto", false);
        PrecisionRunner runner(sequence, bank);
        std::vector<LayerPrecision> plan = uniformPlan(sequence.layers().size(), LayerPrecision::Simulated);
        for (size_t position = 0; position < plan.size(); ++position)
            if (std::count(search.skip.begin(), search.skip.end(), sequence.layers()[position]->layerName()))
                plan[position] = LayerPrecision::Float;
        std::vector<at::Tensor> logits;
        for (int64_t begin = 0; begin < 8; begin += 4) {
            runner.beginPass(plan);
            logits.push_back(sequence.run(0, BlockSequence::inputState(sliceInputs(data.inputs, begin, begin + 4)), &runner));
        }
        const at::Tensor fp32 = loaded.model->forward(sliceInputs(data.inputs, 0, 8));
        QCOMPARE(100.0 * top1Agreement(fp32, at::cat(logits)), 100.0);
    }

    void kernelSearchMeetsAccuracyBudgetOnQuantizedModel()
    {
        SensitivityJobSettings settings = jobSettings(16);
        settings.sweep.mode = SweepMode::Only;
        settings.budget = {SkipBudget::Kind::AccuracyDrop, 0.0};
        const SensitivityReport report = runSensitivityJob(settings, {});
        const SkipSearchResult& search = report.search;
        QCOMPARE(search.verifiedWith, std::string("onednn INT8 kernels"));
        QVERIFY(search.met);
        QVERIFY(search.verified.hasAccuracy);
        QVERIFY(search.verified.accuracyDelta >= 0.0);
        checkExplanations(search);

        const LoadedModel loaded = loadModel(settings.configPath, {}, settings.checkpointPath);
        const EvaluationData data = loadEvaluationData(settings.data, loaded.dataset, loaded.args.encoder.inChannels, {});
        Calibrator calibration;
        predictLogits([&](const ModelInput& input) { return loaded.model->forward(input, &calibration); },
                      ModelInputs{data.inputs.pos.slice(0, 0, 8), data.inputs.x.slice(0, 0, 8), {}, {}}, 4, {}, "calibrating");
        QuantSettings quantization;
        quantization.skip = search.skip;
        const auto quantized = QuantizedModel::convert(*loaded.model, calibration, quantization, {});
        const at::Tensor int8 = predictLogits([&](const ModelInput& input) { return quantized->forward(input); }, data.inputs,
                                              4, {}, "INT8");
        const at::Tensor fp32 = predictLogits([&](const ModelInput& input) { return loaded.model->forward(input); },
                                              data.inputs, 4, {}, "FP32");
        const OutputFigures direct = compareOutputs(fp32, int8, data.inputs.labels);
        QCOMPARE(direct.accuracyDelta, search.verified.accuracyDelta);
        QCOMPARE(direct.top1Agreement, search.verified.top1Agreement);
    }

    void budgetMetWithoutSkipGivesEmptySet()
    {
        SensitivityJobSettings settings = jobSettings(8);
        settings.sweep.mode = SweepMode::Only;
        settings.budget = {SkipBudget::Kind::Agreement, 1.0};
        const SensitivityReport report = runSensitivityJob(settings, {});
        QVERIFY(report.search.met);
        QVERIFY(report.search.skip.empty());
        QVERIFY(report.search.steps.empty());
        QVERIFY(report.search.removals.empty());
    }

    void accuracyBudgetWithoutLabelsIsRejected()
    {
        const SensitivityResult sweep;
        const SkipEvaluator evaluate = [](const std::vector<std::string>&) -> at::Tensor {
            throw std::logic_error("the search ran a model although its budget is invalid");
        };
        const at::Tensor logits = at::zeros({4, 40});
        QVERIFY_THROWS_EXCEPTION(QuantizationError, searchSkipSet(sweep, {SkipBudget::Kind::AccuracyDrop, 0.5}, evaluate,
                                                                  logits, at::Tensor(), "test", {}));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, searchSkipSet(sweep, {SkipBudget::Kind::AccuracyDrop, 0.5}, evaluate,
                                                                  logits, at::full({4}, -1, at::kLong), "test", {}));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, searchSkipSet(sweep, {SkipBudget::Kind::Agreement, 101.0}, evaluate,
                                                                  logits, at::Tensor(), "test", {}));
    }
};

QTEST_GUILESS_MAIN(SensitivitySearchTest)
#include "test_sensitivity_search.moc"
