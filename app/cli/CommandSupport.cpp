#include "CommandSupport.h"

#include "common/Errors.h"
#include "io/LidarFormatInference.h"

#include <ATen/Parallel.h>

#include <filesystem>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace pointq::cli {

std::vector<OptionSpec> dataOptionSpecs()
{
    return {
        {"data", "PATH", "evaluation clouds: a modelnet40_normal_resampled folder, a modelnet40_ply_hdf5_2048 folder, "
                         "a .txt/.xyz/.csv/.ply/.pcd/.npy/.npz/.bin cloud file, procedural:classes=10,test=30,seed=1 for generated "
                         "shapes (see docs/training.md); for a segmentation config, one scene "
                         "with colours (labels from the file, from <name>_semantic.bin beside <name>_points.bin, or --labels)"},
        {"lidar-format", "FORMAT", "column layout of .bin files: kitti (x,y,z,intensity), nuscenes (x,y,z,intensity,ring), "
                                   "xyzrgb (x,y,z,r,g,b) or auto (infer from the file size and the columns; the choice is "
                                   "logged, and an ambiguous file is an error)"},
        {"labels", "FILE", "per-point labels of the segmentation scene: .npy integers or .bin of int64"},
        {"votes", "N", "segmentation: voting passes over the voxelized scene (default: enough to feed every point once)"},
        {"split", "NAME", "data split to read: test (default) or train; ShapeNetPart also takes val and trainval"},
        {"limit", "N", "use only the first N clouds (default: all)"},
        {"repeat-short", "", "pad clouds with fewer points than the config's num_points by repeating their points in order"},
        {"sampling", "MODE", "how num_points points are taken from a larger cloud: first (default, as openpoints' "
                             "test split) or fps"},
        {"synthetic", "N", "measure on N generated shapes instead of --data; every output then says SYNTHETIC"},
    };
}

DataOptions readDataOptions(const Arguments& arguments)
{
    DataOptions options;
    options.path = arguments.value("data");
    options.split = arguments.value("split", "test");
    options.limit = arguments.integer("limit", 0);
    if (options.limit < 0)
        throw UsageError("--limit must not be negative");
    options.repeatShortClouds = arguments.has("repeat-short");
    const std::string sampling = arguments.value("sampling", "first");
    if (sampling == "first")
        options.sampling = Sampling::First;
    else if (sampling == "fps")
        options.sampling = Sampling::Fps;
    else
        throw UsageError("--sampling must be first or fps, got '" + sampling + "'");
    if (arguments.has("lidar-format")) {
        const std::string format = arguments.value("lidar-format");
        try {
            options.lidarFormat = parseLidarFormatName(format);
        } catch (const DataError&) {
            throw UsageError("--lidar-format must be kitti, nuscenes, xyzrgb or auto, got '" + format + "'");
        }
        options.inferLidarFormat = !options.lidarFormat.has_value();
    }
    options.labelsPath = arguments.value("labels");
    options.votes = arguments.integer("votes", 0);
    if (options.votes < 0)
        throw UsageError("--votes must not be negative");
    if (arguments.has("synthetic")) {
        if (arguments.has("data"))
            throw UsageError("give either --data or --synthetic, not both");
        options.synthetic = true;
        options.syntheticCount = arguments.integer("synthetic", 64);
        if (options.syntheticCount < 1)
            throw UsageError("--synthetic needs a positive number of clouds");
    } else if (!arguments.has("data")) {
        throw UsageError("--data is required (or --synthetic N to measure on generated shapes)");
    }
    return options;
}

bool printHelpIfAsked(const std::vector<std::string>& words, const std::string& usage, const std::string& summary,
                      const std::vector<OptionSpec>& specs)
{
    for (const auto& word : words) {
        if (word == "--help" || word == "-h") {
            std::cout << formatHelp(usage, summary, specs);
            return true;
        }
    }
    return false;
}

JobContext terminalProgress()
{
    JobContext context;
    if (!isatty(STDERR_FILENO))
        return context;
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    context.progress = [last](double fraction, const std::string& stage) {
        const auto now = std::chrono::steady_clock::now();
        if (fraction < 1.0 && now - *last < std::chrono::milliseconds(100))
            return;
        *last = now;
        std::fprintf(stderr, "\r%3d%%  %-40s", static_cast<int>(fraction * 100.0 + 0.5), stage.c_str());
        if (fraction >= 1.0)
            std::fprintf(stderr, "\n");
        std::fflush(stderr);
    };
    return context;
}

int applyThreads(const Arguments& arguments)
{
    const auto threads = static_cast<int>(arguments.integer("threads", 2));
    if (threads < 1)
        throw UsageError("--threads must be at least 1");
    at::set_num_threads(threads);
    return threads;
}

void checkOutputPath(const std::string& path, const std::string& option)
{
    if (path.empty())
        return;
    const std::filesystem::path target(path);
    const std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error))
        throw Error("the folder " + folder.string() + " does not exist; create it or choose another path for --" + option,
                    path);
    if (std::filesystem::is_directory(target, error))
        throw Error("--" + option + " names a folder; give a file path", path);
    // Creating a file there also catches what permission bits miss: root passes every
    // permission check, yet cannot create files in /sys or /proc.
    const std::filesystem::path probe = folder / (".pointq-write-check-" + std::to_string(::getpid()));
    const int descriptor = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (descriptor < 0)
        throw Error("cannot write to the folder " + folder.string() + " (" + std::strerror(errno)
                        + "); choose another path for --" + option,
                    path);
    ::close(descriptor);
    std::filesystem::remove(probe, error);
}

void requireOption(const Arguments& arguments, const std::string& name, const std::string& what)
{
    if (!arguments.has(name))
        throw UsageError("--" + name + " is required: " + what);
}

} // namespace pointq::cli
