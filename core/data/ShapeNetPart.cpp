#include "data/ShapeNetPart.h"

#include "common/Errors.h"
#include "data/Dataset.h"
#include "data/Preprocess.h"
#include "eval/SegmentationMetrics.h"
#include "io/TextCloudReader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace pointq {

namespace {

std::string readWholeFile(const std::string& path, const std::string& expectation)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw DataError("cannot open the file; expected " + expectation, path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// Split names as openpoints' ShapeNetPartNormal takes them: "trainval" joins the
// train and val lists.
std::vector<std::string> splitListNames(const std::string& split)
{
    if (split == "test")
        return {"test"};
    if (split == "val")
        return {"val"};
    if (split == "train")
        return {"train"};
    if (split == "trainval")
        return {"train", "val"};
    throw ConfigError("unknown ShapeNetPart split '" + split + "'; expected test, val, train or trainval", {},
                      "split");
}

// The token of "shape_data/<synset>/<token>", the third path component, as openpoints
// takes it with d.split('/')[2].
std::string splitEntryToken(const std::string& entry, const std::string& listFile, size_t index)
{
    std::vector<std::string> parts;
    std::stringstream stream(entry);
    std::string part;
    while (std::getline(stream, part, '/'))
        parts.push_back(part);
    if (parts.size() != 3 || parts[2].empty())
        throw DataError("split entry '" + entry + "' is not of the form shape_data/<synset>/<token>", listFile,
                        "entry " + std::to_string(index + 1));
    return parts[2];
}

size_t skipWhitespace(const std::string& text, size_t position)
{
    while (position < text.size() && (text[position] == ' ' || text[position] == '\t' || text[position] == '\n'
                                      || text[position] == '\r'))
        ++position;
    return position;
}

[[noreturn]] void throwJsonError(const std::string& source, size_t position, const std::string& expected)
{
    throw DataError("invalid JSON: expected " + expected, source, "byte " + std::to_string(position));
}

} // namespace

std::vector<std::string> parseJsonStringArray(const std::string& text, const std::string& source)
{
    std::vector<std::string> values;
    size_t position = skipWhitespace(text, 0);
    if (position >= text.size() || text[position] != '[')
        throwJsonError(source, position, "'[' starting an array of strings");
    position = skipWhitespace(text, position + 1);
    if (position < text.size() && text[position] == ']')
        return values;
    while (true) {
        if (position >= text.size() || text[position] != '"')
            throwJsonError(source, position, "a string");
        std::string value;
        ++position;
        while (true) {
            if (position >= text.size())
                throwJsonError(source, position, "the closing '\"' of a string");
            const char c = text[position];
            if (c == '"')
                break;
            if (static_cast<unsigned char>(c) < 0x20)
                throwJsonError(source, position, "no control character inside a string");
            if (c == '\\') {
                // Split lists hold plain paths; only the escapes a path may need are accepted.
                if (position + 1 >= text.size())
                    throwJsonError(source, position, "an escaped character");
                const char escaped = text[position + 1];
                if (escaped == '"' || escaped == '\\' || escaped == '/')
                    value += escaped;
                else
                    throwJsonError(source, position, "one of the escapes \\\" \\\\ \\/");
                position += 2;
                continue;
            }
            value += c;
            ++position;
        }
        values.push_back(std::move(value));
        position = skipWhitespace(text, position + 1);
        if (position < text.size() && text[position] == ',') {
            position = skipWhitespace(text, position + 1);
            continue;
        }
        if (position < text.size() && text[position] == ']')
            break;
        throwJsonError(source, position, "',' or ']' after an array element");
    }
    position = skipWhitespace(text, position + 1);
    if (position != text.size())
        throwJsonError(source, position, "nothing after the closing ']'");
    return values;
}

bool isShapeNetPartFolder(const std::string& path)
{
    std::error_code error;
    return fs::is_directory(path, error) && fs::is_regular_file(fs::path(path) / "synsetoffset2category.txt", error);
}

ShapeNetPartData::ShapeNetPartData(const std::string& root, const std::string& split)
    : m_root(root), m_split(split)
{
    const std::vector<std::string> listNames = splitListNames(split);
    const std::string categoryFile = (fs::path(root) / "synsetoffset2category.txt").string();
    if (!fs::is_regular_file(categoryFile))
        throw DataError("not a ShapeNetPart folder: synsetoffset2category.txt is missing; expected the "
                        "shapenetcore_partanno_segmentation_benchmark_v0_normal layout",
                        root);

    std::vector<std::string> synsets;
    for (const ListEntry& entry : readNameList(categoryFile)) {
        std::istringstream fields(entry.name);
        std::string name, synset, extra;
        fields >> name >> synset;
        if (synset.empty() || (fields >> extra))
            throw DataError("expected a category name and its synset folder, found '" + entry.name + "'",
                            categoryFile, "line " + std::to_string(entry.line));
        m_categoryNames.push_back(name);
        synsets.push_back(synset);
    }
    const auto& parts = shapeNetPartParts();
    if (m_categoryNames.size() != parts.size())
        throw DataError("expected the " + std::to_string(parts.size()) + " ShapeNetPart categories, found "
                            + std::to_string(m_categoryNames.size()),
                        categoryFile);

    std::set<std::string> tokens;
    for (const std::string& listName : listNames) {
        const std::string listFile =
            (fs::path(root) / "train_test_split" / ("shuffled_" + listName + "_file_list.json")).string();
        const std::vector<std::string> entries =
            parseJsonStringArray(readWholeFile(listFile, "a JSON array of shape_data/<synset>/<token>"), listFile);
        for (size_t i = 0; i < entries.size(); ++i)
            tokens.insert(splitEntryToken(entries[i], listFile, i));
    }

    // openpoints lists each category's folder sorted and keeps the files whose stem is in the
    // split; the categories follow the order of synsetoffset2category.txt.
    for (size_t category = 0; category < synsets.size(); ++category) {
        const fs::path folder = fs::path(root) / synsets[category];
        if (!fs::is_directory(folder))
            continue;
        std::vector<std::string> names;
        for (const auto& item : fs::directory_iterator(folder)) {
            if (item.is_regular_file() && item.path().extension() == ".txt")
                names.push_back(item.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        for (const std::string& name : names) {
            if (tokens.count(fs::path(name).stem().string()))
                m_entries.push_back({(folder / name).string(), static_cast<int64_t>(category)});
        }
    }
    if (m_entries.empty())
        throw DataError("no shape of split '" + split + "' was found in the category folders; expected <synset>/"
                        "<token>.txt files named in train_test_split/shuffled_<split>_file_list.json",
                        root);
}

PartShape ShapeNetPartData::get(size_t index) const
{
    const Entry& entry = m_entries.at(index);
    TextCloudOptions options;
    options.columns = {TextColumn::X,       TextColumn::Y,       TextColumn::Z,    TextColumn::NormalX,
                       TextColumn::NormalY, TextColumn::NormalZ, TextColumn::Label};
    const PointCloud cloud = readTextCloud(entry.file, options);

    const std::vector<int64_t>& allowed = shapeNetPartParts().at(static_cast<size_t>(entry.category));
    const at::Tensor labels = cloud.labels.contiguous();
    const int64_t* values = labels.data_ptr<int64_t>();
    for (int64_t i = 0; i < labels.numel(); ++i) {
        if (std::find(allowed.begin(), allowed.end(), values[i]) == allowed.end())
            throw DataError("part index " + std::to_string(values[i]) + " does not belong to category "
                                + m_categoryNames[static_cast<size_t>(entry.category)] + ", whose parts are "
                                + std::to_string(allowed.front()) + "-" + std::to_string(allowed.back()),
                            entry.file, "point " + std::to_string(i + 1));
    }
    PartShape shape;
    shape.file = entry.file;
    shape.category = entry.category;
    shape.positions = cloud.positions;
    shape.normals = cloud.normals;
    shape.labels = labels;
    return shape;
}

std::vector<std::string> ShapeNetPartData::files() const
{
    std::vector<std::string> files;
    files.reserve(m_entries.size());
    for (const Entry& entry : m_entries)
        files.push_back(entry.file);
    return files;
}

std::string ShapeNetPartData::description() const
{
    std::map<int64_t, int64_t> perCategory;
    for (const Entry& entry : m_entries)
        ++perCategory[entry.category];
    std::ostringstream text;
    text << "ShapeNetPart " << m_root << ", split " << m_split << ": " << m_entries.size() << " shapes in "
         << perCategory.size() << (perCategory.size() == 1 ? " category" : " categories");
    return text.str();
}

PartBatch makePartBatch(const std::vector<PartShape>& shapes, const PartInputOptions& options,
                        int64_t* repeatedShapes)
{
    if (shapes.empty())
        throw DataError("a part segmentation batch needs at least one shape");
    PreprocessOptions sampling;
    sampling.numPoints = options.numPoints;
    sampling.sampling = options.furthestPointSampling ? Sampling::Fps : Sampling::First;
    sampling.repeatShortClouds = true;

    std::vector<at::Tensor> rawPositions, positions, features, labels;
    std::vector<int64_t> categories;
    int64_t repeated = 0;
    for (const PartShape& shape : shapes) {
        if (shape.positions.size(0) < options.numPoints)
            ++repeated;
        const at::Tensor rows = selectPointIndices(shape.positions, sampling, shape.file);
        const at::Tensor raw = shape.positions.index_select(0, rows);
        const at::Tensor up = raw.select(1, options.gravityDim).unsqueeze(1);
        const at::Tensor heights = up - up.min();
        const at::Tensor normalized = centerAndNormalize(raw, shape.file);

        std::vector<at::Tensor> channels;
        std::stringstream keys(options.featureKeys);
        std::string key;
        while (std::getline(keys, key, ',')) {
            if (key == "pos")
                channels.push_back(normalized);
            else if (key == "x")
                channels.push_back(shape.normals.index_select(0, rows));
            else if (key == "heights")
                channels.push_back(heights);
            else
                throw ConfigError("unknown feature key '" + key + "' for ShapeNetPart; expected pos, x (normals) and "
                                  "heights",
                                  {}, "feature_keys");
        }
        const at::Tensor stacked = at::cat(channels, 1);
        if (stacked.size(1) != options.inChannels)
            throw ConfigError("feature_keys " + options.featureKeys + " give " + std::to_string(stacked.size(1))
                                  + " channels, but the encoder's in_channels is " + std::to_string(options.inChannels),
                              {}, "feature_keys");
        rawPositions.push_back(raw);
        positions.push_back(normalized);
        features.push_back(stacked.transpose(0, 1));
        labels.push_back(shape.labels.index_select(0, rows));
        categories.push_back(shape.category);
    }
    if (repeatedShapes)
        *repeatedShapes = repeated;

    PartBatch batch;
    batch.categories = at::tensor(categories, at::kLong);
    batch.input = ModelInput(at::stack(positions).contiguous(), at::stack(features).contiguous(), batch.categories);
    batch.labels = at::stack(labels).contiguous();
    batch.positions = at::stack(rawPositions).contiguous();
    return batch;
}

} // namespace pointq
