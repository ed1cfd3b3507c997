#pragma once

#include "common/Progress.h"
#include "io/PointCloud.h"
#include "model/Classifier.h"

#include <ATen/ATen.h>

#include <functional>
#include <string>
#include <vector>

namespace pointq {

/// Settings for evaluating a scene larger than one network input. The defaults follow
/// openpoints' segmentation test() (PointNeXt examples/segmentation/main.py) with
/// the S3DIS configs.
struct ScenePipelineOptions {
    /// Voxel edge in metres (dataset.common.voxel_size); 0 feeds the whole scene as one pass.
    double voxelSize = 0.04;
    /// Largest network input; a larger pass is split into overlapping crops of the
    /// voxelMax points nearest to a seed. 0 never crops.
    int64_t voxelMax = 0;
    /// Voting passes; 0 for one per point of the fullest voxel, so every point is fed once.
    int64_t maxPasses = 0;
    /// datatransforms.val: PointsToTensor, PointCloudXYZAlign and ChromaticNormalize are built.
    std::vector<std::string> transforms{"PointsToTensor", "PointCloudXYZAlign", "ChromaticNormalize"};
    std::string featureKeys = "x,heights"; ///< feature_keys: pos, x (colours) and heights
    int64_t gravityDim = 2;
    int64_t inChannels = 4;
    uint64_t seed = 0; ///< seed of the per-pass shuffle
    /// Smallest chunk the network can take: the product of the encoder's strides, so
    /// that the coarsest stage keeps at least one point.
    int64_t minimumPoints = 1;
};

/// Voxel membership of a scene's points.
struct VoxelGrid {
    at::Tensor order;        ///< (N) int64 point indices sorted stably by voxel
    at::Tensor voxelOfPoint; ///< (N) int64 voxel index of every point
    at::Tensor counts;       ///< (V) int64 points per voxel
    at::Tensor starts;       ///< (V) int64 offset of each voxel's first point in order
};

/// Groups points by floor(p / voxelSize), with p shifted so that its minimum is 0
/// as openpoints' load_data() shifts it. Voxels are ordered by their (x, y, z) cell, and
/// points within a voxel keep their file order. Throws Error for voxelSize <= 0.
VoxelGrid voxelize(const at::Tensor& positions, double voxelSize);

/// One network input of a scene and the scene points it covers.
struct SceneChunk {
    at::Tensor pointIndices; ///< (M) int64 indices into the scene, in input order
    ModelInput input;        ///< batch of one: positions (1, M, 3), features (1, C, M)
};

/// The inputs that cover a scene.
struct ScenePlan {
    std::vector<SceneChunk> chunks;
    VoxelGrid grid;
    int64_t pointCount = 0;
    int64_t passes = 0;         ///< voting passes run
    int64_t passesForFullCoverage = 0; ///< points in the fullest voxel
    int64_t crops = 0;          ///< chunks beyond one per pass
};

/// Builds the inputs for a scene with colours: the voxel grid, one pass per vote
/// taking the (pass mod count)-th point of every voxel in shuffled order, crops when
/// a pass exceeds voxelMax, and each chunk's features after the val transforms.
/// Throws ConfigError for an unknown transform or feature key, or when the features
/// do not add up to inChannels, and DataError for a scene without colours or a chunk
/// smaller than minimumPoints.
ScenePlan planScene(const PointCloud& scene, const ScenePipelineOptions& options);

/// Per-point results of a scene.
struct ScenePrediction {
    at::Tensor logits;      ///< (N, K) mean of the logits of every chunk that covered the point
    at::Tensor labels;      ///< (N) int64 argmax of logits
    int64_t uncoveredPoints = 0; ///< points fed in no pass, given their voxel's mean logits
};

/// Runs forward on every chunk and maps the logits back to every scene point.
/// forward returns (1, K, M) logits for a chunk.
ScenePrediction predictScene(const std::function<at::Tensor(const ModelInput&)>& forward, const ScenePlan& plan,
                             const JobContext& context, const std::string& stage);

} // namespace pointq
