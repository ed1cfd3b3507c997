#pragma once

#include "io/LidarBinReader.h"
#include "io/PointCloud.h"
#include "io/TextCloudReader.h"

#include <optional>
#include <string>

namespace pointq {

struct CloudReadOptions {
    /// Column layout of .bin files, which the file does not store. Reading a .bin
    /// file without it is a DataError unless inferLidarFormat is set.
    std::optional<LidarFormat> lidarFormat;
    /// Infer the layout of .bin files by inferLidarFormat()'s rule when lidarFormat is
    /// unset. The inferred layout and the reason are logged, as a warning when the file
    /// size fits more than one layout.
    bool inferLidarFormat = false;
    /// Options of the .txt, .xyz and .csv reader.
    TextCloudOptions text;
};

/// Reads a point cloud, choosing the reader by extension (case-insensitive):
/// .ply, .pcd, .bin (see options.lidarFormat), .npy, .npz, and .txt, .xyz or
/// .csv. NPY arrays must be (N, C) float32 or float64 with C >= 3, read as in
/// the text reader: C = 3 is x y z, 4 is x y z intensity, 6 is x y z nx ny nz,
/// and any other C keeps x y z and ignores the rest with a warning. From an NPZ
/// archive the array named points, xyz, pos or data (in that order) is read, or
/// the only array. Throws DataError for an unknown extension and for every
/// problem the readers find.
PointCloud readPointCloud(const std::string& path, const CloudReadOptions& options = {});

/// Builds a cloud from an (N, C) float array by the NPY rule of readPointCloud.
/// Rows with a NaN or infinite x, y or z are dropped with a warning; an array of only
/// such rows is a DataError. source and entry name the array in errors.
PointCloud cloudFromArray(const at::Tensor& array, const std::string& source, const std::string& entry = {});

} // namespace pointq
