#include "config/Config.h"
#include "config/ModelConfig.h"
#include "config/PythonLiteral.h"

#include <QtTest/QtTest>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>

#include <functional>
#include <optional>

using pointq::Config;
using pointq::ConfigError;

namespace {

std::string shippedConfig(const std::string& relative)
{
    return std::string(POINTQ_SOURCE_DIR) + "/cfgs/" + relative;
}

std::string badConfig(const std::string& relative)
{
    return std::string(POINTQ_TEST_DATA_DIR) + "/cfgs-bad/" + relative;
}

std::vector<std::string> toStrings(const QStringList& list)
{
    std::vector<std::string> strings;
    for (const QString& item : list)
        strings.push_back(item.toStdString());
    return strings;
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A compact rendering of a node for table comparisons: [1, 2], {k: v}, None.
std::string render(const YAML::Node& node)
{
    if (!node.IsDefined())
        return "<undefined>";
    if (node.IsNull())
        return "None";
    if (node.IsScalar())
        return node.Scalar();
    std::string text = node.IsSequence() ? "[" : "{";
    bool first = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
        text += first ? "" : ", ";
        first = false;
        text += node.IsSequence() ? render(*it) : it->first.Scalar() + ": " + render(it->second);
    }
    return text + (node.IsSequence() ? "]" : "}");
}

// Runs `action` and returns the ConfigError it throws, or nothing.
std::optional<ConfigError> captureConfigError(const std::function<void()>& action)
{
    try {
        action();
    } catch (const ConfigError& error) {
        return error;
    }
    return std::nullopt;
}

void writeFile(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(text), text.size());
}

// Writes root/default.yaml, root/task/default.yaml and root/task/model.yaml.
void writeChain(const QString& root)
{
    QVERIFY(QDir(root).mkpath("task"));
    writeFile(root + "/default.yaml", "a:\n  x: 1\n  y: 1\nlist: [1, 2, 3]\nonly_root: r\nreplaced: {k: 1}\n");
    writeFile(root + "/task/default.yaml", "a:\n  y: 2\n  z: 2\nlist: [9]\nreplaced: 5\n");
    writeFile(root + "/task/model.yaml", "a:\n  z: 3\n");
}

} // namespace

class ConfigTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultChainAppliesOutermostFirst()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        writeChain(directory.path());
        const std::string root = directory.path().toStdString();

        const Config config = Config::load(root + "/task/model.yaml");

        const std::vector<std::string> expected{root + "/default.yaml", root + "/task/default.yaml",
                                                root + "/task/model.yaml"};
        QCOMPARE(config.files(), expected);
        QCOMPARE(config.getInt("a.x", 0), 1);
        QCOMPARE(config.getInt("a.y", 0), 2);
        QCOMPARE(config.getInt("a.z", 0), 3);
        QCOMPARE(config.getString("only_root", ""), std::string("r"));
        QCOMPARE(config.getIntList("list", {}), std::vector<int>{9});
        QCOMPARE(config.getInt("replaced", 0), 5);
        QVERIFY(!config.has("replaced.k"));
        QCOMPARE(config.source("a.y")->file, root + "/task/default.yaml");
        QCOMPARE(config.source("a.y")->line, 2);
        QCOMPARE(config.source("a.x")->file, root + "/default.yaml");
        QVERIFY(config.source("replaced.k") == nullptr);
    }

    void relativePathStopsAtWorkingFolder()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        writeChain(directory.path());
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(directory.path()));

        std::optional<Config> config;
        const std::optional<ConfigError> error = captureConfigError([&] { config = Config::load("task/model.yaml"); });
        QVERIFY(QDir::setCurrent(previous));
        QVERIFY2(!error.has_value(), error ? error->what() : "");

        const std::vector<std::string> expected{"default.yaml", "task/default.yaml", "task/model.yaml"};
        QCOMPARE(config->files(), expected);
        QCOMPARE(config->getInt("a.x", 0), 1);
    }

    void shippedChainMergesDeeply()
    {
        const Config config = Config::load(shippedConfig("modelnet40ply2048/pointnext-s.yaml"));

        const std::vector<std::string>& files = config.files();
        QVERIFY(files.size() >= 3);
        QCOMPARE(files[files.size() - 3], shippedConfig("default.yaml"));
        QCOMPARE(files[files.size() - 2], shippedConfig("modelnet40ply2048/default.yaml"));
        QCOMPARE(files.back(), shippedConfig("modelnet40ply2048/pointnext-s.yaml"));
        QCOMPARE(config.getInt("epochs", 0), 600);
        QCOMPARE(config.getBool("wandb.use_wandb", true), false);
        QCOMPARE(config.getString("wandb.project", ""), std::string("PointNeXt-ModelNet40Ply2048"));
        QCOMPARE(config.getString("criterion_args.NAME", ""), std::string("SmoothCrossEntropy"));
        QCOMPARE(config.getDouble("criterion_args.label_smoothing", 0.0), 0.2);
        QCOMPARE(config.source("epochs")->line, 37);
        QVERIFY(endsWith(config.source("epochs")->file, "modelnet40ply2048/default.yaml"));
    }

    void overrideValueTypes_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("rendered");
        QTest::addColumn<bool>("isString");

        QTest::newRow("int") << "a.width=64" << "a.width" << "64" << false;
        QTest::newRow("negative int") << "a.n=-3" << "a.n" << "-3" << false;
        QTest::newRow("hex int") << "a.n=0x10" << "a.n" << "16" << false;
        QTest::newRow("underscore int") << "a.n=1_000" << "a.n" << "1000" << false;
        QTest::newRow("float") << "a.radius=0.1" << "a.radius" << "0.1" << false;
        QTest::newRow("exponent float") << "a.lr=1e-3" << "a.lr" << "0.001" << false;
        QTest::newRow("Python bool") << "a.sa_use_res=False" << "a.sa_use_res" << "False" << false;
        QTest::newRow("Python None") << "a.v=None" << "a.v" << "None" << false;
        QTest::newRow("list") << "a.blocks=[1,2,3]" << "a.blocks" << "[1, 2, 3]" << false;
        QTest::newRow("nested list") << "a.r=[0.1, [0.2, 0.3]]" << "a.r" << "[0.1, [0.2, 0.3]]" << false;
        QTest::newRow("tuple") << "a.t=(1, 2)" << "a.t" << "[1, 2]" << false;
        QTest::newRow("dict") << "a.d={'k': 1, 'm': 'x'}" << "a.d" << "{k: 1, m: x}" << false;
        QTest::newRow("bare word") << "a.NAME=BaseCls" << "a.NAME" << "BaseCls" << true;
        QTest::newRow("quoted string") << "a.s='pos,x'" << "a.s" << "pos,x" << true;
        QTest::newRow("quoted number") << "a.s='12'" << "a.s" << "12" << true;
        QTest::newRow("YAML null") << "a.v=null" << "a.v" << "None" << false;
        QTest::newRow("YAML bool") << "a.v=false" << "a.v" << "false" << false;
        QTest::newRow("YAML bool word in a longer string") << "a.v=falsehood" << "a.v" << "falsehood" << true;
        QTest::newRow("unclosed list stays a string") << "a.v=[1,2" << "a.v" << "[1,2" << true;
        QTest::newRow("empty value") << "a.v=" << "a.v" << "" << true;
        QTest::newRow("value with equals") << "a.v=x=y" << "a.v" << "x=y" << true;
        QTest::newRow("leading dashes") << "--a.width=8" << "a.width" << "8" << false;
    }

    void overrideValueTypes()
    {
        QFETCH(QString, argument);
        QFETCH(QString, key);
        QFETCH(QString, rendered);
        QFETCH(bool, isString);

        Config config = Config::fromYamlText("a: {width: 1}\n", "inline");
        config.applyOverrides({argument.toStdString()});

        const YAML::Node node = config.find(key.toStdString());
        QCOMPARE(render(node), rendered.toStdString());
        QCOMPARE(node.IsScalar() && node.Tag() == "!", isString);
        QCOMPARE(config.source(key.toStdString())->file, std::string("override"));
        QCOMPARE(config.source(key.toStdString())->override, argument.toStdString());
    }

    void overrideTypedReads()
    {
        Config config = Config::fromYamlText("a: {width: 1}\n", "inline");
        config.applyOverrides({"a.width=64", "a.radius=0.1", "a.flag=False", "a.blocks=[1,2,3]", "a.whole=3"});

        QCOMPARE(config.getInt("a.width", 0), 64);
        QCOMPARE(config.getDouble("a.radius", 0.0), 0.1);
        QCOMPARE(config.getBool("a.flag", true), false);
        QCOMPARE(config.getIntList("a.blocks", {}), (std::vector<int>{1, 2, 3}));
        QCOMPARE(config.getDouble("a.whole", 0.0), 3.0);
    }

    void overridePairForm()
    {
        Config config = Config::fromYamlText("a: {width: 1}\n", "inline");
        config.applyOverrides({"--a.width", "64", "a.depth", "--7"});

        QCOMPARE(config.getInt("a.width", 0), 64);
        // The value of a pair is taken as written, so "--7" is not a number.
        QCOMPARE(config.getString("a.depth", ""), std::string("--7"));
        QCOMPARE(config.source("a.width")->override, std::string("--a.width 64"));
    }

    void overrideCreatesMissingKeys()
    {
        const Config config =
            Config::load(shippedConfig("modelnet40ply2048/pointnext-s.yaml"), {"quantize.calibration.batches=8"});

        QCOMPARE(config.getInt("quantize.calibration.batches", 0), 8);
        QVERIFY(config.find("quantize").IsMap());
        QCOMPARE(config.source("quantize")->file, std::string("override"));
    }

    void overrideReplacesLists()
    {
        const Config config = Config::load(shippedConfig("modelnet40ply2048/pointnext-s.yaml"),
                                           {"model.encoder_args.blocks=[2]", "model.cls_args={'NAME': 'ClsHead'}"});

        QCOMPARE(config.getIntList("model.encoder_args.blocks", {}), std::vector<int>{2});
        QVERIFY(config.source("model.encoder_args.blocks[1]") == nullptr);
        // A dict override replaces the mapping, as EasyConfig assigns it.
        QVERIFY(!config.has("model.cls_args.num_classes"));
        QCOMPARE(config.getString("model.cls_args.NAME", ""), std::string("ClsHead"));
    }

    void anchorsAliasesAndMergeKeys()
    {
        const std::string text = "base: &base\n"
                                 "  x: 1\n"
                                 "  y: 2\n"
                                 "other: &other\n"
                                 "  y: 20\n"
                                 "  z: 30\n"
                                 "single:\n"
                                 "  <<: *base\n"
                                 "  y: 3\n"
                                 "several:\n"
                                 "  <<: [*base, *other]\n"
                                 "alias: *base\n"
                                 "quoted:\n"
                                 "  '<<': 1\n";
        Config config = Config::fromYamlText(text, "anchors.yaml");

        QCOMPARE(render(config.find("single")), std::string("{x: 1, y: 3}"));
        // PyYAML's order: the reversed merge list, each key at its first position, the first mapping winning.
        QCOMPARE(render(config.find("several")), std::string("{y: 2, z: 30, x: 1}"));
        QCOMPARE(render(config.find("alias")), std::string("{x: 1, y: 2}"));
        QCOMPARE(render(config.find("base")), std::string("{x: 1, y: 2}"));
        QCOMPARE(config.getInt("quoted.<<", 0), 1);
        QCOMPARE(config.source("single.x")->line, 2);
        QCOMPARE(config.source("single.y")->line, 9);

        // An alias is a copy: overriding one use leaves the anchor alone.
        config.applyOverrides({"alias.x=5"});
        QCOMPARE(config.getInt("alias.x", 0), 5);
        QCOMPARE(config.getInt("base.x", 0), 1);
        QCOMPARE(config.getInt("single.x", 0), 1);
    }

    void shippedAnchorLoads()
    {
        const Config config = Config::load(shippedConfig("scanobjectnn/pointnext-s.yaml"));
        QCOMPARE(config.getInt("num_classes", 0), 15);
    }

    void findReadsIndicesWithoutCreating()
    {
        const Config config = Config::load(shippedConfig("modelnet40ply2048/pointnext-s.yaml"));

        QCOMPARE(config.getInt("model.encoder_args.strides[1]", 0), 2);
        QVERIFY(!config.find("model.encoder_args.strides[6]").IsDefined());
        QVERIFY(!config.find("model.encoder_args.missing.deeper").IsDefined());
        QVERIFY(!config.find("model.encoder_args.width[0]").IsDefined());
        QVERIFY(!config.has("model.encoder_args.missing"));
        QCOMPARE(config.source("model.encoder_args.strides[1]")->line, 14);
    }

    void dumpRoundTrips()
    {
        const Config config = Config::load(shippedConfig("shapenetpart/pointnext-s.yaml"),
                                           {"extra.text='12'", "extra.word='null'", "extra.none=None"});
        const Config copy = Config::fromYamlText(config.dump(), "saved model");

        QCOMPARE(copy.dump(), config.dump());
        QCOMPARE(copy.getString("extra.text", ""), std::string("12"));
        QVERIFY(captureConfigError([&] { copy.getInt("extra.text", 0); }).has_value());
        QCOMPARE(copy.getString("extra.word", ""), std::string("null"));
        QVERIFY(copy.find("extra.none").IsNull());
        QCOMPARE(copy.getString("dataset.common.data_root", ""),
                 std::string("data/ShapeNetPart/shapenetcore_partanno_segmentation_benchmark_v0_normal"));
        QCOMPARE(pointq::parseModelArgs(copy).encoder.radii, pointq::parseModelArgs(config).encoder.radii);
        QCOMPARE(copy.files(), std::vector<std::string>{"saved model"});
    }

    void modelnet40PointNextS()
    {
        const Config config = Config::load(shippedConfig("modelnet40ply2048/pointnext-s.yaml"));
        const pointq::ModelArgs model = pointq::parseModelArgs(config);
        const pointq::EncoderArgs& encoder = model.encoder;

        QCOMPARE(model.name, std::string("BaseCls"));
        QCOMPARE(encoder.width, 32);
        QCOMPARE(encoder.inChannels, 3);
        QCOMPARE(encoder.blocks, (std::vector<int>{1, 1, 1, 1, 1, 1}));
        QCOMPARE(encoder.strides, (std::vector<int>{1, 2, 2, 2, 2, 1}));
        // The values Python prints for PointNextEncoder.radii of this config.
        const std::vector<std::vector<double>> radii{{0.15}, {0.15}, {0.22499999999999998}, {0.33749999999999997},
                                                     {0.50625}, {0.7593749999999999}};
        QCOMPARE(encoder.radii, radii);
        QCOMPARE(encoder.nsamples, (std::vector<std::vector<int>>(6, std::vector<int>{32})));
        QCOMPARE(encoder.stageChannels(), (std::vector<int>{32, 64, 128, 256, 512, 512}));
        QCOMPARE(encoder.saLayers, 2);
        QCOMPARE(encoder.saUseRes, true);
        QCOMPARE(encoder.useRes, true);
        QCOMPARE(encoder.expansion, 4.0);
        QCOMPARE(encoder.radiusScaling, 1.5);
        QCOMPARE(encoder.normalizeDp, true);
        QCOMPARE(encoder.featureType, std::string("dp_fj"));
        QCOMPARE(encoder.reduction, std::string("max"));
        QCOMPARE(encoder.norm, std::string("bn"));
        QCOMPARE(encoder.activation, std::string("relu"));
        QCOMPARE(encoder.convOrder, std::string("conv-norm-act"));
        QCOMPARE(encoder.sampler, std::string("fps"));
        QCOMPARE(encoder.block, std::string("InvResMLP"));

        QCOMPARE(model.head.name, std::string("ClsHead"));
        QCOMPARE(model.head.numClasses, 40);
        QCOMPARE(model.head.mlps, (std::vector<int>{512, 256}));
        QCOMPARE(model.head.norm, std::string("bn1d"));
        QCOMPARE(model.head.dropout, 0.5);
        QCOMPARE(model.head.inChannels, 512);
        QVERIFY(model.head.globalFeat.empty());
        QVERIFY(model.decoder.name.empty());

        const pointq::DatasetArgs dataset = pointq::parseDatasetArgs(config);
        QCOMPARE(dataset.name, std::string("ModelNet40Ply2048"));
        QCOMPARE(dataset.dataDir, std::string("./data/ModelNet40Ply2048"));
        QCOMPARE(dataset.numClasses, 40);
        QCOMPARE(dataset.numPoints, 1024);
        QCOMPARE(dataset.valTransforms, std::vector<std::string>{"PointsToTensor"});
        QCOMPARE(dataset.featureKeys, std::string("pos"));
        QCOMPARE(dataset.batchSize, 32);
        QCOMPARE(dataset.valBatchSize, 64);
    }

    void s3disPointNextS()
    {
        const Config config = Config::load(shippedConfig("s3dis/pointnext-s.yaml"));
        const pointq::ModelArgs model = pointq::parseModelArgs(config);

        QCOMPARE(model.name, std::string("BaseSeg"));
        QCOMPARE(model.encoder.inChannels, 4);
        QCOMPARE(model.encoder.strides, (std::vector<int>{1, 4, 4, 4, 4}));
        QCOMPARE(model.encoder.radii, (std::vector<std::vector<double>>{{0.1}, {0.1}, {0.2}, {0.4}, {0.8}}));
        QCOMPARE(model.encoder.stageChannels(), (std::vector<int>{32, 64, 128, 256, 512}));
        QCOMPARE(model.decoder.name, std::string("PointNextDecoder"));
        QCOMPARE(model.head.name, std::string("SegHead"));
        QCOMPARE(model.head.numClasses, 13);
        QCOMPARE(model.head.norm, std::string("bn"));
        QVERIFY(model.head.mlps.empty());

        const pointq::DatasetArgs dataset = pointq::parseDatasetArgs(config);
        QCOMPARE(dataset.name, std::string("S3DIS"));
        QCOMPARE(dataset.dataDir, std::string("data/S3DIS/s3disfull"));
        QCOMPARE(dataset.numPoints, 0);
        QCOMPARE(dataset.featureKeys, std::string("x,heights"));
        QCOMPARE(dataset.gravityDim, 2);
        QCOMPARE(dataset.valTransforms,
                 (std::vector<std::string>{"PointsToTensor", "PointCloudXYZAlign", "ChromaticNormalize"}));
        QCOMPARE(dataset.valBatchSize, 1);
    }

    void s3disPointNextBExpandsPerBlock()
    {
        const pointq::EncoderArgs encoder =
            pointq::parseEncoderArgs(Config::load(shippedConfig("s3dis/pointnext-b.yaml")));

        const std::vector<std::vector<double>> radii{{0.1}, {0.1, 0.2}, {0.2, 0.4, 0.4}, {0.4, 0.8}, {0.8, 1.6}};
        QCOMPARE(encoder.radii, radii);
        QCOMPARE(encoder.nsamples[2], (std::vector<int>{32, 32, 32}));
    }

    void scanObjectNNPointNextS()
    {
        const Config config = Config::load(shippedConfig("scanobjectnn/pointnext-s.yaml"));
        const pointq::ModelArgs model = pointq::parseModelArgs(config);
        const pointq::DatasetArgs dataset = pointq::parseDatasetArgs(config);

        QCOMPARE(model.encoder.inChannels, 4);
        QCOMPARE(model.head.numClasses, 15);
        QCOMPARE(dataset.name, std::string("ScanObjectNNHardest"));
        QCOMPARE(dataset.gravityDim, 1);
        QCOMPARE(dataset.numPoints, 1024);
        QCOMPARE(dataset.valBatchSize, 64);
    }

    void shapeNetPartPointNextS()
    {
        const Config config = Config::load(shippedConfig("shapenetpart/pointnext-s.yaml"));
        const pointq::ModelArgs model = pointq::parseModelArgs(config);

        QCOMPARE(model.name, std::string("BasePartSeg"));
        QCOMPARE(model.encoder.inChannels, 7);
        QCOMPARE(model.encoder.saLayers, 3);
        QCOMPARE(model.encoder.radii, (std::vector<std::vector<double>>{{0.1}, {0.1}, {0.25}, {0.625}, {1.5625}}));
        // This config puts `reduction` beside aggr_args, where openpoints ignores it.
        QCOMPARE(model.encoder.reduction, std::string("max"));
        QCOMPARE(model.decoder.name, std::string("PointNextPartDecoder"));
        QCOMPARE(model.decoder.clsMap, std::string("curvenet"));
        QCOMPARE(model.head.globalFeat, (std::vector<std::string>{"max", "avg"}));

        const pointq::DatasetArgs dataset = pointq::parseDatasetArgs(config);
        QCOMPARE(dataset.numPoints, 2048);
        QCOMPARE(dataset.numClasses, 50);
        QCOMPARE(dataset.batchSize, 8);
        QCOMPARE(dataset.valBatchSize, 8);
        QCOMPARE(dataset.featureKeys, std::string("pos,x,heights"));
    }

    void everyShippedPointNextConfigParses()
    {
        int parsed = 0;
        QDirIterator files(QString::fromStdString(shippedConfig("")), {"*.yaml"}, QDir::Files,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            if (path.endsWith("/default.yaml"))
                continue;
            const Config config = Config::load(path.toStdString());
            if (config.getString("model.encoder_args.NAME", "") != "PointNextEncoder")
                continue;
            const pointq::ModelArgs model = pointq::parseModelArgs(config);
            pointq::parseDatasetArgs(config);
            QCOMPARE(model.encoder.radii.size(), model.encoder.blocks.size());
            ++parsed;
        }
        QCOMPARE(parsed, 6);
    }

    void pointNet2ConfigIsUnsupported()
    {
        const std::string path = shippedConfig("modelnet40ply2048/pointnet++.yaml");
        const std::optional<ConfigError> error =
            captureConfigError([&] { pointq::parseModelArgs(Config::load(path)); });

        QVERIFY(error.has_value());
        QCOMPARE(error->file(), path);
        QCOMPARE(error->position(), std::string("line 9, key model.encoder_args.NAME"));
        QVERIFY(error->detail().find("PointQ builds only the PointNextEncoder") != std::string::npos);
        QVERIFY(error->detail().find("PointNet2Encoder") != std::string::npos);
    }

    void radiusListPadsEachStage()
    {
        const Config config = Config::load(badConfig("valid.yaml"), {"model.encoder_args.blocks=[1,2,3]",
                                                                     "model.encoder_args.radius=[0.1,[0.2],[0.3,0.4,0.5,0.6]]",
                                                                     "model.encoder_args.nsample=[8,16,[24,32]]"});
        const pointq::EncoderArgs encoder = pointq::parseEncoderArgs(config);

        QCOMPARE(encoder.radii, (std::vector<std::vector<double>>{{0.1}, {0.2, 0.2}, {0.3, 0.4, 0.5}}));
        QCOMPARE(encoder.nsamples, (std::vector<std::vector<int>>{{8}, {16, 16}, {24, 32, 32}}));
    }

    void nsampleScalingMultipliesPerStage()
    {
        const Config config = Config::load(badConfig("valid.yaml"), {"model.encoder_args.nsample_scaling=2"});
        const pointq::EncoderArgs encoder = pointq::parseEncoderArgs(config);

        QCOMPARE(encoder.nsamples, (std::vector<std::vector<int>>{{32}, {32}, {64}}));
    }

    void validBadConfigBaseParses()
    {
        const Config config = Config::load(badConfig("valid.yaml"));
        QCOMPARE(pointq::parseModelArgs(config).encoder.radii.size(), std::size_t(3));
        QCOMPARE(pointq::parseDatasetArgs(config).batchSize, 16);
    }

    void badConfigFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("errorFile");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expectation");

        QTest::newRow("malformed YAML") << "malformed.yaml" << "malformed.yaml" << 4 << ""
                                        << "invalid YAML: end of sequence flow not found";
        QTest::newRow("width not an integer") << "width-not-integer.yaml" << "width-not-integer.yaml" << 3
                                              << "model.encoder_args.width"
                                              << "expected an integer for model.encoder_args.width, found 'abc'";
        QTest::newRow("quoted width") << "width-quoted.yaml" << "width-quoted.yaml" << 4 << "model.encoder_args.width"
                                      << "expected an integer for model.encoder_args.width, found the string '32'";
        QTest::newRow("unknown model") << "unknown-model.yaml" << "unknown-model.yaml" << 2 << "model.NAME"
                                       << "expected BaseCls, BaseSeg or BasePartSeg for model.NAME, found 'BaseDet'";
        QTest::newRow("unknown encoder") << "unknown-encoder.yaml" << "unknown-encoder.yaml" << 3
                                         << "model.encoder_args.NAME"
                                         << "PointQ builds only the PointNextEncoder, found 'PointNet2Encoder'";
        QTest::newRow("blocks and strides") << "blocks-strides.yaml" << "blocks-strides.yaml" << 4
                                            << "model.encoder_args.strides"
                                            << "expected as many strides as blocks in model.encoder_args, found 3 "
                                               "blocks and 4 strides";
        QTest::newRow("zero width") << "zero-width.yaml" << "zero-width.yaml" << 3 << "model.encoder_args.width"
                                    << "expected a positive integer for model.encoder_args.width, found 0";
        QTest::newRow("negative nsample") << "negative-nsample.yaml" << "negative-nsample.yaml" << 4
                                          << "model.encoder_args.nsample"
                                          << "expected positive integer neighbour counts";
        QTest::newRow("zero radius") << "zero-radius.yaml" << "zero-radius.yaml" << 3 << "model.encoder_args.radius"
                                     << "expected positive radii for model.encoder_args.radius, found 0";
        QTest::newRow("radius per stage") << "radius-per-stage.yaml" << "radius-per-stage.yaml" << 4
                                          << "model.encoder_args.radius"
                                          << "expected one value or list per stage for model.encoder_args.radius "
                                             "(3 stages), found 2";
        QTest::newRow("null num_classes") << "head-without-classes.yaml" << "head-without-classes.yaml" << 3
                                          << "model.cls_args.num_classes"
                                          << "expected an integer for model.cls_args.num_classes, found null";
        QTest::newRow("top-level list") << "top-level-list.yaml" << "top-level-list.yaml" << 1 << ""
                                        << "expected a mapping of keys at the top level";
        QTest::newRow("bad merge key") << "bad-merge-key.yaml" << "bad-merge-key.yaml" << 4 << ""
                                       << "expected a mapping or a sequence of mappings after the merge key <<";
        QTest::newRow("error in a folder default") << "chain/model.yaml" << "chain/default.yaml" << 4
                                                   << "model.encoder_args.width"
                                                   << "expected an integer for model.encoder_args.width, found 'wide'";
    }

    void badConfigFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, errorFile);
        QFETCH(int, line);
        QFETCH(QString, key);
        QFETCH(QString, expectation);

        const std::optional<ConfigError> error = captureConfigError([&] {
            const Config config = Config::load(badConfig(file.toStdString()));
            pointq::parseModelArgs(config);
            pointq::parseDatasetArgs(config);
        });

        QVERIFY(error.has_value());
        const std::string message = error->what();
        QCOMPARE(error->file(), badConfig(errorFile.toStdString()));
        QVERIFY2(message.find(badConfig(errorFile.toStdString())) != std::string::npos, message.c_str());
        QVERIFY2(error->position().rfind("line " + std::to_string(line) + ",", 0) == 0, message.c_str());
        if (!key.isEmpty())
            QVERIFY2(endsWith(error->position(), "key " + key.toStdString()), message.c_str());
        QVERIFY2(error->detail().find(expectation.toStdString()) != std::string::npos, message.c_str());
    }

    void badOverrides_data()
    {
        QTest::addColumn<QStringList>("overrides");
        QTest::addColumn<QString>("position");
        QTest::addColumn<QString>("expectation");

        QTest::newRow("width not an integer") << QStringList{"model.encoder_args.width=abc"}
                                              << "key model.encoder_args.width"
                                              << "expected an integer for model.encoder_args.width, found the string 'abc'";
        QTest::newRow("string for a bool") << QStringList{"model.encoder_args.sa_use_res=yes"}
                                           << "key model.encoder_args.sa_use_res"
                                           << "an override needs True or False";
        QTest::newRow("float width") << QStringList{"model.encoder_args.width=32.0"} << "key model.encoder_args.width"
                                     << "expected an integer for model.encoder_args.width, found '32.0'";
        QTest::newRow("unknown head") << QStringList{"model.cls_args.NAME=SegHead"} << "key model.cls_args.NAME"
                                      << "expected ClsHead for model.cls_args.NAME of a BaseCls model";
        QTest::newRow("unknown sampler") << QStringList{"model.encoder_args.sampler=grid"}
                                         << "key model.encoder_args.sampler" << "expected one of fps, random";
        QTest::newRow("unknown feature type") << QStringList{"model.encoder_args.aggr_args.feature_type=xyz"}
                                              << "key model.encoder_args.aggr_args.feature_type"
                                              << "expected one of fj, df";
        QTest::newRow("unknown reduction") << QStringList{"model.encoder_args.aggr_args.reduction=median"}
                                           << "key model.encoder_args.aggr_args.reduction"
                                           << "expected one of sum, max, mean, avg";
        QTest::newRow("unknown grouper") << QStringList{"model.encoder_args.group_args.NAME=ball"}
                                         << "key model.encoder_args.group_args.NAME" << "expected one of ballquery, knn";
        QTest::newRow("unknown block") << QStringList{"model.encoder_args.block=Bottleneck"}
                                       << "key model.encoder_args.block" << "expected one of InvResMLP, ResBlock";
        QTest::newRow("unknown conv order") << QStringList{"model.encoder_args.conv_args={'order': 'act-conv'}"}
                                            << "key model.encoder_args.conv_args.order"
                                            << "expected one of conv-norm-act";
        QTest::newRow("fractional nsample")
            << QStringList{"model.encoder_args.nsample=5", "model.encoder_args.nsample_scaling=1.5"}
            << "key model.encoder_args.nsample" << "(after nsample_scaling), found 7.5";
        QTest::newRow("zero expansion") << QStringList{"model.encoder_args.expansion=0"}
                                        << "key model.encoder_args.expansion" << "expected a positive number";
        QTest::newRow("zero stride") << QStringList{"model.encoder_args.strides=[1,0,2]"}
                                     << "key model.encoder_args.strides[1]" << "expected a positive integer";
        QTest::newRow("empty radius list") << QStringList{"model.encoder_args.radius=[0.1,[],0.2]"}
                                           << "key model.encoder_args.radius[1]" << "found an empty list";
        QTest::newRow("zero head width") << QStringList{"model.cls_args.mlps=[0]"} << "key model.cls_args.mlps[0]"
                                         << "expected a positive integer";
        QTest::newRow("bad dropout") << QStringList{"model.cls_args.dropout=1.5"} << "key model.cls_args.dropout"
                                     << "expected a dropout probability in [0, 1)";
        QTest::newRow("bad global feature") << QStringList{"model.cls_args.global_feat=max,sum"}
                                            << "key model.cls_args.global_feat"
                                            << "expected a comma-separated list of max and avg";
        QTest::newRow("missing head") << QStringList{"model.cls_args=None"} << "key model.cls_args"
                                      << "expected a mapping model.cls_args with NAME: ClsHead";
        QTest::newRow("bad gravity axis") << QStringList{"datatransforms.kwargs.gravity_dim=3"}
                                          << "key datatransforms.kwargs.gravity_dim" << "expected 0, 1 or 2";
        QTest::newRow("zero batch size") << QStringList{"batch_size=0"} << "key batch_size"
                                         << "expected a positive integer for batch_size";
        QTest::newRow("transforms not a list") << QStringList{"datatransforms.val=PointsToTensor"}
                                               << "key datatransforms.val" << "expected a list of strings";
        QTest::newRow("empty key part") << QStringList{"model..width=3"} << "key model..width"
                                        << "found an empty key part";
        QTest::newRow("empty key") << QStringList{"=3"} << "key " << "found an empty key part";
        QTest::newRow("last key without value") << QStringList{"batch_size=4", "model.encoder_args.width"}
                                                << "argument 2" << "expected key=value, or a value after the key";
        QTest::newRow("key below a scalar") << QStringList{"batch_size.x=1"} << "line 2, key batch_size"
                                            << "because batch_size is not a mapping";
    }

    void badOverrides()
    {
        QFETCH(QStringList, overrides);
        QFETCH(QString, position);
        QFETCH(QString, expectation);

        const std::optional<ConfigError> error = captureConfigError([&] {
            const Config config = Config::load(badConfig("valid.yaml"), toStrings(overrides));
            pointq::parseModelArgs(config);
            pointq::parseDatasetArgs(config);
        });

        QVERIFY(error.has_value());
        const std::string message = error->what();
        // Only the override below a scalar blames a file: the one that wrote the scalar.
        const std::string expectedFile = position.startsWith("line") ? badConfig("valid.yaml") : "override";
        QVERIFY2(error->file() == expectedFile, message.c_str());
        QVERIFY2(error->position() == position.toStdString(), message.c_str());
        QVERIFY2(error->detail().find(expectation.toStdString()) != std::string::npos, message.c_str());
    }

    void missingFileIsNamed()
    {
        const std::string path = badConfig("absent.yaml");
        const std::optional<ConfigError> error = captureConfigError([&] { Config::load(path); });

        QVERIFY(error.has_value());
        QCOMPARE(error->file(), path);
        QCOMPARE(error->detail(), std::string("config file not found"));
    }

    void yamlTextErrorsNameTheSource()
    {
        const std::optional<ConfigError> malformed =
            captureConfigError([] { Config::fromYamlText("a: 1\n  b: 2\n", "model.pqm:config.yaml"); });
        QVERIFY(malformed.has_value());
        QCOMPARE(malformed->file(), std::string("model.pqm:config.yaml"));
        QCOMPARE(malformed->position(), std::string("line 2, column 4"));

        const std::optional<ConfigError> twoDocuments =
            captureConfigError([] { Config::fromYamlText("a: 1\n---\nb: 2\n", "two.yaml"); });
        QVERIFY(twoDocuments.has_value());
        QVERIFY(twoDocuments->detail().find("expected a single YAML document, found 2") != std::string::npos);
    }

    void errorForAbsentKeyNamesParent()
    {
        const Config config = Config::load(badConfig("valid.yaml"));
        const ConfigError error = config.error("model.encoder_args.missing", "expected something");

        QCOMPARE(error.file(), badConfig("default.yaml"));
        QCOMPARE(error.position(), std::string("line 6, key model.encoder_args.missing"));
    }
};

QTEST_GUILESS_MAIN(ConfigTest)
#include "test_config.moc"
