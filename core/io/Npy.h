#pragma once

#include "io/NamedTensors.h"

#include <ATen/ATen.h>

#include <string>
#include <string_view>

namespace pointq {

/// Parses an NPY array of format version 1.0, 2.0 or 3.0 from memory into a tensor
/// of the matching dtype (see parseNumpyDtype). float64 stays float64 and uint16
/// widens to int32. Big-endian arrays are byte-swapped to native order.
/// Fortran-order, object (pickled) and structured arrays are rejected. Errors are
/// DataErrors that name `file`, and `entry` when the array comes from an npz archive.
at::Tensor parseNpy(std::string_view bytes, const std::string& file, const std::string& entry = {});

/// Reads one .npy file. Throws DataError.
at::Tensor readNpy(const std::string& path);

/// Reads every array of an .npz archive, stored (np.savez) or deflated
/// (np.savez_compressed), in archive order. Names drop the ".npy" suffix.
/// Throws DataError naming the file and the entry.
NamedTensors readNpz(const std::string& path);

/// Writes an NPY 1.0 file, little-endian and C order, for float16/32/64, int8/16/32/64,
/// uint8 and bool tensors. The data goes to a temporary file in the same folder that
/// is renamed over `path` only when complete, so a failure leaves any existing file
/// untouched and no partial file behind. Throws DataError.
void writeNpy(const std::string& path, const at::Tensor& tensor);

} // namespace pointq
