#include "io/TextCloudReader.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "io/CloudBuffers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace pointq {
namespace {

constexpr size_t kColumnKinds = static_cast<size_t>(TextColumn::Ignore) + 1;

const std::map<std::string, TextColumn>& columnNames()
{
    static const std::map<std::string, TextColumn> names = {
        {"x", TextColumn::X},          {"y", TextColumn::Y},          {"z", TextColumn::Z},
        {"nx", TextColumn::NormalX},   {"ny", TextColumn::NormalY},   {"nz", TextColumn::NormalZ},
        {"r", TextColumn::Red},        {"g", TextColumn::Green},      {"b", TextColumn::Blue},
        {"red", TextColumn::Red},      {"green", TextColumn::Green},  {"blue", TextColumn::Blue},
        {"intensity", TextColumn::Intensity}, {"i", TextColumn::Intensity},
        {"label", TextColumn::Label},  {"skip", TextColumn::Ignore},  {"_", TextColumn::Ignore},
    };
    return names;
}

std::string_view trim(std::string_view text)
{
    const size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos)
        return {};
    const size_t end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

// A comma anywhere makes the row comma separated, so "1, 2, 3" also parses;
// otherwise runs of spaces and tabs separate the fields.
std::vector<std::string_view> splitFields(std::string_view row)
{
    std::vector<std::string_view> fields;
    if (row.find(',') != std::string_view::npos) {
        size_t begin = 0;
        while (true) {
            const size_t comma = row.find(',', begin);
            fields.push_back(trim(row.substr(begin, comma == std::string_view::npos ? row.npos : comma - begin)));
            if (comma == std::string_view::npos)
                break;
            begin = comma + 1;
        }
        return fields;
    }
    size_t begin = row.find_first_not_of(" \t");
    while (begin != std::string_view::npos) {
        const size_t end = row.find_first_of(" \t", begin);
        fields.push_back(row.substr(begin, end == std::string_view::npos ? row.npos : end - begin));
        begin = row.find_first_not_of(" \t", end);
    }
    return fields;
}

// Accepts what Python's float() accepts for decimal input: an optional sign,
// decimal or exponent notation, "nan" and "inf"/"infinity". from_chars is used
// because strtod follows the process locale, which Qt sets from the environment.
bool parseNumber(std::string_view token, double& value)
{
    if (token.empty())
        return false;
    const bool negative = token.front() == '-';
    if (token.front() == '+' || negative)
        token.remove_prefix(1);
    if (token.empty() || token.front() == '+' || token.front() == '-')
        return false;
    const auto result = std::from_chars(token.data(), token.data() + token.size(), value);
    if (result.ec != std::errc() || result.ptr != token.data() + token.size())
        return false;
    if (negative)
        value = -value;
    return true;
}

bool isHeaderRow(const std::vector<std::string_view>& fields)
{
    for (const std::string_view field : fields) {
        double value = 0;
        if (field.empty() || parseNumber(field, value))
            return false;
    }
    return true;
}

std::string positionText(size_t line, size_t column)
{
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

void validateColumns(const std::vector<TextColumn>& columns, const std::string& layoutText)
{
    std::array<int, kColumnKinds> counts{};
    for (const TextColumn column : columns)
        ++counts[static_cast<size_t>(column)];
    const auto count = [&](TextColumn column) { return counts[static_cast<size_t>(column)]; };

    if (count(TextColumn::X) != 1 || count(TextColumn::Y) != 1 || count(TextColumn::Z) != 1)
        throw ConfigError("a column layout must list x, y and z exactly once each, found '" + layoutText + "'",
                          {}, "column layout");
    for (TextColumn column : {TextColumn::NormalX, TextColumn::NormalY, TextColumn::NormalZ, TextColumn::Red,
                              TextColumn::Green, TextColumn::Blue, TextColumn::Intensity, TextColumn::Label}) {
        if (count(column) > 1)
            throw ConfigError("a column layout lists a column name twice in '" + layoutText + "'", {},
                              "column layout");
    }
    const int normals = count(TextColumn::NormalX) + count(TextColumn::NormalY) + count(TextColumn::NormalZ);
    const int colors = count(TextColumn::Red) + count(TextColumn::Green) + count(TextColumn::Blue);
    if (normals % 3 != 0 || colors % 3 != 0)
        throw ConfigError("a column layout must list nx, ny, nz together and r, g, b together, found '" +
                              layoutText + "'",
                          {}, "column layout");
}

std::vector<TextColumn> detectColumns(size_t columnCount, const std::string& source, size_t line)
{
    using C = TextColumn;
    if (columnCount < 3)
        throw DataError("expected at least 3 columns (x y z), found " + std::to_string(columnCount), source,
                        "line " + std::to_string(line));
    if (columnCount == 3)
        return {C::X, C::Y, C::Z};
    if (columnCount == 4)
        return {C::X, C::Y, C::Z, C::Intensity};
    if (columnCount == 6)
        return {C::X, C::Y, C::Z, C::NormalX, C::NormalY, C::NormalZ};

    std::vector<TextColumn> columns(columnCount, C::Ignore);
    columns[0] = C::X;
    columns[1] = C::Y;
    columns[2] = C::Z;
    logWarning("pointq.io", source + ": " + std::to_string(columnCount) +
                                " columns have no standard meaning; reading x, y, z from the first three and "
                                "ignoring the rest (set a column layout to read more)");
    return columns;
}

// Collects parsed rows column by column until the tensors are built.
struct RowStore {
    std::array<std::vector<float>, kColumnKinds> values;
    std::vector<int64_t> labels;
    int64_t rows = 0;
};

at::Tensor interleave(const RowStore& store, TextColumn first)
{
    const size_t base = static_cast<size_t>(first);
    at::Tensor tensor = at::empty({store.rows, 3}, at::kFloat);
    float* out = tensor.data_ptr<float>();
    for (int64_t i = 0; i < store.rows; ++i) {
        for (size_t j = 0; j < 3; ++j)
            out[i * 3 + j] = store.values[base + j][static_cast<size_t>(i)];
    }
    return tensor;
}

PointCloud buildCloud(const RowStore& store, const std::vector<TextColumn>& columns, const std::string& source)
{
    const auto has = [&](TextColumn column) {
        return std::find(columns.begin(), columns.end(), column) != columns.end();
    };
    PointCloud cloud;
    cloud.sourceFile = source;
    cloud.positions = interleave(store, TextColumn::X);
    if (has(TextColumn::NormalX))
        cloud.normals = interleave(store, TextColumn::NormalX);
    if (has(TextColumn::Red))
        cloud.colors = interleave(store, TextColumn::Red);
    if (has(TextColumn::Intensity)) {
        const auto& intensity = store.values[static_cast<size_t>(TextColumn::Intensity)];
        cloud.intensity = at::tensor(at::ArrayRef<float>(intensity), at::kFloat);
    }
    if (has(TextColumn::Label))
        cloud.labels = at::tensor(at::ArrayRef<int64_t>(store.labels), at::kLong);
    return cloud;
}

// Parses one data row into store; returns false when the row contains a
// non-finite value and dropNonFinite is set.
bool parseRow(const std::vector<std::string_view>& fields, const std::vector<TextColumn>& columns,
              bool dropNonFinite, const std::string& source, size_t line, RowStore& store)
{
    std::array<float, kColumnKinds> rowValues{};
    int64_t label = 0;
    for (size_t c = 0; c < fields.size(); ++c) {
        double value = 0;
        if (!parseNumber(fields[c], value)) {
            const std::string found = fields[c].empty() ? "an empty field" : "'" + std::string(fields[c]) + "'";
            throw DataError("expected a number, found " + found, source, positionText(line, c + 1));
        }
        const TextColumn column = columns[c];
        if (column == TextColumn::Ignore)
            continue;
        const float rounded = static_cast<float>(value);
        if (!std::isfinite(rounded)) {
            if (dropNonFinite)
                return false;
            throw DataError("expected a finite float32 value, found '" + std::string(fields[c]) +
                                "' (set the option to drop rows with NaN or infinite values to skip such rows)",
                            source, positionText(line, c + 1));
        }
        if (column == TextColumn::Label) {
            if (std::floor(value) != value || std::fabs(value) > 9.0e15)
                throw DataError("expected an integer label, found '" + std::string(fields[c]) + "'", source,
                                positionText(line, c + 1));
            label = static_cast<int64_t>(value);
        }
        rowValues[static_cast<size_t>(column)] = rounded;
    }
    for (size_t kind = 0; kind < kColumnKinds; ++kind)
        store.values[kind].push_back(rowValues[kind]);
    store.labels.push_back(label);
    ++store.rows;
    return true;
}

// Column layout of a file, fixed by its first data row.
struct RowLayout {
    std::vector<TextColumn> columns;
    size_t columnCount = 0;
    size_t firstDataLine = 0;
    bool headerSkipped = false;
};

// Checks the column count of a row against the first data row, which fixes the
// layout. Returns false for a header row, which the caller skips.
bool checkRowLayout(const std::vector<std::string_view>& fields, size_t line, const std::string& source,
                    RowLayout& layout)
{
    if (layout.firstDataLine != 0) {
        if (fields.size() != layout.columnCount)
            throw DataError("expected " + std::to_string(layout.columnCount) + " columns as in line " +
                                std::to_string(layout.firstDataLine) + ", found " + std::to_string(fields.size()),
                            source, "line " + std::to_string(line));
        return true;
    }
    if (!layout.headerSkipped && isHeaderRow(fields)) {
        layout.headerSkipped = true;
        logInfo("pointq.io", source + ": line " + std::to_string(line) + " is a header row; skipped");
        return false;
    }
    layout.firstDataLine = line;
    layout.columnCount = fields.size();
    if (layout.columns.empty())
        layout.columns = detectColumns(layout.columnCount, source, line);
    else if (layout.columns.size() != layout.columnCount)
        throw DataError("expected " + std::to_string(layout.columns.size()) + " columns as the column layout '" +
                            formatTextColumns(layout.columns) + "' lists, found " +
                            std::to_string(layout.columnCount),
                        source, "line " + std::to_string(line));
    return true;
}

} // namespace

std::vector<TextColumn> parseTextColumns(const std::string& layout)
{
    std::vector<TextColumn> columns;
    std::string normalized = layout;
    std::replace(normalized.begin(), normalized.end(), ',', ' ');
    std::istringstream stream(normalized);
    std::string name;
    while (stream >> name) {
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        const auto found = columnNames().find(name);
        if (found == columnNames().end())
            throw ConfigError("unknown column name '" + name +
                                  "'; expected x, y, z, nx, ny, nz, r, g, b, intensity, label or skip",
                              {}, "column layout");
        columns.push_back(found->second);
    }
    validateColumns(columns, layout);
    return columns;
}

std::string formatTextColumns(const std::vector<TextColumn>& columns)
{
    static const std::array<const char*, kColumnKinds> names = {"x",  "y", "z", "nx", "ny", "nz",
                                                                "r",  "g", "b", "intensity", "label", "skip"};
    std::string text;
    for (const TextColumn column : columns) {
        if (!text.empty())
            text += ',';
        text += names[static_cast<size_t>(column)];
    }
    return text;
}

PointCloud parseTextCloud(std::string_view text, const std::string& sourceName, const TextCloudOptions& options)
{
    if (!options.columns.empty())
        validateColumns(options.columns, formatTextColumns(options.columns));
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);

    RowLayout layout;
    layout.columns = options.columns;
    RowStore store;
    size_t firstDroppedLine = 0;
    int64_t dropped = 0;
    size_t line = 0;
    size_t offset = 0;
    while (offset < text.size() && (options.maxRows <= 0 || store.rows < options.maxRows)) {
        const size_t end = std::min(text.find('\n', offset), text.size());
        const std::string_view row = trim(text.substr(offset, end - offset));
        offset = end + 1;
        ++line;
        if (row.empty() || row.front() == '#')
            continue;

        const std::vector<std::string_view> fields = splitFields(row);
        if (!checkRowLayout(fields, line, sourceName, layout))
            continue;
        if (!parseRow(fields, layout.columns, options.dropNonFinite, sourceName, line, store)) {
            if (dropped++ == 0)
                firstDroppedLine = line;
        }
    }

    if (dropped > 0)
        logWarning("pointq.io", sourceName + ": dropped " + std::to_string(dropped) +
                                    " rows with NaN or infinite values (the first at line " +
                                    std::to_string(firstDroppedLine) + ")");
    if (store.rows == 0) {
        if (dropped > 0)
            throw DataError("no points left after dropping " + std::to_string(dropped) +
                                " rows with NaN or infinite values",
                            sourceName);
        throw DataError("no points: expected rows of at least 3 numbers (x y z), found only blank, comment or "
                        "header lines",
                        sourceName);
    }
    return buildCloud(store, layout.columns, sourceName);
}

PointCloud readTextCloud(const std::string& path, const TextCloudOptions& options)
{
    return parseTextCloud(readFileBytes(path), path, options);
}

} // namespace pointq
