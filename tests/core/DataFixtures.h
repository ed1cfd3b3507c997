#pragma once

// Helpers shared by the data tests: paths of the committed fixtures and readers
// for the raw arrays that tests/data/parity/extract_npz_arrays.py writes.

#include <ATen/ATen.h>

#include <QtCore/QFile>
#include <QtCore/QString>

#include <cstring>
#include <string>
#include <vector>

namespace fixtures {

inline std::string dataDir()
{
    return POINTQ_TEST_DATA_DIR;
}

inline std::string normalResampledDir()
{
    return dataDir() + "/modelnet40/modelnet40_normal_resampled";
}

inline std::string ply2048Dir()
{
    return dataDir() + "/modelnet40/modelnet40_ply_hdf5_2048";
}

inline std::string parityFirst4Dir()
{
    return dataDir() + "/parity/mn40_first4";
}

/// Reads KEY.bin with the shape stored in KEY.shape ("4 1024 3 <f4"); returns
/// an undefined tensor when a file is missing or its size disagrees with the shape.
inline at::Tensor readRawArray(const std::string& folder, const std::string& key)
{
    QFile shapeFile(QString::fromStdString(folder + "/" + key + ".shape"));
    QFile dataFile(QString::fromStdString(folder + "/" + key + ".bin"));
    if (!shapeFile.open(QIODevice::ReadOnly) || !dataFile.open(QIODevice::ReadOnly))
        return {};
    const QStringList fields = QString::fromUtf8(shapeFile.readAll()).split(' ', Qt::SkipEmptyParts);
    if (fields.size() < 2)
        return {};
    std::vector<int64_t> shape;
    for (int i = 0; i + 1 < fields.size(); ++i)
        shape.push_back(fields[i].toLongLong());
    const QString dtype = fields.last().trimmed();
    at::ScalarType type = at::kInt;
    if (dtype == "<f4")
        type = at::kFloat;
    else if (dtype == "<i8")
        type = at::kLong;
    at::Tensor tensor = at::empty(shape, type);
    const QByteArray bytes = dataFile.readAll();
    if (static_cast<size_t>(bytes.size()) != tensor.nbytes())
        return {};
    std::memcpy(tensor.data_ptr(), bytes.constData(), tensor.nbytes());
    return tensor;
}

/// True when both float32 tensors have the same shape and identical bits.
inline bool sameBits(const at::Tensor& a, const at::Tensor& b)
{
    if (!a.defined() || !b.defined() || a.sizes() != b.sizes())
        return false;
    const at::Tensor left = a.contiguous();
    const at::Tensor right = b.contiguous();
    return std::memcmp(left.data_ptr(), right.data_ptr(), left.nbytes()) == 0;
}

/// Writes text to path, returning false on failure.
inline bool writeText(const QString& path, const std::string& text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    return file.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size());
}

} // namespace fixtures
