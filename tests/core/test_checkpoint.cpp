#include "common/Errors.h"
#include "io/Checkpoint.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

#include <filesystem>
#include <fstream>

namespace {

const std::string kDataDir = POINTQ_TEST_DATA_DIR;
const std::string kWeightsOnly = kDataDir + "/parity/mn40_s_trained_weights_only.pth";
const std::string kSharedFull = std::string(POINTQ_SHARED_DIR) + "/parity/mn40_s_trained.pth";
const std::string kMarkerFile = "/tmp/pointq_rejected_global_ran";

std::string readFile(const std::string& path)
{
    std::ifstream stream(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(stream), {});
}

void writeFile(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string checkpointErrorMessage(const std::string& path)
{
    try {
        pointq::readCheckpoint(path);
    } catch (const pointq::CheckpointError& error) {
        return error.what();
    }
    return "no CheckpointError";
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

bool isBuffer(const std::string& name)
{
    for (const char* suffix : {"running_mean", "running_var", "num_batches_tracked"}) {
        const std::string tail = suffix;
        if (name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0)
            return true;
    }
    return false;
}

// A module tree whose parameter and buffer names and shapes are the keys of a state
// dict, so the loader can be checked against every real key.
std::shared_ptr<torch::nn::Module> moduleShapedLike(const pointq::StateDict& stateDict)
{
    auto root = std::make_shared<torch::nn::Module>();
    for (const auto& [name, tensor] : stateDict) {
        torch::nn::Module* parent = root.get();
        size_t start = 0;
        for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', start)) {
            const std::string child = name.substr(start, dot - start);
            std::shared_ptr<torch::nn::Module> existing;
            for (const auto& item : parent->named_children())
                if (item.key() == child)
                    existing = item.value();
            if (!existing)
                existing = parent->register_module(child, std::make_shared<torch::nn::Module>());
            parent = existing.get();
            start = dot + 1;
        }
        const at::Tensor blank = at::zeros(tensor.sizes(), tensor.options());
        if (isBuffer(name))
            parent->register_buffer(name.substr(start), blank);
        else
            parent->register_parameter(name.substr(start), blank);
    }
    return root;
}

struct SmallNetImpl : torch::nn::Module {
    SmallNetImpl()
        : conv(register_module("conv", torch::nn::Conv1d(torch::nn::Conv1dOptions(3, 4, 1)))),
          bn(register_module("bn", torch::nn::BatchNorm1d(4))),
          fc(register_module("fc", torch::nn::Linear(4, 2)))
    {
    }
    torch::nn::Conv1d conv;
    torch::nn::BatchNorm1d bn;
    torch::nn::Linear fc;
};
TORCH_MODULE(SmallNet);

pointq::StateDict stateDictOf(torch::nn::Module& module)
{
    pointq::StateDict stateDict;
    for (const auto& item : module.named_parameters())
        stateDict.insert(item.key(), item.value().detach().clone());
    for (const auto& item : module.named_buffers())
        stateDict.insert(item.key(), item.value().clone());
    return stateDict;
}

bool moduleEquals(torch::nn::Module& module, const pointq::StateDict& expected)
{
    const pointq::StateDict actual = stateDictOf(module);
    for (const auto& [name, tensor] : actual) {
        if (!expected.contains(name) || !at::equal(tensor, expected.at(name).to(tensor.scalar_type())))
            return false;
    }
    return true;
}

} // namespace

class CheckpointTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void weightsOnlyCheckpointKeysAndShapes()
    {
        const pointq::CheckpointContents contents = pointq::readCheckpoint(kWeightsOnly);
        const pointq::StateDict& stateDict = contents.stateDict;
        QCOMPARE(contents.stateDictKey, std::string("model"));
        QVERIFY(contents.ignoredKeys.empty());
        QCOMPARE(contents.strippedPrefixKeys, size_t{0});
        QCOMPARE(stateDict.size(), size_t{84});
        QCOMPARE(stateDict.names().front(), std::string("encoder.encoder.0.0.convs.0.0.weight"));
        QCOMPARE(stateDict.names().back(), std::string("prediction.head.4.0.bias"));
        QCOMPARE(stateDict.at("encoder.encoder.0.0.convs.0.0.weight").sizes().vec(), std::vector<int64_t>({32, 3, 1}));
        QCOMPARE(stateDict.at("encoder.encoder.5.0.convs.0.0.weight").sizes().vec(), std::vector<int64_t>({512, 515, 1, 1}));
        QCOMPARE(stateDict.at("prediction.head.0.0.weight").sizes().vec(), std::vector<int64_t>({512, 512}));
        QCOMPARE(stateDict.at("prediction.head.4.0.weight").sizes().vec(), std::vector<int64_t>({40, 256}));
        QCOMPARE(stateDict.at("prediction.head.4.0.weight").scalar_type(), at::kFloat);

        int tracked = 0;
        for (const auto& [name, tensor] : stateDict) {
            if (name.size() < 19 || name.compare(name.size() - 19, 19, "num_batches_tracked") != 0)
                continue;
            ++tracked;
            QCOMPARE(tensor.scalar_type(), at::kLong);
            QCOMPARE(tensor.dim(), int64_t{0});
            QCOMPARE(tensor.item<int64_t>(), int64_t{175});
        }
        QCOMPARE(tracked, 12);
    }

    void weightsOnlyCheckpointValues()
    {
        const pointq::CheckpointContents contents = pointq::readCheckpoint(kWeightsOnly);
        // Values decoded independently from the raw storage bytes with Python's struct module.
        const at::Tensor stem = contents.stateDict.at("encoder.encoder.0.0.convs.0.0.weight").flatten();
        QCOMPARE(stem[0].item<float>(), -0.010455642826855183f);
        QCOMPARE(stem[1].item<float>(), 0.29967379570007324f);
        const at::Tensor bias = contents.stateDict.at("prediction.head.4.0.bias");
        QCOMPARE(bias[3].item<float>(), -0.0553361251950264f);
        QCOMPARE(contents.epoch, std::optional<int64_t>(25));
        QCOMPARE(contents.bestValue, std::optional<double>(73.45132743362832));
    }

    void fullCheckpointMatchesWeightsOnly()
    {
        if (!std::filesystem::exists(kSharedFull))
            QSKIP("the shared parity folder is not present");
        const pointq::CheckpointContents full = pointq::readCheckpoint(kSharedFull);
        const pointq::CheckpointContents small = pointq::readCheckpoint(kWeightsOnly);
        QCOMPARE(full.stateDict.names(), small.stateDict.names());
        for (const auto& [name, tensor] : small.stateDict)
            QVERIFY2(at::equal(tensor, full.stateDict.at(name)), name.c_str());
        QCOMPARE(full.ignoredKeys, std::vector<std::string>({"optimizer", "scheduler"}));
        QCOMPARE(full.epoch, small.epoch);
        QCOMPARE(full.bestValue, small.bestValue);
    }

    void repeatedModulePrefixIsStripped()
    {
        const pointq::CheckpointContents contents = pointq::readCheckpoint(kDataDir + "/bug-cases/ckpt_module_module_prefix.pth");
        QCOMPARE(contents.stateDict.size(), size_t{30});
        QCOMPARE(contents.strippedPrefixKeys, size_t{30});
        for (const std::string& name : contents.stateDict.names())
            QVERIFY2(name.rfind("encoder.encoder.", 0) == 0, name.c_str());

        // The 30 tensors are the stem and stages 1-2 of PointNeXt-S: the rest are missing.
        const pointq::CheckpointContents reference = pointq::readCheckpoint(kWeightsOnly);
        const auto module = moduleShapedLike(reference.stateDict);
        const pointq::LoadReport report = pointq::loadStateDict(*module, contents.stateDict, false);
        QCOMPARE(report.missing.size(), size_t{54});
        QVERIFY(report.unexpected.empty());
        QVERIFY(report.mismatched.empty());
        const at::Tensor loaded = module->named_parameters()["encoder.encoder.1.0.skipconv.0.weight"];
        QVERIFY(at::equal(loaded, contents.stateDict.at("encoder.encoder.1.0.skipconv.0.weight")));
    }

    void prefixStrippingRules()
    {
        QCOMPARE(pointq::stripModulePrefixes("module.module.encoder.x"), std::string("encoder.x"));
        QCOMPARE(pointq::stripModulePrefixes("module.encoder.x"), std::string("encoder.x"));
        QCOMPARE(pointq::stripModulePrefixes("encoder.module.x"), std::string("encoder.module.x"));
        QCOMPARE(pointq::stripModulePrefixes("modules.x"), std::string("modules.x"));
        QCOMPARE(pointq::stripModulePrefixes("encoder.x"), std::string("encoder.x"));
    }

    void numpyScalarCheckpointLoads()
    {
        std::filesystem::remove(kMarkerFile);
        const pointq::CheckpointContents contents = pointq::readCheckpoint(kDataDir + "/bug-cases/ckpt_numpy_scalar.pth");
        QCOMPARE(contents.stateDict.names(), std::vector<std::string>({"encoder.encoder.0.0.convs.0.0.weight",
                                                                      "encoder.encoder.0.0.convs.0.0.bias"}));
        QCOMPARE(contents.stateDict.at("encoder.encoder.0.0.convs.0.0.weight").sizes().vec(), std::vector<int64_t>({32, 3, 1}));
        QCOMPARE(contents.epoch, std::optional<int64_t>(100));
        QCOMPARE(contents.bestValue, std::optional<double>(93.41));
        QCOMPARE(contents.ignoredKeys, std::vector<std::string>({"lr", "val_oa_history"}));
    }

    void missingFileIsReported()
    {
        const std::string message = checkpointErrorMessage(kDataDir + "/absent.pth");
        QVERIFY2(contains(message, "checkpoint file not found"), message.c_str());
        QVERIFY2(contains(message, "absent.pth"), message.c_str());
    }

    void randomBytesAreNotZip()
    {
        QTemporaryDir folder;
        const std::string path = folder.filePath("random.pth").toStdString();
        std::string bytes(4096, '\0');
        for (size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>((i * 2654435761u) >> 13);
        writeFile(path, bytes);
        const std::string message = checkpointErrorMessage(path);
        QVERIFY2(contains(message, "not a torch.save zip archive"), message.c_str());
        QVERIFY2(contains(message, path), message.c_str());

        writeFile(path, "");
        QVERIFY(contains(checkpointErrorMessage(path), "not a torch.save zip archive"));
    }

    void legacyFormatGetsAdvice()
    {
        QTemporaryDir folder;
        const std::string path = folder.filePath("legacy.pth").toStdString();
        writeFile(path, std::string("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.\x80\x02M\xe9\x03.", 21));
        const std::string message = checkpointErrorMessage(path);
        QVERIFY2(contains(message, "legacy non-zip torch.save format"), message.c_str());
        QVERIFY2(contains(message, "torch.save(obj, f)"), message.c_str());
    }

    void truncatedCopiesAreReported_data()
    {
        QTest::addColumn<double>("fraction");
        QTest::newRow("first 100 bytes") << 0.0;
        QTest::newRow("half") << 0.5;
        QTest::newRow("99 percent") << 0.99;
        QTest::newRow("all but 10 bytes") << 1.0;
    }

    void truncatedCopiesAreReported()
    {
        QFETCH(double, fraction);
        const std::string whole = readFile(kWeightsOnly);
        size_t length = static_cast<size_t>(fraction * static_cast<double>(whole.size()));
        if (fraction == 0.0)
            length = 100;
        if (fraction == 1.0)
            length = whole.size() - 10;
        QTemporaryDir folder;
        const std::string path = folder.filePath("cut.pth").toStdString();
        writeFile(path, whole.substr(0, length));
        const std::string message = checkpointErrorMessage(path);
        QVERIFY2(contains(message, "truncated checkpoint: the zip central directory is missing"), message.c_str());
    }

    void torchScriptArchiveIsRejected()
    {
        const std::string message = checkpointErrorMessage(kDataDir + "/io/torchscript_like.pt");
        QVERIFY2(contains(message, "TorchScript module"), message.c_str());
        QVERIFY2(contains(message, "model.state_dict()"), message.c_str());
    }

    void archiveWithoutPickleIsRejected()
    {
        const std::string message = checkpointErrorMessage(kDataDir + "/io/no_data_pkl.pth");
        QVERIFY2(contains(message, "no <archive>/data.pkl entry"), message.c_str());
    }

    void pickleWithoutStateDictIsRejected()
    {
        const std::string message = checkpointErrorMessage(kDataDir + "/io/no_state_dict.pth");
        QVERIFY2(contains(message, "no state dict found"), message.c_str());
        QVERIFY2(contains(message, "the top-level keys are: epoch, note"), message.c_str());
        QVERIFY2(contains(message, "entry no_state_dict/data.pkl"), message.c_str());
    }

    void rejectedGlobalIsNeverRun()
    {
        std::filesystem::remove(kMarkerFile);
        const std::string message = checkpointErrorMessage(kDataDir + "/io/rejected_global.pth");
        QVERIFY2(contains(message, "rejected global 'posix.system'"), message.c_str());
        QVERIFY2(contains(message, "entry rejected_global/data.pkl, byte 2"), message.c_str());
        QVERIFY(!std::filesystem::exists(kMarkerFile));
    }

    void matchingStateDictLoadsExactly()
    {
        SmallNet source;
        source->bn->running_mean.uniform_(-1, 1);
        pointq::StateDict stateDict = stateDictOf(*source);
        // Values stored as float64 are converted to the parameter's float32.
        stateDict.insert("fc.weight", stateDict.at("fc.weight").to(at::kDouble));
        SmallNet target;
        QVERIFY(!moduleEquals(*target, stateDict));
        const pointq::LoadReport report = pointq::loadStateDict(*target, stateDict);
        QVERIFY(report.ok());
        QCOMPARE(report.describe(), std::string("every key matches"));
        QVERIFY(moduleEquals(*target, stateDictOf(*source)));
        QCOMPARE(target->fc->weight.scalar_type(), at::kFloat);
    }

    void strictLoadReportsEveryKeyAndCopiesNothing()
    {
        SmallNet source;
        pointq::StateDict stateDict;
        for (const auto& [name, tensor] : stateDictOf(*source)) {
            if (name == "fc.bias")
                continue;
            stateDict.insert(name, name == "conv.weight" ? at::zeros({4, 2, 1}) : tensor);
        }
        stateDict.insert("extra.weight", at::zeros({1}));

        SmallNet target;
        const pointq::StateDict before = stateDictOf(*target);
        std::string message;
        try {
            pointq::loadStateDict(*target, stateDict, true, "model.pth");
        } catch (const pointq::CheckpointError& error) {
            message = error.what();
        }
        QVERIFY2(contains(message, "model.pth: the state dict does not match the model"), message.c_str());
        QVERIFY2(contains(message, "1 missing from the checkpoint: fc.bias"), message.c_str());
        QVERIFY2(contains(message, "1 unexpected in the checkpoint: extra.weight"), message.c_str());
        QVERIFY2(contains(message, "conv.weight (model [4, 3, 1], checkpoint [4, 2, 1])"), message.c_str());
        QVERIFY(moduleEquals(*target, before));
    }

    void lenientLoadCopiesMatchingKeys()
    {
        SmallNet source;
        pointq::StateDict stateDict;
        for (const auto& [name, tensor] : stateDictOf(*source))
            stateDict.insert(name, name == "fc.weight" ? at::zeros({3, 4}) : tensor);
        SmallNet target;
        const pointq::LoadReport report = pointq::loadStateDict(*target, stateDict, false);
        QCOMPARE(report.mismatched.size(), size_t{1});
        QCOMPARE(report.mismatched[0].name, std::string("fc.weight"));
        QCOMPARE(report.mismatched[0].expected, std::vector<int64_t>({2, 4}));
        QCOMPARE(report.mismatched[0].actual, std::vector<int64_t>({3, 4}));
        QVERIFY(at::equal(target->conv->weight, source->conv->weight));
        QVERIFY(!at::equal(target->fc->weight, source->fc->weight));
    }
};

QTEST_GUILESS_MAIN(CheckpointTest)
#include "test_checkpoint.moc"
