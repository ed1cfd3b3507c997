// Saving and reloading INT8 models: a reloaded model gives bit-identical outputs, and
// damaged or foreign files give errors that name the file.
#include "common/Errors.h"
#include "config/Config.h"
#include "config/ModelConfig.h"
#include "io/Checkpoint.h"
#include "io/Npy.h"
#include "quant/QuantizedModel.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <filesystem>
#include <fstream>

using namespace pointq;

namespace {

const std::string dataDir = POINTQ_TEST_DATA_DIR;
const std::string configPath = std::string(POINTQ_SOURCE_DIR) + "/cfgs/modelnet40ply2048/pointnext-s.yaml";

ModelInput inputsOf(const at::Tensor& positions)
{
    return ModelInput{positions, positions.transpose(1, 2).contiguous()};
}

void expectCheckpointError(const std::string& path, const std::string& fragment)
{
    try {
        QuantizedModel::load(path);
        QFAIL("expected a CheckpointError");
    } catch (const CheckpointError& error) {
        QCOMPARE(error.file(), path);
        QVERIFY2(std::string(error.what()).find(fragment) != std::string::npos, error.what());
    }
}

} // namespace

class QuantizedModelFileTest : public QObject {
    Q_OBJECT

private:
    Config m_config = Config::load(configPath);
    std::shared_ptr<PointNextClassifier> m_model;
    at::Tensor m_positions;
    QTemporaryDir m_folder;

    std::unique_ptr<QuantizedModel> convert(const std::vector<std::string>& skip)
    {
        Calibrator calibrator;
        torch::NoGradGuard noGrad;
        m_model->forward(inputsOf(m_positions.slice(0, 0, 8)), &calibrator);
        QuantSettings settings;
        settings.skip = skip;
        return QuantizedModel::convert(*m_model, calibrator, settings, m_config.dump());
    }

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
        m_model = buildModel(parseModelArgs(m_config));
        loadStateDict(*m_model, readCheckpoint(dataDir + "/parity/mn40_s_trained_weights_only.pth").stateDict);
        m_positions = readNpz(dataDir + "/parity/mn40_s_trained_io_small.npz").at("pos").slice(0, 0, 16).contiguous();
    }

    void reloadGivesIdenticalLogits_data()
    {
        QTest::addColumn<QStringList>("skip");
        QTest::newRow("all INT8") << QStringList{};
        QTest::newRow("stage1 and head in FP32") << QStringList{"stage1", "head"};
    }

    void reloadGivesIdenticalLogits()
    {
        QFETCH(QStringList, skip);
        std::vector<std::string> words;
        for (const auto& word : skip)
            words.push_back(word.toStdString());
        auto quantized = convert(words);
        const at::Tensor before = quantized->forward(inputsOf(m_positions));

        const std::string path = m_folder.filePath("model.pq").toStdString();
        quantized->save(path);
        auto reloaded = QuantizedModel::load(path);
        const at::Tensor after = reloaded->forward(inputsOf(m_positions));
        QVERIFY(at::equal(before, after));
        QCOMPARE(reloaded->int8LayerCount(), quantized->int8LayerCount());
        QCOMPARE(reloaded->configYaml(), quantized->configYaml());
        QCOMPARE(reloaded->activationQuantMax(), quantized->activationQuantMax());
        for (size_t i = 0; i < quantized->layers().size(); ++i) {
            QCOMPARE(reloaded->layers()[i].name, quantized->layers()[i].name);
            QCOMPARE(reloaded->layers()[i].keepFloat, quantized->layers()[i].keepFloat);
            QCOMPARE(reloaded->layers()[i].inputScale, quantized->layers()[i].inputScale);
            QCOMPARE(reloaded->layers()[i].outputZeroPoint, quantized->layers()[i].outputZeroPoint);
            QCOMPARE(reloaded->layers()[i].quantMax, quantized->layers()[i].quantMax);
        }
    }

    void savedFileIsAboutAQuarterOfFloat()
    {
        auto quantized = convert({});
        const std::string path = m_folder.filePath("size.pq").toStdString();
        quantized->save(path);
        const auto bytes = static_cast<double>(std::filesystem::file_size(path));
        int64_t parameters = 0;
        for (const auto& parameter : m_model->parameters())
            parameters += parameter.numel();
        QVERIFY(bytes > static_cast<double>(parameters));
        QVERIFY(bytes < 1.03 * static_cast<double>(parameters));
    }

    void saveReplacesTargetOnlyWhenComplete()
    {
        const std::string path = m_folder.filePath("kept.pq").toStdString();
        {
            std::ofstream stream(path);
            stream << "previous contents";
        }
        auto quantized = convert({});
        const std::string missingFolder = m_folder.filePath("no/such/folder/model.pq").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, quantized->save(missingFolder));
        QVERIFY(!std::filesystem::exists(missingFolder));
        std::ifstream stream(path);
        std::string contents;
        std::getline(stream, contents);
        QCOMPARE(contents, std::string("previous contents"));
    }

    void missingFileIsReported()
    {
        expectCheckpointError(m_folder.filePath("absent.pq").toStdString(), "not a PointQ quantized model file");
    }

    void checkpointIsNotAQuantizedModel()
    {
        expectCheckpointError(dataDir + "/parity/mn40_s_trained_weights_only.pth", "not a PointQ quantized model file");
    }

    void truncatedFileIsReported()
    {
        auto quantized = convert({});
        const std::string whole = m_folder.filePath("whole.pq").toStdString();
        quantized->save(whole);
        const std::string truncated = m_folder.filePath("truncated.pq").toStdString();
        std::filesystem::copy_file(whole, truncated, std::filesystem::copy_options::overwrite_existing);
        std::filesystem::resize_file(truncated, std::filesystem::file_size(whole) / 2);
        expectCheckpointError(truncated, "not a PointQ quantized model file");
    }

    void configThatBuildsOtherLayersIsReported()
    {
        // Weights of a width-16 network stored with the width-32 config: loading must
        // stop at the first layer whose weights run short, not read past them.
        Config wide = Config::load(configPath, {"model.encoder_args.width=16"});
        auto narrow = buildModel(parseModelArgs(wide));
        Calibrator calibrator;
        {
            torch::NoGradGuard noGrad;
            narrow->forward(inputsOf(m_positions.slice(0, 0, 2)), &calibrator);
        }
        auto quantized = QuantizedModel::convert(*narrow, calibrator, QuantSettings{}, m_config.dump());
        const std::string path = m_folder.filePath("mismatch.pq").toStdString();
        quantized->save(path);
        expectCheckpointError(path, "fewer than the config's layers need");
    }
};

QTEST_GUILESS_MAIN(QuantizedModelFileTest)
#include "test_quant_model_file.moc"
