#pragma once

#include "io/Checkpoint.h"

#include <cstdint>
#include <string>

namespace pointq {

/// Writes {'model': OrderedDict(stateDict), 'epoch': epoch, 'best_val': bestValue} as
/// torch.save does (a zip archive "archive/" with data.pkl in pickle protocol 2, one
/// storage per tensor under data/, and version 3), so that openpoints'
/// load_checkpoint and readCheckpoint both load it. Tensors are written contiguous,
/// detached and on the CPU. The pickle names only collections.OrderedDict,
/// torch._utils._rebuild_tensor_v2 and torch storage classes. Writes atomically;
/// throws CheckpointError for a tensor type without a torch storage class and Error
/// when the file cannot be written.
void writeCheckpoint(const std::string& path, const StateDict& stateDict, int64_t epoch, double bestValue);

/// A module's parameters and buffers in the order of PyTorch's state_dict(): each
/// module's own parameters, then its own buffers, then its children, depth first.
StateDict moduleStateDict(const torch::nn::Module& module);

/// The pickle writeCheckpoint stores as data.pkl, with storages named "0", "1", ...
/// in state dict order.
std::string pickleCheckpoint(const StateDict& stateDict, int64_t epoch, double bestValue);

} // namespace pointq
