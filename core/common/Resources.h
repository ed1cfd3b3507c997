#pragma once

#include <string>

namespace pointq {

/// Paths of the files PointQ ships: its configs, the bundled default model and clouds, and
/// the openpoints-trained PointNeXt-S of the parity tests. Two layouts exist. In a source tree
/// the configs are in `cfgs/`, the demo files in `resources/demo/` and the parity files in
/// `tests/data/`. An installed package copies these folders to `<prefix>/share/pointq/`, so
/// the relative names are the same.
struct BundledDefaults {
    std::string root;        ///< the folder that contains cfgs/
    /// The bundled default, which the workbench's demo session and installer/run.sh open:
    /// PointQ's demo PointNeXt-S (width 16) for 9 ModelNet40 classes.
    std::string config;
    std::string checkpoint;
    /// Real ModelNet40 clouds split by shape. The test split (read by default) contains the
    /// shapes the demo model never trained on, and the train split those it trained on.
    std::string data;
    /// The openpoints-trained PointNeXt-S (width 32, 40 classes) and the 113 ModelNet40
    /// shapes it was trained on, so accuracy on them is training accuracy. `pointq bench`
    /// times this model by default.
    std::string parityConfig;
    std::string parityCheckpoint;
    std::string parityData;
};

/// Finds the shipped files: `$POINTQ_DATA_DIR` when set, else `../share/pointq` next to
/// the running executable when it exists, else the source tree this binary was built
/// from. Throws ConfigError naming every place it looked when none contains cfgs/.
BundledDefaults findBundledDefaults();

/// Resolves a path relative to the shipped files' root, e.g. "cfgs/s3dis/pointnext-s.yaml".
std::string bundledPath(const std::string& relative);

} // namespace pointq
