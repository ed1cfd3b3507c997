#include "quant/Int8Kernels.h"

#include "common/Errors.h"

#include <ATen/Context.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <c10/core/QEngine.h>

namespace pointq {

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

} // namespace

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
    static const c10::OperatorHandle prepack = findOperator("quantized::conv2d_prepack", "");
    const at::Tensor kernel = weight.reshape({weight.size(0), weight.size(1), 1, 1});
    torch::jit::Stack stack{kernel,
                            bias.defined() ? c10::IValue(bias.contiguous()) : c10::IValue(),
                            c10::List<int64_t>({1, 1}),
                            c10::List<int64_t>({0, 0}),
                            c10::List<int64_t>({1, 1}),
                            int64_t(1)};
    prepack.callBoxed(&stack);
    m_packed = stack.at(0);
}

at::Tensor Int8Conv::run(const at::Tensor& input) const
{
    static const c10::OperatorHandle conv = findOperator("quantized::conv2d", "new");
    static const c10::OperatorHandle convRelu = findOperator("quantized::conv2d_relu", "new");
    torch::jit::Stack stack{input, m_packed, m_outputScale, m_outputZeroPoint};
    (m_relu ? convRelu : conv).callBoxed(&stack);
    return stack.at(0).toTensor();
}

} // namespace pointq
