// Saving and loading QuantizedModel. The file is a LibTorch archive, a zip written by
// torch::serialize::OutputArchive. It contains the merged config, the engine, the layer
// names and the weights of all layers. INT8 layers store int8 values with float32
// per-channel scales, and layers kept in FP32 store their folded weights. Loading rebuilds the network from the config
// and cuts the concatenated tensors into layers by the shapes the config gives.
#include "quant/QuantizedModel.h"

#include "common/Errors.h"
#include "common/Files.h"
#include "common/Log.h"
#include "config/Config.h"
#include "config/ModelConfig.h"

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <sstream>

namespace pointq {

namespace {

const char* const formatName = "pointq-int8-model";
constexpr int64_t formatVersion = 1;

// Weights, scales and biases of all layers are stored as a few concatenated tensors,
// because every archive entry costs a zip record and alignment padding, and those
// would otherwise add several kilobytes to a model of about 1.4 MB.
struct PackedTensors {
    std::vector<at::Tensor> int8Weights;
    std::vector<at::Tensor> weightScales;
    std::vector<at::Tensor> floatWeights;
    std::vector<at::Tensor> biases;
};

at::Tensor concatenate(const std::vector<at::Tensor>& parts, at::ScalarType type)
{
    if (parts.empty())
        return at::empty({0}, type);
    std::vector<at::Tensor> flat;
    for (const auto& part : parts)
        flat.push_back(part.reshape({-1}).to(type));
    return at::cat(flat);
}

// Hands out consecutive slices of a concatenated tensor; throws when it runs short.
class SliceReader {
public:
    SliceReader(at::Tensor data, std::string entry, std::string path)
        : m_data(std::move(data)), m_entry(std::move(entry)), m_path(std::move(path)) {}

    at::Tensor take(int64_t count)
    {
        if (m_offset + count > m_data.numel())
            throw CheckpointError("entry '" + m_entry + "' has " + std::to_string(m_data.numel())
                                      + " values, fewer than the config's layers need",
                                  m_path, "entry " + m_entry);
        at::Tensor slice = m_data.slice(0, m_offset, m_offset + count).clone();
        m_offset += count;
        return slice;
    }

    void expectEnd() const
    {
        if (m_offset != m_data.numel())
            throw CheckpointError("entry '" + m_entry + "' has " + std::to_string(m_data.numel() - m_offset)
                                      + " values more than the config's layers use",
                                  m_path, "entry " + m_entry);
    }

private:
    at::Tensor m_data;
    std::string m_entry;
    std::string m_path;
    int64_t m_offset = 0;
};

} // namespace

void QuantizedModel::save(const std::string& path) const
{
    std::string names;
    PackedTensors packed;
    at::Tensor keepFloat = at::empty({static_cast<int64_t>(m_layers.size())}, at::kByte);
    at::Tensor activation = at::zeros({static_cast<int64_t>(m_layers.size()), 4}, at::kDouble);
    for (size_t i = 0; i < m_layers.size(); ++i) {
        const QuantizedLayer& layer = m_layers[i];
        const auto row = static_cast<int64_t>(i);
        names += layer.name + "\n";
        keepFloat[row] = layer.keepFloat ? 1 : 0;
        packed.biases.push_back(layer.bias);
        if (layer.keepFloat) {
            packed.floatWeights.push_back(layer.weight);
            continue;
        }
        packed.int8Weights.push_back(layer.weight.int_repr());
        packed.weightScales.push_back(layer.weight.q_per_channel_scales());
        activation[row][0] = layer.inputScale;
        activation[row][1] = static_cast<double>(layer.inputZeroPoint);
        activation[row][2] = layer.outputScale;
        activation[row][3] = static_cast<double>(layer.outputZeroPoint);
    }

    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(formatName)));
    archive.write("version", c10::IValue(formatVersion));
    archive.write("config", c10::IValue(m_configYaml));
    archive.write("engine", c10::IValue(m_engine));
    archive.write("layer_names", c10::IValue(names));
    archive.write("keep_float", keepFloat);
    archive.write("activation_qparams", activation);
    archive.write("activation_quant_max", c10::IValue(m_activationQuantMax));
    archive.write("int8_weights", concatenate(packed.int8Weights, at::kChar));
    archive.write("weight_scales", concatenate(packed.weightScales, at::kFloat));
    archive.write("float_weights", concatenate(packed.floatWeights, at::kFloat));
    archive.write("biases", concatenate(packed.biases, at::kFloat));
    writeFileAtomically(path, [&](const std::string& temporary) {
        try {
            archive.save_to(temporary);
        } catch (const c10::Error& error) {
            throw Error(std::string("cannot write the quantized model: ") + error.what_without_backtrace(), path);
        }
    });
}

std::unique_ptr<QuantizedModel> QuantizedModel::load(const std::string& path)
{
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path);
    } catch (const c10::Error& error) {
        throw CheckpointError(std::string("not a PointQ quantized model file (") + error.what_without_backtrace() + ")", path);
    }

    const auto read = [&](const std::string& key) {
        c10::IValue value;
        if (!archive.try_read(key, value))
            throw CheckpointError("the quantized model file has no entry '" + key + "'", path, "entry " + key);
        return value;
    };
    const auto readTensor = [&](const std::string& key) {
        at::Tensor value;
        if (!archive.try_read(key, value))
            throw CheckpointError("the quantized model file has no tensor '" + key + "'", path, "entry " + key);
        return value;
    };

    c10::IValue format;
    if (!archive.try_read("format", format) || !format.isString() || format.toStringRef() != formatName)
        throw CheckpointError("not a PointQ quantized model file (it has no '" + std::string(formatName) + "' marker); "
                              "write one with `pointq quantize --output`",
                              path);
    const int64_t version = read("version").toInt();
    if (version != formatVersion)
        throw CheckpointError("quantized model format version " + std::to_string(version) + " is not supported; this PointQ reads version "
                                  + std::to_string(formatVersion),
                              path);

    std::unique_ptr<QuantizedModel> model(new QuantizedModel());
    model->m_configYaml = read("config").toStringRef();
    const std::string savedEngine = read("engine").toStringRef();
    model->m_engine = selectQuantizedEngine(savedEngine == "onednn" ? "auto" : savedEngine, &model->m_engineFellBack);
    // Files written before the reduced range existed have no entry and used 255.
    c10::IValue quantMax;
    model->m_activationQuantMax = archive.try_read("activation_quant_max", quantMax) ? quantMax.toInt() : 255;
    if (model->m_activationQuantMax > pointq::activationQuantMax(model->m_engine, cpuHasVnni()))
        logWarning("pointq.quant", path + " was quantized with the full activation range 0..255, but "
                                       + reducedRangeWarning(model->m_engine)
                                       + "; its outputs may saturate here, so quantize the model again on this CPU");

    std::shared_ptr<PointNextClassifier> skeleton;
    try {
        skeleton = buildModel(parseModelArgs(Config::fromYamlText(model->m_configYaml, path + " (stored config)")));
    } catch (const Error& error) {
        throw CheckpointError(std::string("the config stored in the quantized model is invalid: ") + error.what(), path);
    }

    std::vector<std::string> names;
    {
        std::istringstream stream(read("layer_names").toStringRef());
        std::string name;
        while (std::getline(stream, name))
            names.push_back(name);
    }
    const at::Tensor keepFloat = readTensor("keep_float");
    const at::Tensor activation = readTensor("activation_qparams");
    const auto& blocks = skeleton->layers();
    if (names.size() != blocks.size() || keepFloat.numel() != static_cast<int64_t>(blocks.size())
        || activation.size(0) != static_cast<int64_t>(blocks.size()))
        throw CheckpointError("the file describes " + std::to_string(names.size()) + " layers but its config builds "
                                  + std::to_string(blocks.size()),
                              path, "entry layer_names");

    SliceReader int8Weights(readTensor("int8_weights"), "int8_weights", path);
    SliceReader weightScales(readTensor("weight_scales"), "weight_scales", path);
    SliceReader floatWeights(readTensor("float_weights"), "float_weights", path);
    SliceReader biases(readTensor("biases"), "biases", path);
    for (size_t i = 0; i < blocks.size(); ++i) {
        const ConvBlock& block = *blocks[i];
        const auto row = static_cast<int64_t>(i);
        QuantizedLayer layer;
        layer.name = names[i];
        layer.place = block.place();
        layer.kind = block.kind();
        layer.relu = block.hasRelu();
        layer.keepFloat = keepFloat[row].item<int64_t>() != 0;
        const int64_t outputs = block.outChannels();
        const int64_t inputs = block.inChannels();
        layer.bias = biases.take(outputs);
        if (layer.keepFloat) {
            layer.weight = floatWeights.take(outputs * inputs).view({outputs, inputs});
        } else {
            const at::Tensor values = int8Weights.take(outputs * inputs).view({outputs, inputs});
            const at::Tensor scales = weightScales.take(outputs).to(at::kDouble);
            layer.weight = at::_make_per_channel_quantized_tensor(values, scales, at::zeros({outputs}, at::kLong), 0);
            layer.inputScale = activation[row][0].item<double>();
            layer.inputZeroPoint = static_cast<int64_t>(activation[row][1].item<double>());
            layer.outputScale = activation[row][2].item<double>();
            layer.outputZeroPoint = static_cast<int64_t>(activation[row][3].item<double>());
            layer.quantMax = model->m_activationQuantMax;
            layer.kernel = Int8Conv(layer.weight, layer.bias, layer.relu, layer.outputScale, layer.outputZeroPoint);
        }
        model->m_layers.push_back(std::move(layer));
    }
    int8Weights.expectEnd();
    weightScales.expectEnd();
    floatWeights.expectEnd();
    biases.expectEnd();

    try {
        model->attachSkeleton(std::move(skeleton));
    } catch (const QuantizationError& error) {
        throw CheckpointError(error.detail(), path);
    }
    return model;
}

} // namespace pointq
