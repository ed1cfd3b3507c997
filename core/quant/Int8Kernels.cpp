#include "quant/Int8Kernels.h"

#include "common/Errors.h"

#include <ATen/Context.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <c10/core/QEngine.h>

#include <algorithm>
#include <map>
#include <mutex>

namespace pointq {

bool cpuHasVnni()
{
#if defined(__x86_64__) && defined(__GNUC__)
    return __builtin_cpu_supports("avx512vnni") || __builtin_cpu_supports("avxvnni");
#else
    return false;
#endif
}

int64_t activationQuantMax(const std::string& engine, bool hasVnni)
{
    return engine == "onednn" && !hasVnni ? 127 : 255;
}

std::string reducedRangeWarning(const std::string& engine)
{
    return "this CPU has no VNNI, so " + engine + " adds UINT8 x INT8 products in 16 bits with saturation; INT8 "
           "activations use the reduced range 0..127 (7 bits) to stay exact";
}

namespace {

c10::OperatorHandle findOperator(const char* name, const char* overload)
{
    return c10::Dispatcher::singleton().findSchemaOrThrow(name, overload);
}

std::string engineName(at::QEngine engine)
{
    switch (engine) {
    case at::QEngine::ONEDNN: return "onednn";
    case at::QEngine::QNNPACK: return "qnnpack";
    case at::QEngine::FBGEMM: return "fbgemm";
    case at::QEngine::X86: return "x86";
    case at::QEngine::NoQEngine: return "none";
    }
    return "unknown";
}

// "QUInt8 [2, 32, 512, 1]", for messages.
std::string describeTensor(const at::Tensor& tensor)
{
    return std::string(c10::toString(tensor.scalar_type())) + " " + c10::str(tensor.sizes());
}

c10::IValue prepackConvolution(const at::Tensor& kernel, const c10::IValue& bias)
{
    static const c10::OperatorHandle prepack = findOperator("quantized::conv2d_prepack", "");
    torch::jit::Stack stack{kernel, bias, c10::List<int64_t>({1, 1}), c10::List<int64_t>({0, 0}),
                            c10::List<int64_t>({1, 1}), int64_t(1)};
    prepack.callBoxed(&stack);
    return stack.at(0);
}

std::string kernelFailure(const at::Tensor& input, const std::string& reason)
{
    return "the " + engineName(at::globalContext().qEngine()) + " INT8 convolution failed on a " + describeTensor(input)
           + " input with strides " + c10::str(input.strides()) + ": " + reason;
}

} // namespace

struct Int8Conv::PackedKernels {
    std::mutex mutex;
    at::Tensor kernel;  ///< (out, in, 1, 1) qint8
    c10::IValue bias;
    std::vector<int64_t> firstShape;
    c10::IValue first;
    std::map<std::vector<int64_t>, c10::IValue> byShape;
};

std::vector<std::string> availableQuantizedEngines()
{
    std::vector<std::string> names;
    for (const at::QEngine engine : at::globalContext().supportedQEngines())
        if (engine != at::QEngine::NoQEngine)
            names.push_back(engineName(engine));
    return names;
}

std::string selectQuantizedEngine(const std::string& requested, bool* fellBack)
{
    const auto supported = at::globalContext().supportedQEngines();
    const auto has = [&](at::QEngine engine) {
        return std::find(supported.begin(), supported.end(), engine) != supported.end();
    };
    if (fellBack)
        *fellBack = false;

    at::QEngine chosen = at::QEngine::NoQEngine;
    if (requested == "auto") {
        if (has(at::QEngine::ONEDNN)) {
            chosen = at::QEngine::ONEDNN;
        } else if (has(at::QEngine::QNNPACK)) {
            chosen = at::QEngine::QNNPACK;
            if (fellBack)
                *fellBack = true;
        }
    } else if (requested == "onednn" && has(at::QEngine::ONEDNN)) {
        chosen = at::QEngine::ONEDNN;
    } else if (requested == "qnnpack" && has(at::QEngine::QNNPACK)) {
        chosen = at::QEngine::QNNPACK;
    }
    if (chosen == at::QEngine::NoQEngine) {
        std::string list;
        for (const auto& name : availableQuantizedEngines())
            list += (list.empty() ? "" : ", ") + name;
        throw QuantizationError("quantized engine '" + requested + "' is not available in this LibTorch build; available: "
                                + (list.empty() ? std::string("none") : list));
    }
    at::globalContext().setQEngine(chosen);
    return engineName(chosen);
}

std::string currentQuantizedEngine()
{
    return engineName(at::globalContext().qEngine());
}

Int8Conv::Int8Conv(const at::Tensor& weight, const at::Tensor& bias, bool relu, double outputScale,
                   int64_t outputZeroPoint)
    : m_relu(relu)
    , m_outputScale(outputScale)
    , m_outputZeroPoint(outputZeroPoint)
{
    // LibTorch's own checks fail deep inside the engine with messages that name
    // neither the layer nor the expected layout, so the inputs are checked here.
    if (!weight.defined() || weight.scalar_type() != at::kQInt8 || weight.dim() != 2
        || weight.qscheme() != at::kPerChannelAffine || weight.q_per_channel_axis() != 0)
        throw QuantizationError("INT8 kernel weight must be a 2-D qint8 tensor quantized per channel on axis 0, got "
                                + (weight.defined() ? describeTensor(weight) : std::string("no tensor")));
    if (bias.defined() && (bias.scalar_type() != at::kFloat || bias.dim() != 1 || bias.size(0) != weight.size(0)))
        throw QuantizationError("INT8 kernel bias must be a float32 vector of " + std::to_string(weight.size(0))
                                + " values, got " + describeTensor(bias));
    m_inChannels = weight.size(1);

    m_packed = std::make_shared<PackedKernels>();
    m_packed->kernel = weight.reshape({weight.size(0), weight.size(1), 1, 1});
    m_packed->bias = bias.defined() ? c10::IValue(bias.contiguous()) : c10::IValue();
    m_packed->first = prepackConvolution(m_packed->kernel, m_packed->bias);
}

// NOTE: LibTorch 1.13's onednn engine can fail with "could not create a primitive
// descriptor for a reorder primitive" when one prepacked kernel runs at a second batch
// size. It was seen on the 1x1 classifier head on an AMD EPYC with AVX-512 VNNI. So
// every input shape after the first gets a kernel of its own.
c10::IValue Int8Conv::packedFor(const at::Tensor& input) const
{
    std::lock_guard<std::mutex> lock(m_packed->mutex);
    const std::vector<int64_t> shape = input.sizes().vec();
    if (m_packed->firstShape.empty())
        m_packed->firstShape = shape;
    if (shape == m_packed->firstShape)
        return m_packed->first;
    auto found = m_packed->byShape.find(shape);
    if (found == m_packed->byShape.end())
        found = m_packed->byShape.emplace(shape, prepackConvolution(m_packed->kernel, m_packed->bias)).first;
    return found->second;
}

at::Tensor Int8Conv::run(const at::Tensor& input) const
{
    if (!m_packed)
        throw QuantizationError("the INT8 kernel was run before it was prepared from a weight");
    if (!input.defined() || input.scalar_type() != at::kQUInt8 || input.dim() != 4 || input.size(1) != m_inChannels)
        throw QuantizationError("INT8 kernel input must be a quint8 (batch, " + std::to_string(m_inChannels)
                                + ", height, width) tensor, got " + (input.defined() ? describeTensor(input) : std::string("no tensor")));
    static const c10::OperatorHandle conv = findOperator("quantized::conv2d", "new");
    static const c10::OperatorHandle convRelu = findOperator("quantized::conv2d_relu", "new");
    torch::jit::Stack stack{input, packedFor(input), m_outputScale, m_outputZeroPoint};
    try {
        (m_relu ? convRelu : conv).callBoxed(&stack);
    } catch (const c10::Error& error) {
        throw QuantizationError(kernelFailure(input, error.what_without_backtrace()));
    } catch (const std::exception& error) {
        // oneDNN reports its own failures as dnnl::error, not c10::Error.
        throw QuantizationError(kernelFailure(input, error.what()));
    }
    return stack.at(0).toTensor();
}

} // namespace pointq
