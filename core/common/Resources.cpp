#include "common/Resources.h"

#include "common/Errors.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace fs = std::filesystem;

namespace pointq {

namespace {

// The source tree's path is compiled in, so a program run from build/ finds its files
// without installing. An installed program finds them next to itself first.
#ifndef POINTQ_SOURCE_DIR
#define POINTQ_SOURCE_DIR ""
#endif

std::vector<fs::path> candidateRoots()
{
    std::vector<fs::path> roots;
    if (const char* fromEnvironment = std::getenv("POINTQ_DATA_DIR"); fromEnvironment && *fromEnvironment)
        return {fs::path(fromEnvironment)};

    // Only a program installed as <prefix>/bin/X maps to <prefix>/share/pointq. Programs in
    // a build tree (build/app, build/tests) map to build/share/pointq, which no install
    // rule creates, so they fall through to their own source tree and never read the data
    // of an installed package.
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (!error)
        roots.push_back(executable.parent_path().parent_path() / "share" / "pointq");
    if (*POINTQ_SOURCE_DIR)
        roots.emplace_back(POINTQ_SOURCE_DIR);
    return roots;
}

} // namespace

BundledDefaults findBundledDefaults()
{
    const std::vector<fs::path> roots = candidateRoots();
    std::string looked;
    for (const fs::path& root : roots) {
        std::error_code error;
        if (fs::is_directory(root / "cfgs", error)) {
            BundledDefaults defaults;
            defaults.root = root.string();
            defaults.config = (root / "cfgs/pointnext-demo/pointnext-demo.yaml").string();
            defaults.checkpoint = (root / "resources/demo/pointnext-demo.pth").string();
            defaults.data = (root / "resources/demo/data").string();
            defaults.parityConfig = (root / "cfgs/modelnet40ply2048/pointnext-s.yaml").string();
            defaults.parityCheckpoint = (root / "tests/data/parity/mn40_s_trained_weights_only.pth").string();
            defaults.parityData = (root / "tests/data/modelnet40/modelnet40_ply_hdf5_2048").string();
            return defaults;
        }
        looked += (looked.empty() ? "" : ", ") + root.string();
    }
    throw ConfigError("PointQ's shipped configs were not found (looked in: " + looked +
                      "); set POINTQ_DATA_DIR to the folder that contains cfgs/");
}

std::string bundledPath(const std::string& relative)
{
    return (fs::path(findBundledDefaults().root) / relative).string();
}

} // namespace pointq
