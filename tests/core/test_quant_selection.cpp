// Layer selection for `--skip` on the PointNeXt-S that cfgs/modelnet40ply2048 builds,
// and on a twelve-stage variant that has both stage 1 and stage 10.
#include "common/Errors.h"
#include "config/Config.h"
#include "config/ModelConfig.h"
#include "model/Classifier.h"
#include "quant/LayerSelection.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

using namespace pointq;

namespace {

const std::string sourceDir = POINTQ_SOURCE_DIR;
const std::string configPath = sourceDir + "/cfgs/modelnet40ply2048/pointnext-s.yaml";

using Names = std::set<std::string>;

std::shared_ptr<PointNextClassifier> buildFromConfig(const std::vector<std::string>& overrides = {})
{
    return buildModel(parseModelArgs(Config::load(configPath, overrides)));
}

std::shared_ptr<ConvBlock> namedBlock(const std::string& name, int stage, int block, const std::string& blockType)
{
    auto layer = std::make_shared<ConvBlock>(LayerKind::Conv2d, 4, 4, true, true);
    layer->setLayerName(name);
    layer->setPlace(LayerPlace{stage, block, blockType, "convs.0"});
    return layer;
}

} // namespace

class QuantSelectionTest : public QObject {
    Q_OBJECT

private:
    std::shared_ptr<PointNextClassifier> m_model;

    Names select(const std::vector<std::string>& words) const { return selectLayers(m_model->layers(), words); }

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
        m_model = buildFromConfig();
        // Stem 1, stages 1-4 three each, the GroupAll stage 2, the head 3.
        QCOMPARE(m_model->layers().size(), size_t(18));
    }

    void exactNameSelectsOneLayer()
    {
        QCOMPARE(select({"encoder.encoder.1.0.convs.0"}), Names{"encoder.encoder.1.0.convs.0"});
        QCOMPARE(select({"prediction.head.2"}), Names{"prediction.head.2"});
    }

    void stagePrefixSelectsItsLayers()
    {
        const Names stageOne{"encoder.encoder.1.0.skipconv", "encoder.encoder.1.0.convs.0", "encoder.encoder.1.0.convs.1"};
        QCOMPARE(select({"encoder.encoder.1"}), stageOne);
        QCOMPARE(select({"encoder.encoder.1.0"}), stageOne);
    }

    void prefixStopsAtDotBoundary()
    {
        // "encoder.encoder.1.0.conv" is a prefix of "...convs.0" as text but not as a name.
        QVERIFY_THROWS_EXCEPTION(QuantizationError, select({"encoder.encoder.1.0.conv"}));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, select({"encoder.enc"}));
    }

    void stageWordsSelectByPlace()
    {
        QCOMPARE(select({"stage1"}), select({"encoder.encoder.1"}));
        QCOMPARE(select({"stage1.block0"}), select({"encoder.encoder.1.0"}));
        QCOMPARE(select({"stage0"}), Names{"encoder.encoder.0.0.convs.0"});
        QVERIFY_THROWS_EXCEPTION(QuantizationError, select({"stage1.block1"}));
    }

    void headSelectsLinearLayers()
    {
        const Names head = select({"head"});
        // Dropout modules sit at the odd indices of openpoints' head Sequential.
        QCOMPARE(head, (Names{"prediction.head.0", "prediction.head.2", "prediction.head.4"}));
        for (const auto& layer : m_model->layers())
            if (head.count(layer->layerName()))
                QCOMPARE(layer->kind(), LayerKind::Linear);
        QCOMPARE(select({"ClsHead"}), head);
    }

    void blockTypesSelectTheirStages()
    {
        const Names setAbstraction = select({"SetAbstraction"});
        QCOMPARE(setAbstraction.size(), size_t(12));
        for (int stage = 1; stage <= 4; ++stage)
            QVERIFY(setAbstraction.count("encoder.encoder." + std::to_string(stage) + ".0.skipconv"));
        QCOMPARE(select({"stem"}), Names{"encoder.encoder.0.0.convs.0"});
        QCOMPARE(select({"GroupAll"}), (Names{"encoder.encoder.5.0.convs.0", "encoder.encoder.5.0.convs.1"}));
        QCOMPARE(select({"stage5"}), select({"GroupAll"}));
    }

    void globSelectsSkipConvolutions()
    {
        QCOMPARE(select({"encoder.encoder.*.0.skipconv"}),
                 (Names{"encoder.encoder.1.0.skipconv", "encoder.encoder.2.0.skipconv", "encoder.encoder.3.0.skipconv",
                        "encoder.encoder.4.0.skipconv"}));
        QCOMPARE(select({"prediction.head.?"}).size(), size_t(3));
    }

    void wordsAreUnited()
    {
        const Names both = select({"head", "stem", ""});
        QCOMPARE(both.size(), size_t(4));
        QVERIFY(select({}).empty());
    }

    void unknownWordNamesItAndSuggestsInfo()
    {
        try {
            select({"head", "stage9"});
            QFAIL("expected a QuantizationError");
        } catch (const QuantizationError& error) {
            const std::string message = error.what();
            QVERIFY2(message.find("'stage9'") != std::string::npos, message.c_str());
            QVERIFY2(message.find("pointq info") != std::string::npos, message.c_str());
            QVERIFY2(message.find("--skip") != std::string::npos, message.c_str());
        }
        QVERIFY_THROWS_EXCEPTION(QuantizationError, select({"conv"}));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, select({"encoder.encoder.1."}));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, select({"encoder.encoder.[7-9]*"}));
    }

    void stageOneIsNotStageTen()
    {
        // Twelve stages (width 1, so the widest stage has 1024 channels) give the
        // names encoder.encoder.1.* and encoder.encoder.10.* side by side.
        const auto deep = buildFromConfig({"model.encoder_args.blocks=[1,1,1,1,1,1,1,1,1,1,1,1]",
                                           "model.encoder_args.strides=[1,2,2,2,2,2,2,2,2,2,2,1]",
                                           "model.encoder_args.width=1"});
        const Names stageOne = selectLayers(deep->layers(), {"encoder.encoder.1"});
        QCOMPARE(stageOne.size(), size_t(3));
        for (const std::string& name : stageOne)
            QVERIFY2(name.rfind("encoder.encoder.1.0.", 0) == 0, name.c_str());
        QCOMPARE(selectLayers(deep->layers(), {"stage1"}), stageOne);
        QCOMPARE(selectLayers(deep->layers(), {"encoder.encoder.10"}).size(), size_t(3));
        QCOMPARE(selectLayers(deep->layers(), {"stage10"}), selectLayers(deep->layers(), {"encoder.encoder.10"}));
    }

    void craftedNamesRespectDotBoundary()
    {
        const std::vector<std::shared_ptr<ConvBlock>> layers{
            namedBlock("encoder.encoder.1.0.convs.0", 1, 0, "SetAbstraction"),
            namedBlock("encoder.encoder.10.0.convs.0", 10, 0, "SetAbstraction"),
            namedBlock("encoder.encoder.10.1.convs.0", 10, 1, "InvResMLP"),
            namedBlock("encoder.encoder.11.0.convs.0", 11, 0, "SetAbstraction"),
        };
        QCOMPARE(selectLayers(layers, {"encoder.encoder.1"}), Names{"encoder.encoder.1.0.convs.0"});
        QCOMPARE(selectLayers(layers, {"encoder.encoder.10"}),
                 (Names{"encoder.encoder.10.0.convs.0", "encoder.encoder.10.1.convs.0"}));
        QCOMPARE(selectLayers(layers, {"stage1"}), Names{"encoder.encoder.1.0.convs.0"});
        QCOMPARE(selectLayers(layers, {"stage10.block1"}), Names{"encoder.encoder.10.1.convs.0"});
        QCOMPARE(selectLayers(layers, {"InvResMLP"}), Names{"encoder.encoder.10.1.convs.0"});
        QCOMPARE(selectLayers(layers, {"encoder.encoder.1*"}).size(), size_t(4));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, selectLayers(layers, {"head"}));
        QVERIFY_THROWS_EXCEPTION(QuantizationError, selectLayers(layers, {"stage2"}));
    }

    void emptyLayerListRejectsAnyWord()
    {
        QVERIFY_THROWS_EXCEPTION(QuantizationError, selectLayers({}, {"stage1"}));
        QVERIFY(selectLayers({}, {}).empty());
    }
};

QTEST_GUILESS_MAIN(QuantSelectionTest)
#include "test_quant_selection.moc"
