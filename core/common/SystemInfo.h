#pragma once

#include <string>

namespace pointq {

/// Facts about the machine and the libraries, recorded in every report.
struct SystemInfo {
    std::string cpuModel;
    int logicalCores = 0;
    std::string libtorchVersion;
    std::string blas;          ///< the BLAS library LibTorch's FP32 matrix products use
    bool referenceBlas = false; ///< true for Debian's slow reference BLAS
    bool slowBlasKernels = false; ///< OpenBLAS runs SSE kernels on a CPU with AVX2 (BlasKernels::slowerThanCpu)
    std::string date;          ///< UTC, ISO 8601
};

SystemInfo collectSystemInfo();

/// "0.1.0 (commit abc1234)".
std::string pointqVersion();

} // namespace pointq
