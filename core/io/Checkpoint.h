#pragma once

#include "io/NamedTensors.h"

#include <torch/nn/module.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pointq {

/// A model's tensors by parameter or buffer name ("encoder.encoder.0.0.convs.0.0.weight"),
/// in the order of the checkpoint file.
using StateDict = NamedTensors;

/// The parts of a torch.save file that readCheckpoint keeps.
struct CheckpointContents {
    std::string path;
    StateDict stateDict;
    /// Top-level key the state dict came from: "model", "state_dict", or empty when the
    /// top-level dict itself is the state dict.
    std::string stateDictKey;
    /// Other top-level keys, such as "optimizer" and "scheduler", which are not loaded.
    std::vector<std::string> ignoredKeys;
    /// Number of state dict keys that had leading "module." prefixes removed.
    size_t strippedPrefixKeys = 0;
    std::optional<int64_t> epoch;      ///< top-level "epoch", when it is an integer
    std::optional<double> bestValue;   ///< top-level "best_val", when it is a number
};

/// Reads a torch.save zip checkpoint without executing anything in it (see unpickle).
/// The state dict is taken from ['model'], else ['state_dict'], else the top-level dict
/// when all its values are tensors. Repeated leading "module." prefixes are stripped
/// from its keys. Throws CheckpointError for a missing file, a file that is not a
/// torch.save zip (with advice for the legacy format), a truncated archive, a
/// TorchScript archive, an archive without data.pkl, a rejected pickle, and a pickle
/// without a state dict.
CheckpointContents readCheckpoint(const std::string& path);

/// Removes every leading "module." from a state dict key, as DataParallel and
/// DistributedDataParallel add one per wrapping: "module.module.encoder.x" becomes
/// "encoder.x". A "module." elsewhere in the key is kept.
std::string stripModulePrefixes(const std::string& key);

/// Differences between a module's parameters and buffers and a state dict.
struct LoadReport {
    struct Mismatch {
        std::string name;
        std::vector<int64_t> expected;  ///< shape in the module
        std::vector<int64_t> actual;    ///< shape in the state dict
    };

    std::vector<std::string> missing;     ///< in the module, absent from the state dict
    std::vector<std::string> unexpected;  ///< in the state dict, absent from the module
    std::vector<Mismatch> mismatched;

    bool ok() const { return missing.empty() && unexpected.empty() && mismatched.empty(); }

    /// Lists every missing, unexpected and mis-shaped key, or returns "every key matches".
    std::string describe() const;
};

/// Copies a state dict into a module's parameters and buffers (recursive names
/// "a.b.c" as LibTorch builds them), converting each value to the dtype of its
/// target. With `strict`, any difference throws CheckpointError listing every key
/// and nothing is copied. Without it, the matching keys are copied and the report
/// lists the rest. `checkpointPath` only names the file in the error.
LoadReport loadStateDict(torch::nn::Module& module, const StateDict& stateDict, bool strict = true,
                         const std::string& checkpointPath = {});

} // namespace pointq
