// BaseSeg and BasePartSeg: state_dict keys and shapes against openpoints' module
// structure (openpoints commit 8c115a9: models/segmentation/base_seg.py and
// models/backbone/pointnext.py), forward shapes, checkpoint round trips and the
// INT8 path through the decoder and the SegHead.
#include "common/Errors.h"
#include "config/Config.h"
#include "config/ModelConfig.h"
#include "io/Checkpoint.h"
#include "model/Classifier.h"
#include "quant/LayerSelection.h"
#include "quant/QuantizedModel.h"

#include <QtCore/QDir>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <filesystem>
#include <map>

using namespace pointq;

namespace {

const std::string sourceDir = POINTQ_SOURCE_DIR;

std::shared_ptr<PointNextClassifier> buildFromConfig(const std::string& relativePath,
                                                     const std::vector<std::string>& overrides = {})
{
    return buildModel(parseModelArgs(Config::load(sourceDir + "/" + relativePath, overrides)));
}

std::map<std::string, std::vector<int64_t>> stateShapes(const torch::nn::Module& model)
{
    std::map<std::string, std::vector<int64_t>> shapes;
    for (const auto& item : model.named_parameters())
        shapes[item.key()] = item.value().sizes().vec();
    for (const auto& item : model.named_buffers())
        shapes[item.key()] = item.value().sizes().vec();
    return shapes;
}

// The keys openpoints' create_convblock1d gives a Conv1d followed by BatchNorm1d.
std::vector<std::string> convNormKeys(const std::string& prefix)
{
    return {prefix + ".0.weight", prefix + ".1.weight", prefix + ".1.bias", prefix + ".1.running_mean",
            prefix + ".1.running_var", prefix + ".1.num_batches_tracked"};
}

// Sets every parameter and batch-norm statistic to random values, so that a
// round trip or a wrong key would change the outputs.
void randomize(torch::nn::Module& model, uint64_t seed)
{
    torch::manual_seed(seed);
    torch::NoGradGuard noGrad;
    for (auto& parameter : model.parameters())
        parameter.copy_(at::randn_like(parameter) * 0.2);
    for (auto& item : model.named_buffers()) {
        if (item.key().find("running_var") != std::string::npos)
            item.value().copy_(at::rand_like(item.value()) + 0.5);
        else if (item.key().find("running_mean") != std::string::npos)
            item.value().copy_(at::randn_like(item.value()) * 0.1);
    }
}

ModelInput sceneInput(int64_t points, int64_t channels, uint64_t seed)
{
    torch::manual_seed(seed);
    const at::Tensor positions = at::rand({1, points, 3}) * 2.0;
    return ModelInput{positions, at::randn({1, channels, points}), {}};
}

int64_t parameterCount(const torch::nn::Module& model)
{
    int64_t count = 0;
    for (const auto& parameter : model.parameters())
        count += parameter.numel();
    return count;
}

} // namespace

class SegModelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void s3disDecoderKeysMatchOpenpoints()
    {
        const auto model = buildFromConfig("cfgs/s3dis/pointnext-s.yaml");
        const auto shapes = stateShapes(*model);
        // PointNextDecoder over encoder channels [32, 64, 128, 256, 512]: stage i
        // concatenates skip channels and the coarser stage's output.
        const std::vector<std::vector<int64_t>> firstConv{{32, 96, 1}, {64, 192, 1}, {128, 384, 1}, {256, 768, 1}};
        for (int i = 0; i < 4; ++i) {
            for (int conv = 0; conv < 2; ++conv) {
                const std::string prefix = "decoder.decoder." + std::to_string(i) + ".0.convs." + std::to_string(conv);
                for (const std::string& key : convNormKeys(prefix))
                    QVERIFY2(shapes.count(key), key.c_str());
                QVERIFY2(!shapes.count(prefix + ".0.bias"), prefix.c_str());
            }
            const std::string first = "decoder.decoder." + std::to_string(i) + ".0.convs.0.0.weight";
            QCOMPARE(shapes.at(first), firstConv[static_cast<size_t>(i)]);
        }
        QCOMPARE(shapes.at("head.head.0.0.weight"), (std::vector<int64_t>{32, 32, 1}));
        QCOMPARE(shapes.at("head.head.2.0.weight"), (std::vector<int64_t>{13, 32, 1}));
        QCOMPARE(shapes.at("head.head.2.0.bias"), (std::vector<int64_t>{13}));
        QVERIFY(!shapes.count("head.head.1.weight")); // index 1 is the dropout
    }

    void s3disParameterCountMatchesConfigNote()
    {
        // The config's header records 0.792 M parameters, as openpoints counted them.
        const auto model = buildFromConfig("cfgs/s3dis/pointnext-s.yaml");
        QCOMPARE(std::llround(static_cast<double>(parameterCount(*model)) / 1000.0), 792LL);
    }

    void partDecoderKeysMatchOpenpoints()
    {
        const auto model = buildFromConfig("cfgs/shapenetpart/pointnext-s.yaml");
        const auto shapes = stateShapes(*model);
        QCOMPARE(shapes.at("encoder.encoder.0.0.convs.0.0.weight"), (std::vector<int64_t>{32, 7, 1}));
        // cls_map curvenet: global features of the two coarsest stages, Conv1d with bias and no norm.
        QCOMPARE(shapes.at("decoder.global_conv2.0.0.weight"), (std::vector<int64_t>{128, 512, 1}));
        QCOMPARE(shapes.at("decoder.global_conv2.0.0.bias"), (std::vector<int64_t>{128}));
        QCOMPARE(shapes.at("decoder.global_conv1.0.0.weight"), (std::vector<int64_t>{64, 256, 1}));
        // The finest stage takes 64 + 128 + 16 embedding channels, 32 skip and 64 interpolated.
        QCOMPARE(shapes.at("decoder.decoder.0.0.convs.0.0.weight"), (std::vector<int64_t>{32, 304, 1}));
        QCOMPARE(shapes.at("decoder.decoder.3.0.convs.0.0.weight"), (std::vector<int64_t>{256, 768, 1}));
        // global_feat max,avg triples the head's input.
        QCOMPARE(shapes.at("head.head.0.0.weight"), (std::vector<int64_t>{96, 96, 1}));
        QCOMPARE(shapes.at("head.head.2.0.weight"), (std::vector<int64_t>{50, 96, 1}));
        QVERIFY(!shapes.count("decoder.convc.0.0.weight"));
    }

    void partParameterCountMatchesConfigNote()
    {
        // The config's header records 0.9817 M parameters for a test input of 3 channels
        // ("torch.Size([1, 3, 2048])"), so it was counted with in_channels 3; the stem then
        // has 4 x 32 weights fewer than with the config's in_channels 7.
        const auto model = buildFromConfig("cfgs/shapenetpart/pointnext-s.yaml", {"model.encoder_args.in_channels=3"});
        QCOMPARE(std::llround(static_cast<double>(parameterCount(*model)) / 100.0), 9817LL);
    }

    void pointnet2ClassMapEmbedsOneHot()
    {
        const auto model = buildFromConfig("cfgs/shapenetpart/pointnext-s.yaml", {"model.decoder_args.cls_map=pointnet2"});
        const auto shapes = stateShapes(*model);
        QCOMPARE(shapes.at("decoder.convc.0.0.weight"), (std::vector<int64_t>{64, 16, 1}));
        QCOMPARE(shapes.at("decoder.convc.0.0.bias"), (std::vector<int64_t>{64}));
        QCOMPARE(shapes.at("decoder.decoder.0.0.convs.0.0.weight"), (std::vector<int64_t>{32, 160, 1}));
        QVERIFY(!shapes.count("decoder.global_conv1.0.0.weight"));
    }

    void unsupportedClassMapIsConfigError()
    {
        try {
            buildFromConfig("cfgs/shapenetpart/pointnext-s.yaml", {"model.decoder_args.cls_map=pointnext"});
            QFAIL("expected ConfigError");
        } catch (const ConfigError& error) {
            QVERIFY(std::string(error.what()).find("cls_map") != std::string::npos);
        }
    }

    void scanObjectNNParameterCountMatchesConfigNote()
    {
        // ScanObjectNN's classifier takes x, y, z and height (in_channels 4); its config records 1.367 M.
        const auto model = buildFromConfig("cfgs/scanobjectnn/pointnext-s.yaml");
        QCOMPARE(stateShapes(*model).at("encoder.encoder.0.0.convs.0.0.weight"), (std::vector<int64_t>{32, 4, 1}));
        QCOMPARE(std::llround(static_cast<double>(parameterCount(*model)) / 1000.0), 1367LL);
        torch::NoGradGuard noGrad;
        const at::Tensor logits = model->forward(sceneInput(1024, 4, 3));
        QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{1, 15}));
    }

    void segForwardGivesPerPointLogits()
    {
        const auto model = buildFromConfig("cfgs/s3dis/pointnext-s.yaml");
        QVERIFY(model->segments());
        torch::NoGradGuard noGrad;
        const at::Tensor logits = model->forward(sceneInput(600, 4, 1));
        QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{1, 13, 600}));
        QVERIFY(at::isfinite(logits).all().item<bool>());
    }

    void partSegForwardNeedsShapeClasses()
    {
        const auto model = buildFromConfig("cfgs/shapenetpart/pointnext-s.yaml");
        torch::NoGradGuard noGrad;
        ModelInput input = sceneInput(256, 7, 2);
        QVERIFY_THROWS_EXCEPTION(Error, model->forward(input));
        input.shapeClasses = at::tensor({3}, at::kLong);
        const at::Tensor logits = model->forward(input);
        QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{1, 50, 256}));
        // The category conditions the output.
        input.shapeClasses = at::tensor({7}, at::kLong);
        QVERIFY(!at::allclose(model->forward(input), logits));
    }

    void checkpointRoundTripRestoresOutputs()
    {
        for (const std::string config : {"cfgs/s3dis/pointnext-s.yaml", "cfgs/shapenetpart/pointnext-s.yaml"}) {
            const auto source = buildFromConfig(config);
            randomize(*source, 11);
            StateDict stateDict;
            for (const auto& item : source->named_parameters())
                stateDict.insert(item.key(), item.value().detach().clone());
            for (const auto& item : source->named_buffers())
                stateDict.insert(item.key(), item.value().clone());

            const auto target = buildFromConfig(config);
            const LoadReport report = loadStateDict(*target, stateDict, true, config);
            QVERIFY2(report.describe() == "every key matches", report.describe().c_str());
            torch::NoGradGuard noGrad;
            ModelInput input = sceneInput(512, source->args().encoder.inChannels, 5);
            if (source->args().name == "BasePartSeg")
                input.shapeClasses = at::tensor({2}, at::kLong);
            QVERIFY(at::equal(source->forward(input), target->forward(input)));
        }
    }

    void checkpointWithoutDecoderKeysIsRejected()
    {
        const auto source = buildFromConfig("cfgs/s3dis/pointnext-s.yaml");
        StateDict stateDict;
        for (const auto& item : source->named_parameters())
            if (item.key().rfind("decoder.", 0) != 0)
                stateDict.insert(item.key(), item.value().detach().clone());
        for (const auto& item : source->named_buffers())
            if (item.key().rfind("decoder.", 0) != 0)
                stateDict.insert(item.key(), item.value().clone());
        const auto target = buildFromConfig("cfgs/s3dis/pointnext-s.yaml");
        try {
            loadStateDict(*target, stateDict, true, "partial.pth");
            QFAIL("expected CheckpointError");
        } catch (const CheckpointError& error) {
            QVERIFY(std::string(error.what()).find("decoder.decoder.0.0.convs.0.0.weight") != std::string::npos);
        }
    }

    void decoderAndHeadLayersAreQuantizable()
    {
        const auto model = buildFromConfig("cfgs/s3dis/pointnext-s.yaml");
        std::vector<std::string> decoderLayers;
        for (const auto& layer : model->layers())
            if (layer->layerName().rfind("decoder.", 0) == 0)
                decoderLayers.push_back(layer->layerName());
        QCOMPARE(decoderLayers.size(), size_t(8));
        QCOMPARE(selectLayers(model->layers(), {"decoder"}).size(), size_t(8));
        QCOMPARE(selectLayers(model->layers(), {"head"}),
                 (std::set<std::string>{"head.head.0", "head.head.2"}));
        QCOMPARE(selectLayers(model->layers(), {"FeaturePropagation"}).size(), size_t(8));
        const auto stage3 = std::find_if(model->layers().begin(), model->layers().end(), [](const auto& layer) {
            return layer->layerName() == "decoder.decoder.3.0.convs.1";
        });
        QVERIFY(stage3 != model->layers().end());
        QCOMPARE((*stage3)->place().block, 3);
        QCOMPARE((*stage3)->place().role, std::string("convs.1"));
    }

    void int8SegModelTracksFloatAndReloads()
    {
        const auto model = buildFromConfig("cfgs/s3dis/pointnext-s.yaml");
        randomize(*model, 21);
        torch::NoGradGuard noGrad;
        const ModelInput input = sceneInput(1024, 4, 9);
        Calibrator calibrator;
        model->forward(input, &calibrator);
        std::unique_ptr<QuantizedModel> quantized = QuantizedModel::convert(*model, calibrator, {}, "");
        QCOMPARE(quantized->int8LayerCount(), static_cast<int64_t>(model->layers().size()));
        const at::Tensor reference = model->forward(input);
        const at::Tensor int8 = quantized->forward(input);
        QCOMPARE(int8.sizes().vec(), reference.sizes().vec());
        const double noise = (reference - int8).pow(2).sum().item<double>();
        const double signal = reference.pow(2).sum().item<double>();
        const double sqnr = 10.0 * std::log10(signal / noise);
        QVERIFY2(sqnr > 10.0, std::to_string(sqnr).c_str());
        QVERIFY(sqnr < 200.0); // INT8 is not bit-identical to FP32

        QTemporaryDir dir;
        const std::string path = dir.filePath("seg.pq").toStdString();
        const std::string configText = Config::load(sourceDir + "/cfgs/s3dis/pointnext-s.yaml").dump();
        std::unique_ptr<QuantizedModel> saved = QuantizedModel::convert(*model, calibrator, {}, configText);
        saved->save(path);
        std::unique_ptr<QuantizedModel> reloaded = QuantizedModel::load(path);
        QVERIFY(at::equal(reloaded->forward(input), saved->forward(input)));
    }

    void everyShippedPointNextConfigBuilds()
    {
        int built = 0;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(sourceDir + "/cfgs")) {
            const std::string path = entry.path().string();
            if (entry.path().extension() != ".yaml" || entry.path().filename() == "default.yaml")
                continue;
            const Config config = Config::load(path);
            if (config.getString("model.encoder_args.NAME", "") != "PointNextEncoder") {
                // PointNet++ (PointNet2Encoder) is not built; the error names the key.
                QVERIFY_THROWS_EXCEPTION(ConfigError, parseModelArgs(config));
                continue;
            }
            const auto model = buildModel(parseModelArgs(config));
            QVERIFY2(!model->layers().empty(), path.c_str());
            ++built;
        }
        // The five upstream PointNeXt configs and PointQ's own demo config.
        QCOMPARE(built, 6);
    }
};

QTEST_GUILESS_MAIN(SegModelTest)
#include "test_seg_model.moc"
