#include "io/CloudBuffers.h"

#include "common/Errors.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pointq {
namespace {

template <typename T>
T loadValue(const char* data, bool bigEndian)
{
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, data, sizeof(T));
    if (bigEndian) {
        for (size_t i = 0; i < sizeof(T) / 2; ++i)
            std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
    }
    T value;
    std::memcpy(&value, bytes, sizeof(T));
    return value;
}

at::Tensor vectorTensor(const std::vector<float>& values, int64_t rows, int64_t columns)
{
    at::Tensor tensor = at::empty(columns == 1 ? at::IntArrayRef{rows} : at::IntArrayRef{rows, columns}, at::kFloat);
    if (!values.empty())
        std::memcpy(tensor.data_ptr<float>(), values.data(), values.size() * sizeof(float));
    return tensor;
}

// Keeps the elements of values (width per point) whose point is kept.
template <typename T>
void compact(std::vector<T>& values, const std::vector<bool>& keep, size_t width)
{
    if (values.empty())
        return;
    size_t out = 0;
    for (size_t point = 0; point < keep.size(); ++point) {
        if (!keep[point])
            continue;
        for (size_t j = 0; j < width; ++j)
            values[out * width + j] = values[point * width + j];
        ++out;
    }
    values.resize(out * width);
}

} // namespace

size_t scalarSize(ScalarType type)
{
    switch (type) {
    case ScalarType::Int8:
    case ScalarType::UInt8: return 1;
    case ScalarType::Int16:
    case ScalarType::UInt16: return 2;
    case ScalarType::Int32:
    case ScalarType::UInt32:
    case ScalarType::Float32: return 4;
    case ScalarType::Int64:
    case ScalarType::UInt64:
    case ScalarType::Float64: return 8;
    }
    return 0;
}

double readScalar(const char* data, ScalarType type, bool bigEndian)
{
    switch (type) {
    case ScalarType::Int8: return loadValue<int8_t>(data, bigEndian);
    case ScalarType::UInt8: return loadValue<uint8_t>(data, bigEndian);
    case ScalarType::Int16: return loadValue<int16_t>(data, bigEndian);
    case ScalarType::UInt16: return loadValue<uint16_t>(data, bigEndian);
    case ScalarType::Int32: return loadValue<int32_t>(data, bigEndian);
    case ScalarType::UInt32: return loadValue<uint32_t>(data, bigEndian);
    case ScalarType::Int64: return static_cast<double>(loadValue<int64_t>(data, bigEndian));
    case ScalarType::UInt64: return static_cast<double>(loadValue<uint64_t>(data, bigEndian));
    case ScalarType::Float32: return loadValue<float>(data, bigEndian);
    case ScalarType::Float64: return loadValue<double>(data, bigEndian);
    }
    return 0;
}

uint32_t readUInt32Bits(const char* data, bool bigEndian)
{
    return loadValue<uint32_t>(data, bigEndian);
}

std::string readFileBytes(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw DataError("cannot open the point-cloud file", path);
    std::ostringstream content;
    content << file.rdbuf();
    if (file.bad())
        throw DataError("failed to read the point-cloud file", path);
    return content.str();
}

PointCloud CloudBuffers::toCloud(const std::string& sourceFile) const
{
    const int64_t count = size();
    const auto checkLength = [count](size_t length, size_t width) {
        if (length != 0 && length != static_cast<size_t>(count) * width)
            throw std::logic_error("CloudBuffers: an attribute length does not match the point count");
    };
    checkLength(normals.size(), 3);
    checkLength(colors.size(), 3);
    checkLength(intensity.size(), 1);
    checkLength(labels.size(), 1);

    PointCloud cloud;
    cloud.sourceFile = sourceFile;
    cloud.positions = vectorTensor(positions, count, 3);
    if (!normals.empty())
        cloud.normals = vectorTensor(normals, count, 3);
    if (!colors.empty())
        cloud.colors = vectorTensor(colors, count, 3);
    if (!intensity.empty())
        cloud.intensity = vectorTensor(intensity, count, 1);
    if (!labels.empty())
        cloud.labels = at::tensor(at::ArrayRef<int64_t>(labels), at::kLong);
    return cloud;
}

int64_t dropNonFinitePoints(CloudBuffers& buffers)
{
    const size_t count = static_cast<size_t>(buffers.size());
    std::vector<bool> keep(count, true);
    int64_t dropped = 0;
    for (size_t point = 0; point < count; ++point) {
        const float* xyz = &buffers.positions[point * 3];
        if (!std::isfinite(xyz[0]) || !std::isfinite(xyz[1]) || !std::isfinite(xyz[2])) {
            keep[point] = false;
            ++dropped;
        }
    }
    if (dropped == 0)
        return 0;
    compact(buffers.positions, keep, 3);
    compact(buffers.normals, keep, 3);
    compact(buffers.colors, keep, 3);
    compact(buffers.intensity, keep, 1);
    compact(buffers.labels, keep, 1);
    return dropped;
}

} // namespace pointq
