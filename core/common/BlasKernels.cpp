#include "common/BlasKernels.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace pointq {

namespace {

// Set before the restart, so that the restarted process can report what OpenBLAS detected.
constexpr const char* detectedCoreVariable = "POINTQ_OPENBLAS_DETECTED_CORE";

// OPENBLAS_CORETYPE as the user set it; an empty value counts as unset.
const char* userCoreType()
{
    const char* value = std::getenv("OPENBLAS_CORETYPE");
    return value && *value ? value : nullptr;
}

std::string lowercase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// openblas_get_corename() of the OpenBLAS in this process, empty when none is loaded.
std::string openBlasCoreName()
{
    using CoreName = char* (*)();
    const auto function = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    if (!function)
        return {};
    const char* name = function();
    return name ? std::string(name) : std::string();
}

// OpenBLAS core names whose single-precision GEMM kernels use AVX2 or AVX-512.
bool usesAvx2Kernels(const std::string& core)
{
    static const std::array<const char*, 6> names{"haswell", "skylakex", "cooperlake", "sapphirerapids", "zen",
                                                  "excavator"};
    const std::string name = lowercase(core);
    return std::any_of(names.begin(), names.end(), [&name](const char* known) { return name == known; });
}

std::optional<std::string> coreTypeForThisCpu()
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512cd"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "Haswell";
    return std::nullopt;
}

} // namespace

BlasKernels currentBlasKernels()
{
    BlasKernels kernels;
    kernels.core = openBlasCoreName();
    if (kernels.core.empty())
        return kernels;
    const char* detected = std::getenv(detectedCoreVariable);
    const char* forced = userCoreType();
    if (detected && forced)
        kernels.detectedCore = detected;
    else if (forced)
        kernels.setByEnvironment = true;
    kernels.slowerThanCpu = !usesAvx2Kernels(kernels.core) && coreTypeForThisCpu().has_value();
    return kernels;
}

std::optional<std::string> fasterBlasCoreType()
{
    const std::string core = openBlasCoreName();
    if (core.empty() || usesAvx2Kernels(core))
        return std::nullopt;
    return coreTypeForThisCpu();
}

void restartWithFasterBlasKernels(char** argv)
{
    if (userCoreType())
        return;
    const std::optional<std::string> coreType = fasterBlasCoreType();
    if (!coreType)
        return;
    setenv(detectedCoreVariable, openBlasCoreName().c_str(), 1);
    setenv("OPENBLAS_CORETYPE", coreType->c_str(), 1);
    execv("/proc/self/exe", argv);
    // exec failed: carry on with the slower kernels, which currentBlasKernels() reports.
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv(detectedCoreVariable);
}

std::string describeBlasKernels(const BlasKernels& kernels)
{
    if (kernels.core.empty())
        return {};
    if (!kernels.detectedCore.empty())
        return kernels.core + " kernels, chosen by PointQ because OpenBLAS detected " + kernels.detectedCore;
    if (kernels.setByEnvironment)
        return kernels.core + " kernels, from OPENBLAS_CORETYPE";
    return kernels.core + " kernels";
}

} // namespace pointq
