#pragma once

#include <ATen/ATen.h>

#include <optional>
#include <string>
#include <string_view>

namespace pointq {

/// A numpy array-protocol type string such as "<f4", resolved to a LibTorch dtype.
struct NumpyDtype {
    at::ScalarType scalarType = at::kFloat;
    size_t itemSize = 4;     ///< bytes per element in the file
    bool bigEndian = false;  ///< elements are byte-swapped while decoding
    /// uint16 has no LibTorch 1.13 dtype, so "<u2" arrays decode to int32 values.
    bool widenUInt16 = false;
};

/// Parses a type string: an optional byte order ('<', '>', '=', '|') followed by
/// f2, f4, f8, i1, i2, i4, i8, u1, u2 or b1. Returns nullopt for other types.
std::optional<NumpyDtype> parseNumpyDtype(std::string_view descr);

/// Returns the type strings parseNumpyDtype accepts, for error messages.
std::string supportedNumpyDtypes();

/// Copies raw C-order element bytes into a new tensor of the given shape, byte-swapping
/// big-endian data. `bytes` must hold exactly numel * itemSize bytes.
at::Tensor tensorFromNumpyBytes(std::string_view bytes, const NumpyDtype& dtype, at::IntArrayRef shape);

/// Returns the element count of a shape, or nullopt when a dimension is negative or
/// the product overflows int64.
std::optional<int64_t> checkedElementCount(at::IntArrayRef shape);

/// Formats a shape as "[2, 3]".
std::string formatShape(at::IntArrayRef shape);

} // namespace pointq
