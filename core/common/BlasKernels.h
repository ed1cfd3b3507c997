#pragma once

#include <optional>
#include <string>

namespace pointq {

/// The OpenBLAS kernel family that FP32 matrix products run on.
struct BlasKernels {
    std::string core;        ///< OpenBLAS's core name ("SkylakeX", "Haswell", "Prescott"...), empty without OpenBLAS
    std::string detectedCore; ///< what OpenBLAS detected itself, when PointQ restarted with another core
    bool setByEnvironment = false; ///< OPENBLAS_CORETYPE was set by the user
    /// True when OpenBLAS runs SSE kernels on a CPU with AVX2 and FMA, which makes FP32 a
    /// few times slower and every FP32-vs-INT8 comparison unfair.
    bool slowerThanCpu = false;
};

/// Reads the kernels of the OpenBLAS mapped into this process.
BlasKernels currentBlasKernels();

/// Returns the OPENBLAS_CORETYPE value that suits this CPU when OpenBLAS chose kernels
/// older than the CPU supports, std::nullopt otherwise. OpenBLAS 0.3.21 (Debian 12) falls
/// back to its Prescott (SSE3) kernels on CPUs it does not know, such as virtual machines
/// whose CPU model it has no entry for, although they have AVX2 or AVX-512.
std::optional<std::string> fasterBlasCoreType();

/// Restarts the program with OPENBLAS_CORETYPE set to fasterBlasCoreType() when that gives
/// a value and the user has not set the variable. OpenBLAS reads it only while it is
/// loaded, before main() runs, so the process executes itself again (/proc/self/exe with
/// the same arguments). Returns when no restart is needed or exec fails. Call it first in
/// main(), before other threads start.
void restartWithFasterBlasKernels(char** argv);

/// Describes the kernels for logs and reports: "SkylakeX kernels", "SkylakeX kernels, chosen
/// by PointQ because OpenBLAS detected Prescott" or "Prescott kernels, from
/// OPENBLAS_CORETYPE"; empty without OpenBLAS.
std::string describeBlasKernels(const BlasKernels& kernels);

} // namespace pointq
