#pragma once

#include "analysis/BlockSequence.h"
#include "common/Progress.h"
#include "data/Preprocess.h"
#include "quant/Calibrator.h"

#include <string>
#include <vector>

namespace pointq {

/// Configurations a sweep measures for each layer and group.
enum class SweepMode {
    Only,   ///< quantize only this layer or group, the rest FP32
    AllBut, ///< quantize everything except this layer or group
    Both,
};

const char* sweepModeName(SweepMode mode);
/// Parses "only", "all-but" or "both"; throws QuantizationError otherwise.
SweepMode parseSweepMode(const std::string& name);

struct SensitivitySettings {
    SweepMode mode = SweepMode::Both;
    int bits = 8;              ///< 8 runs LibTorch's INT8 kernels unless simulate; 2 to 16 are simulated
    bool simulate = false;     ///< fake quantization in float even at 8 bits
    std::string engine = "auto";
    int64_t batchSize = 4;     ///< clouds per pass; small batches keep the cached activations in cache
    int workers = 0;           ///< threads running configurations side by side; 0 for LibTorch's thread count
    bool groups = true;        ///< also measure stages, blocks and the head as a whole
    bool measureGap = true;    ///< compare simulation with the INT8 kernels (8 bits with kernels only)
    /// Resume each configuration from the reference passes' activations; false runs every
    /// configuration from the clouds, which benchmarks and tests compare against.
    bool cacheActivations = true;
    /// Sample and group each batch once and reuse it in every pass; false lets every pass
    /// run furthest point sampling and ball query itself.
    bool cacheGeometry = true;
    /// Run the FP32 first layer of each grouped block per point before gathering
    /// (runFloatLayerOnGroups); false builds the grouped input, which benchmarks compare against.
    bool perPointGrouping = true;
};

/// End-to-end figures of one configuration against the FP32 model on the same clouds.
struct OutputFigures {
    double sqnrDb = 0.0;           ///< logit SQNR, 10 log10(sum ref^2 / sum (ref - x)^2); +inf when identical
    double cosineSimilarity = 0.0; ///< mean over clouds of the cosine between FP32 and these logits
    double top1Agreement = 0.0;    ///< percent of clouds whose top-1 class equals FP32's
    bool hasAccuracy = false;      ///< false without labels
    double overallAccuracy = 0.0;  ///< percent
    double accuracyDelta = 0.0;    ///< percentage points against FP32, negative when worse
};

/// Sensitivity of one layer, with the layer named and placed as in the model.
struct LayerSensitivity {
    std::string name;
    std::string stage;     ///< "stage0" ... or "head"
    int block = -1;        ///< block within the stage, -1 in the head
    std::string blockType; ///< "stem", "SetAbstraction", "InvResMLP", "GroupAll" or "ClsHead"
    std::string kind;      ///< "Conv1d", "Conv2d" or "Linear"
    size_t position = 0;   ///< execution order
    bool hasOnly = false;
    bool hasAllBut = false;
    OutputFigures onlyThis;   ///< this layer quantized, every other layer FP32
    OutputFigures allButThis; ///< every other layer quantized, this one FP32
};

/// Sensitivity of a stage, a block or the head as a whole.
struct GroupSensitivity {
    std::string name;      ///< a word `--skip` accepts: "stage1", "stage2.block1" or "head"
    std::string level;     ///< "stage", "block" or "head"
    std::string blockType; ///< type of its blocks, joined with '+' when a stage mixes types
    std::vector<std::string> layers;
    bool hasOnly = false;
    bool hasAllBut = false;
    OutputFigures onlyThis;
    OutputFigures allButThis;
};

/// Difference between the simulation and the INT8 kernels on one layer, both given the
/// input the kernel got in the all-INT8 model.
struct SimulationGap {
    std::string name;
    double maxAbsDifference = 0.0;
    double maxDifferenceInSteps = 0.0; ///< max |difference| in units of the layer's output scale
    double sqnrDb = 0.0;               ///< kernel output as signal, difference as noise; +inf when identical
};

/// The same difference at the logits, with every layer simulated or on the kernels.
struct EndToEndGap {
    double sqnrDb = 0.0;              ///< kernel logits as signal
    double maxAbsLogitDifference = 0.0;
    double top1Agreement = 0.0;       ///< percent of clouds where simulation and kernels agree
    OutputFigures simulated;          ///< the all-simulated model against FP32
};

/// Everything a sweep measured.
struct SensitivityResult {
    SensitivitySettings settings;
    std::string backend;               ///< "onednn INT8 kernels" or "simulated 4-bit"
    std::string engine;                ///< quantized engine, empty when only simulating
    bool engineFellBack = false;
    int64_t clouds = 0;
    bool labelled = false;
    double fp32OverallAccuracy = 0.0;  ///< percent, when labelled
    OutputFigures allQuantized;        ///< every layer quantized
    std::vector<LayerSensitivity> layers;  ///< in execution order
    std::vector<GroupSensitivity> groups;
    bool hasGap = false;
    std::vector<SimulationGap> gaps;   ///< in execution order
    EndToEndGap endToEndGap;
    double sweepSeconds = 0.0;         ///< wall time of every pass, after calibration
    int64_t configurations = 0;        ///< single-layer and group configurations measured
    /// Fraction of the network's layers that the configurations re-ran on average; the
    /// rest were resumed from cached activations.
    double rerunFraction = 0.0;
    int64_t activationCacheBytes = 0;  ///< cached activations of the largest batch, each storage counted once
    int64_t geometryCacheBytes = 0;    ///< cached sampling and grouping of the largest batch
};

/// Measures every layer (and, with settings.groups, every stage, block and the head) in
/// the requested modes on all clouds of `inputs`. The figures are true end-to-end
/// results: each configuration runs the network to the logits. Only the part of the
/// network before the block of the first changed layer is taken from an FP32 or a fully
/// quantized pass over the same batch, because it is identical there. Throws
/// QuantizationError for bad settings and CancelledError when cancelled.
SensitivityResult runSensitivitySweep(PointNextClassifier& model, const Calibrator& calibration, const ModelInputs& inputs,
                                      const SensitivitySettings& settings, const JobContext& context);

/// The clouds [begin, end) of inputs, padded with copies of the last one to batchSize
/// clouds when there are enough clouds to fill a batch, so that every pass has one
/// batch shape.
ModelInput paddedBatch(const ModelInputs& inputs, int64_t begin, int64_t end, int64_t batchSize);

/// Figures of logits against the FP32 logits; labels may be undefined.
OutputFigures compareOutputs(const at::Tensor& fp32Logits, const at::Tensor& logits, const at::Tensor& labels);

/// Layer indices sorted from most to least sensitive: by the SQNR of "only this layer"
/// (lowest first) when measured, else by the SQNR gain of "all but this layer" (largest
/// first).
std::vector<size_t> layersBySensitivity(const SensitivityResult& result);

} // namespace pointq
