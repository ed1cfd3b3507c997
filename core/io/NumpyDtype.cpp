#include "io/NumpyDtype.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace pointq {

namespace {

struct DtypeCode {
    const char* code;
    at::ScalarType scalarType;
    size_t itemSize;
};

constexpr DtypeCode kDtypeCodes[] = {
    {"f2", at::kHalf, 2},  {"f4", at::kFloat, 4}, {"f8", at::kDouble, 8}, {"i1", at::kChar, 1},
    {"i2", at::kShort, 2}, {"i4", at::kInt, 4},   {"i8", at::kLong, 8},   {"u1", at::kByte, 1},
    {"u2", at::kInt, 2},   {"b1", at::kBool, 1},
};

void swapElementBytes(char* data, size_t count, size_t itemSize)
{
    for (size_t i = 0; i < count; ++i)
        std::reverse(data + i * itemSize, data + (i + 1) * itemSize);
}

} // namespace

std::optional<NumpyDtype> parseNumpyDtype(std::string_view descr)
{
    bool bigEndian = false;
    if (!descr.empty() && (descr[0] == '<' || descr[0] == '>' || descr[0] == '=' || descr[0] == '|')) {
        bigEndian = descr[0] == '>';
        descr.remove_prefix(1);
    }
    for (const DtypeCode& entry : kDtypeCodes) {
        if (descr != entry.code)
            continue;
        NumpyDtype dtype;
        dtype.scalarType = entry.scalarType;
        dtype.itemSize = entry.itemSize;
        dtype.bigEndian = bigEndian && entry.itemSize > 1;
        dtype.widenUInt16 = descr == "u2";
        return dtype;
    }
    return std::nullopt;
}

std::string supportedNumpyDtypes()
{
    return "<f2 <f4 <f8 |i1 <i2 <i4 <i8 |u1 <u2 |b1 (or big-endian '>')";
}

at::Tensor tensorFromNumpyBytes(std::string_view bytes, const NumpyDtype& dtype, at::IntArrayRef shape)
{
    const auto count = static_cast<size_t>(checkedElementCount(shape).value_or(0));
    TORCH_CHECK(bytes.size() == count * dtype.itemSize, "numpy data size does not match its shape");

    // Decode into a byte buffer first so swapping never touches the caller's bytes.
    std::string raw(bytes);
    if (dtype.bigEndian)
        swapElementBytes(raw.data(), count, dtype.itemSize);

    at::Tensor tensor = at::empty(shape, at::TensorOptions().dtype(dtype.scalarType));
    if (dtype.widenUInt16) {
        auto* out = tensor.data_ptr<int32_t>();
        for (size_t i = 0; i < count; ++i) {
            uint16_t value = 0;
            std::memcpy(&value, raw.data() + 2 * i, 2);
            out[i] = value;
        }
    } else if (dtype.scalarType == at::kBool) {
        // Any non-zero byte is true in numpy; LibTorch expects exactly 0 or 1.
        auto* out = tensor.data_ptr<bool>();
        for (size_t i = 0; i < count; ++i)
            out[i] = raw[i] != 0;
    } else if (count > 0) {
        std::memcpy(tensor.data_ptr(), raw.data(), raw.size());
    }
    return tensor;
}

std::optional<int64_t> checkedElementCount(at::IntArrayRef shape)
{
    int64_t count = 1;
    for (const int64_t dimension : shape) {
        if (dimension < 0)
            return std::nullopt;
        if (dimension != 0 && count > std::numeric_limits<int64_t>::max() / dimension)
            return std::nullopt;
        count *= dimension;
    }
    return count;
}

std::string formatShape(at::IntArrayRef shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i > 0)
            text += ", ";
        text += std::to_string(shape[i]);
    }
    return text + "]";
}

} // namespace pointq
