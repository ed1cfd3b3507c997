#include "io/CloudReader.h"
#include "io/LidarFormatInference.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "io/Npy.h"
#include "io/PcdReader.h"
#include "io/PlyReader.h"

#include <algorithm>
#include <cctype>

namespace pointq {
namespace {

std::string lowerExtension(const std::string& path)
{
    const size_t slash = path.find_last_of("/\\");
    const size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
        return {};
    std::string extension = path.substr(dot);
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

PointCloud readNpzCloud(const std::string& path)
{
    const NamedTensors arrays = readNpz(path);
    for (const char* name : {"points", "xyz", "pos", "data"}) {
        if (const at::Tensor* tensor = arrays.find(name))
            return cloudFromArray(*tensor, path, name);
    }
    const std::vector<std::string> names = arrays.names();
    if (names.size() == 1)
        return cloudFromArray(arrays.at(names.front()), path, names.front());
    std::string list;
    for (const std::string& name : names)
        list += (list.empty() ? "" : ", ") + name;
    throw DataError("expected an array named points, xyz, pos or data, or a single array; found " +
                        (list.empty() ? std::string("no arrays") : list),
                    path);
}

} // namespace

PointCloud cloudFromArray(const at::Tensor& array, const std::string& source, const std::string& entry)
{
    const std::string position = entry.empty() ? std::string() : "entry " + entry;
    if (array.dim() != 2 || array.size(1) < 3)
        throw DataError("expected an (N, C) array with C >= 3, found shape " + c10::str(array.sizes()), source,
                        position);
    if (array.scalar_type() != at::kFloat && array.scalar_type() != at::kDouble)
        throw DataError("expected a float32 or float64 array, found " + std::string(c10::toString(array.scalar_type())),
                        source, position);
    if (array.size(0) == 0)
        throw DataError("no points: the array has 0 rows", source, position);
    at::Tensor values = array.to(at::kFloat).contiguous();
    const int64_t columns = values.size(1);
    // As in the PLY and PCD readers, rows whose position is NaN or infinite are dropped and counted.
    const at::Tensor finite = at::isfinite(values.slice(1, 0, 3)).all(1);
    const int64_t kept = finite.sum().item<int64_t>();
    if (kept == 0)
        throw DataError("no points: every row has a NaN or infinite coordinate", source, position);
    if (kept < values.size(0)) {
        logWarning("pointq.io", source + ": dropped " + std::to_string(values.size(0) - kept) + " of "
                                    + std::to_string(values.size(0)) + " rows with a NaN or infinite coordinate");
        values = values.index_select(0, finite.nonzero().squeeze(1)).contiguous();
    }

    PointCloud cloud;
    cloud.sourceFile = source;
    cloud.positions = values.slice(1, 0, 3).contiguous();
    if (columns == 4) {
        cloud.intensity = values.select(1, 3).contiguous();
    } else if (columns == 6) {
        cloud.normals = values.slice(1, 3, 6).contiguous();
    } else if (columns != 3) {
        logWarning("pointq.io", source + ": " + std::to_string(columns) +
                                    " columns have no standard meaning; reading x, y, z from the first three and "
                                    "ignoring the rest");
    }
    return cloud;
}

PointCloud readPointCloud(const std::string& path, const CloudReadOptions& options)
{
    const std::string extension = lowerExtension(path);
    if (extension == ".ply")
        return readPly(path);
    if (extension == ".pcd")
        return readPcd(path);
    if (extension == ".npy")
        return cloudFromArray(readNpy(path), path);
    if (extension == ".npz")
        return readNpzCloud(path);
    if (extension == ".txt" || extension == ".xyz" || extension == ".csv")
        return readTextCloud(path, options.text);
    if (extension == ".bin") {
        if (!options.lidarFormat && options.inferLidarFormat) {
            const LidarFormatGuess guess = pointq::inferLidarFormat(path);
            // A size that fits several layouts is worth a warning: the user should confirm the choice.
            const std::string message = path + ": read as " + lidarFormatName(guess.format) + " (--lidar-format auto: "
                                        + guess.reason + ")";
            if (guess.sizeFitsSeveral)
                logWarning("pointq.io", message);
            else
                logInfo("pointq.io", message);
            return readLidarBin(path, guess.format);
        }
        if (!options.lidarFormat)
            throw DataError("a .bin file does not store its column layout; choose the format: KITTI (x,y,z,intensity), "
                            "nuScenes (x,y,z,intensity,ring) or x,y,z,r,g,b (S3DIS and ScanNet exports), "
                            "with --lidar-format kitti, nuscenes or xyzrgb, or auto to infer it from the file",
                            path);
        return readLidarBin(path, *options.lidarFormat);
    }
    throw DataError("unknown point-cloud extension '" + extension +
                        "'; expected .ply, .pcd, .bin, .npy, .npz, .txt, .xyz or .csv",
                    path);
}

} // namespace pointq
