#pragma once

#include <string>
#include <vector>

namespace pointq {

/// `model.encoder_args` of a PointNextEncoder config, with openpoints' defaults
/// for absent keys (openpoints/models/backbone/pointnext.py).
struct EncoderArgs {
    std::string name = "PointNextEncoder";
    int inChannels = 4;
    int width = 32;
    std::vector<int> blocks{1, 4, 7, 4, 4};
    std::vector<int> strides{4, 4, 4, 4};
    std::string block = "InvResMLP";
    std::string sampler = "fps";
    int saLayers = 1;
    bool saUseRes = false;
    bool useRes = true;
    double expansion = 4.0;
    double radiusScaling = 2.0;
    double nsampleScaling = 1.0;
    /// Per stage, per block, as openpoints' `_to_full_list` expands a scalar or a list.
    /// Computed in double as Python does; the ball query rounds each value to float32.
    std::vector<std::vector<double>> radii;
    std::vector<std::vector<int>> nsamples;
    std::string featureType = "dp_fj";  // aggr_args.feature_type
    std::string reduction = "max";      // aggr_args.reduction
    std::string groupName = "ballquery"; // group_args.NAME
    bool normalizeDp = false;           // group_args.normalize_dp
    std::string convOrder = "conv-norm-act";
    std::string activation = "relu";    // act_args.act
    std::string norm = "bn";            // norm_args.norm

    /// Output channels of each stage: `width` doubled after every stride other than 1.
    std::vector<int> stageChannels() const;
};

/// `model.cls_args` of a ClsHead.
struct ClsHeadArgs {
    std::string name = "ClsHead";
    int numClasses = 0;
    std::vector<int> mlps{256};
    std::string norm;                   // norm_args.norm, empty for none
    std::string activation = "relu";
    double dropout = 0.5;
    std::vector<std::string> globalFeat; // "max", "avg"; empty when the input is already global
};

/// `model` of a config.
struct ModelArgs {
    std::string name;                   // BaseCls, BaseSeg, BasePartSeg
    EncoderArgs encoder;
    ClsHeadArgs head;
};

/// The dataset part of a config that evaluation needs.
struct DatasetArgs {
    std::string name;                   // dataset.common.NAME
    std::string dataDir;                // dataset.common.data_dir
    int numPoints = 1024;               // dataset.val.num_points, else num_points
    int numClasses = 0;                 // num_classes
    std::vector<std::string> valTransforms; // datatransforms.val
    int gravityDim = 2;                 // datatransforms.kwargs.gravity_dim
    std::string featureKeys = "pos";
    int batchSize = 32;
    int valBatchSize = 32;
};

} // namespace pointq
