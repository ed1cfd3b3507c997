#pragma once

// ShapeNetPart in the shapenetcore_partanno_segmentation_benchmark_v0_normal layout,
// as openpoints' ShapeNetPartNormal reads it (openpoints commit 8c115a9,
// dataset/shapenetpart/shapenetpart.py).

#include "model/Classifier.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pointq {

/// One shape of the data set as stored.
struct PartShape {
    std::string file;
    int64_t category = 0;  ///< index into ShapeNetPartData::categoryNames()
    at::Tensor positions;  ///< (N, 3) float32
    at::Tensor normals;    ///< (N, 3) float32
    at::Tensor labels;     ///< (N) int64 part indices, 0..49
};

/// The shapes of one split. The folder contains synsetoffset2category.txt, with a
/// category name and its synset folder per line in category index order. It also
/// contains one folder of "x y z nx ny nz part" text files per synset, and
/// train_test_split/shuffled_<split>_file_list.json, a JSON array of
/// "shape_data/<synset>/<token>" entries.
class ShapeNetPartData {
public:
    /// split: "test", "val", "train" or "trainval". Throws DataError naming the file
    /// and position for a missing or malformed category list or split list, and
    /// for a split entry whose shape file is missing.
    ShapeNetPartData(const std::string& root, const std::string& split = "test");

    size_t size() const { return m_entries.size(); }
    /// Reads shape index. Throws DataError naming the file and line for a row that is
    /// not 7 numbers, a non-finite value or a part index outside the category's parts.
    PartShape get(size_t index) const;
    const std::vector<std::string>& categoryNames() const { return m_categoryNames; }
    std::vector<std::string> files() const;
    std::string description() const;

private:
    struct Entry {
        std::string file;
        int64_t category = 0;
    };

    std::string m_root;
    std::string m_split;
    std::vector<std::string> m_categoryNames;
    std::vector<Entry> m_entries;
};

/// True when path is a folder containing synsetoffset2category.txt.
bool isShapeNetPartFolder(const std::string& path);

/// Parses a JSON array of strings, the format of ShapeNetPart's split lists. Throws
/// DataError naming source and the byte offset of the first invalid character.
std::vector<std::string> parseJsonStringArray(const std::string& text, const std::string& source);

/// Settings of openpoints' evaluation input for one shape.
struct PartInputOptions {
    int64_t numPoints = 2048;
    /// dataset.val.presample: furthest point sampling from row 0 to numPoints points;
    /// otherwise the first numPoints rows.
    bool furthestPointSampling = true;
    int64_t gravityDim = 1;               ///< datatransforms.kwargs.gravity_dim
    std::string featureKeys = "pos,x,heights";
    int64_t inChannels = 7;
};

/// A batch of shapes as the model input plus the sampled labels.
struct PartBatch {
    ModelInput input;        ///< positions (B, N, 3), features (B, C, N), shapeClasses (B)
    at::Tensor labels;       ///< (B, N) int64
    at::Tensor categories;   ///< (B) int64
    at::Tensor positions;    ///< (B, N, 3) sampled positions before normalization, for display
};

/// Samples each shape, computes heights = p[:, gravityDim] - min before centring,
/// centres and normalizes the positions (PointCloudCenterAndNormalize) and stacks the
/// features named by featureKeys (pos, x = normals, heights). Shapes with fewer than
/// numPoints points repeat their rows cyclically. repeatedShapes receives the count of
/// such shapes, so that the caller can report it. Throws ConfigError when the feature
/// channels differ from inChannels.
PartBatch makePartBatch(const std::vector<PartShape>& shapes, const PartInputOptions& options,
                        int64_t* repeatedShapes = nullptr);

} // namespace pointq
