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
    /// group_args.normalize_dp: divide neighbour offsets by the radius. openpoints'
    /// QueryAndGroup defaults it to False; every shipped PointNeXt config sets True.
    bool normalizeDp = false;
    bool relativeXyz = true;            // group_args.relative_xyz, QueryAndGroup's default
    std::string convOrder = "conv-norm-act"; // conv_args.order
    std::string activation = "relu";    // act_args.act, lower case
    std::string norm = "bn";            // norm_args.norm, lower case; empty for none
    double normEps = 1e-5;              // norm_args.eps, torch BatchNorm's default
    double normMomentum = 0.1;          // norm_args.momentum, torch BatchNorm's default

    /// Output channels of each stage: `width` doubled after every stride other than 1.
    std::vector<int> stageChannels() const;
};

/// `model.cls_args` of a ClsHead (BaseCls) or a SegHead (BaseSeg, BasePartSeg).
struct ClsHeadArgs {
    std::string name = "ClsHead";
    int numClasses = 0;
    /// Hidden layer widths. For a ClsHead an empty list (or `mlps: null`) means no hidden
    /// layer. For a SegHead `mlps: null` (or no mlps key) means one hidden layer as wide as
    /// the input; then hiddenAsWideAsInput is set and mlps is empty.
    std::vector<int> mlps{256};
    bool hiddenAsWideAsInput = false;
    std::string norm;                   // norm_args.norm, lower case; empty for none
    std::string activation = "relu";    // act_args.act, lower case; empty for none
    double dropout = 0.5;
    std::vector<std::string> globalFeat; // "max", "avg"; empty when the input is already global
    /// Channels entering the head before global_feat concatenation: the encoder's last
    /// stage for BaseCls. 0 for SegHead, whose input comes from the decoder.
    int inChannels = 0;
};

/// `model.decoder_args` of a BaseSeg (PointNextDecoder) or BasePartSeg (PointNextPartDecoder).
struct DecoderArgs {
    std::string name;                   // empty when the model has no decoder
    int decoderLayers = 2;
    int decoderStages = 4;              // PointNextDecoder only
    std::vector<int> decoderBlocks{1, 1, 1, 1}; // PointNextPartDecoder only
    std::string clsMap = "pointnet2";   // PointNextPartDecoder only
    int numShapeClasses = 16;           // PointNextPartDecoder's num_classes
};

/// `model` of a config.
struct ModelArgs {
    std::string name;                   // BaseCls, BaseSeg, BasePartSeg
    EncoderArgs encoder;
    DecoderArgs decoder;
    ClsHeadArgs head;
};

/// The dataset part of a config that evaluation needs.
struct DatasetArgs {
    std::string name;                   // dataset.common.NAME
    /// dataset.common.data_dir, or data_root for the datasets that name it so (S3DIS, ShapeNetPart).
    std::string dataDir;
    /// dataset.val.num_points, else dataset.common.num_points, else num_points; 0 when none
    /// is given, as in the S3DIS configs, which evaluate whole voxelized rooms.
    int numPoints = 0;
    int numClasses = 0;                 // num_classes
    std::vector<std::string> valTransforms; // datatransforms.val
    int gravityDim = 2;                 // datatransforms.kwargs.gravity_dim
    std::string featureKeys = "pos";
    int batchSize = 32;
    int valBatchSize = 32;              // val_batch_size, else batch_size as openpoints' main.py
    /// dataset.common.voxel_size in metres; 0 when the config sets none (no voxel subsampling).
    double voxelSize = 0.0;
    /// voxel_max of the evaluation split (dataset.test, else dataset.val, else dataset.common);
    /// 0 when null, which evaluates each voxelized scene whole.
    int voxelMax = 0;
    /// ignore_index: labels skipped by the metrics; -1 when null.
    int ignoreIndex = -1;
    /// dataset.val.presample (ShapeNetPart): evaluate furthest-point samples of
    /// num_points points instead of the first num_points rows.
    bool presample = false;
};

} // namespace pointq
