#include "common/SystemInfo.h"

#include "GitCommit.h"
#include "common/BlasKernels.h"

#include <torch/version.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace pointq {

namespace {

std::string readCpuModel()
{
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos)
                return line.substr(line.find_first_not_of(' ', colon + 1));
        }
    }
    return "unknown";
}

// Finds the BLAS shared library mapped into this process. Debian resolves
// libblas.so.3 through update-alternatives, so the resolved file name identifies the library.
std::string mappedBlasLibrary()
{
    std::ifstream maps("/proc/self/maps");
    std::string line;
    std::string found;
    while (std::getline(maps, line)) {
        const auto slash = line.find('/');
        if (slash == std::string::npos)
            continue;
        const std::string path = line.substr(slash);
        if (path.find("openblas") != std::string::npos)
            return path;
        if (path.find("libblas.so") != std::string::npos || path.find("libblis") != std::string::npos
            || path.find("libmkl") != std::string::npos)
            found = path;
    }
    return found;
}

} // namespace

SystemInfo collectSystemInfo()
{
    SystemInfo info;
    info.cpuModel = readCpuModel();
    info.logicalCores = static_cast<int>(std::thread::hardware_concurrency());
    info.libtorchVersion = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "."
                           + std::to_string(TORCH_VERSION_PATCH);

    std::string blasPath = mappedBlasLibrary();
    std::error_code error;
    const std::string resolved = blasPath.empty() ? "" : std::filesystem::canonical(blasPath, error).string();
    if (!resolved.empty())
        blasPath = resolved;
    if (blasPath.find("openblas") != std::string::npos) {
        info.blas = "OpenBLAS (" + blasPath + ")";
        const BlasKernels kernels = currentBlasKernels();
        if (!kernels.core.empty())
            info.blas += ", " + describeBlasKernels(kernels);
        info.slowBlasKernels = kernels.slowerThanCpu;
    } else if (blasPath.find("/blas/") != std::string::npos) {
        info.blas = "reference BLAS (" + blasPath + ")";
        info.referenceBlas = true;
    } else {
        info.blas = blasPath.empty() ? "unknown" : blasPath;
    }

    const std::time_t now = std::time(nullptr);
    char buffer[32];
    std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    info.date = buffer;
    return info;
}

std::string pointqVersion()
{
    return std::string(POINTQ_VERSION) + " (commit " + POINTQ_GIT_COMMIT + ")";
}

} // namespace pointq
