#pragma once

#include "common/Progress.h"
#include "data/Preprocess.h"
#include "data/Transforms.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pointq {

/// Preprocessed clouds of one split: positions (N, P, 3) and labels (N).
struct CloudSet {
    at::Tensor positions;
    at::Tensor labels;

    int64_t size() const { return positions.defined() ? positions.size(0) : 0; }
    /// The rows at `indices` (int64).
    CloudSet select(const at::Tensor& indices) const;
};

/// The clouds a training run uses: train and validation from the data set's train split,
/// test from its test split, which training never reads.
struct TrainingData {
    CloudSet train;
    CloudSet validation;
    CloudSet test;
    std::vector<std::string> classNames;
    std::string description;  ///< of the train split; starts with SYNTHETIC for generated data
    bool synthetic = false;
};

struct TrainDataOptions {
    std::string spec;          ///< --data: a data set folder or "procedural:..."
    int64_t numPoints = 1024;
    double validationFraction = 0.1;  ///< of the train split, chosen by `seed`
    uint64_t seed = 0;
    int gravityDim = 2;
};

/// Reads both splits and holds out the validation clouds: a seeded permutation of the
/// train split puts round(fraction * N) clouds (at least one) in validation.
/// Throws DataError when the spec cannot be opened, a split is empty or unlabelled,
/// or the fraction leaves no training cloud; ConfigError for a fraction outside [0, 1).
TrainingData loadTrainingData(const TrainDataOptions& options, const JobContext& context);

/// Model features for positions (B, P, 3): posᵀ for in_channels 3, with heights
/// (p[:, gravityDim] - min) appended for in_channels 4. Throws ConfigError otherwise.
at::Tensor featuresFromPositions(const at::Tensor& positions, int64_t inChannels, int gravityDim);

/// Applies the augmentation to each cloud of a batch (B, P, 3).
at::Tensor augmentBatch(const at::Tensor& positions, const Augmentation& augmentation, at::Generator& generator);

} // namespace pointq
