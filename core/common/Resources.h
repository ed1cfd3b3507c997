#pragma once

#include <string>

namespace pointq {

/// Paths of the files PointQ ships: its configs and the bundled default model and clouds.
/// Two layouts exist. In a source tree the configs are in `cfgs/` and the demo files in
/// `tests/data/`. An installed package copies both folders to `<prefix>/share/pointq/`,
/// so the relative names are the same.
struct BundledDefaults {
    std::string root;        ///< the folder that contains cfgs/ and tests/data/
    std::string config;      ///< the default config
    std::string checkpoint;  ///< the default trained checkpoint
    std::string data;        ///< the default calibration and evaluation clouds
};

/// Finds the shipped files: `$POINTQ_DATA_DIR` when set, else `../share/pointq` next to
/// the running executable when it exists, else the source tree this binary was built
/// from. Throws ConfigError naming every place it looked when none contains cfgs/.
BundledDefaults findBundledDefaults();

/// Resolves a path relative to the shipped files' root, e.g. "cfgs/s3dis/pointnext-s.yaml".
std::string bundledPath(const std::string& relative);

} // namespace pointq
