#pragma once

#include "io/PointCloud.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pointq {

/// Meaning of one column of a text point-cloud file.
enum class TextColumn { X, Y, Z, NormalX, NormalY, NormalZ, Red, Green, Blue, Intensity, Label, Ignore };

struct TextCloudOptions {
    /// Column meanings in file order. When empty, the layout follows from the
    /// column count of the first data row: 3 = x y z, 4 = x y z intensity,
    /// 6 = x y z nx ny nz; any other count of at least 3 keeps x y z, ignores
    /// the rest and logs a warning, because 5 or 7+ columns have no common meaning.
    std::vector<TextColumn> columns;
    /// Maximum number of points to read; 0 reads every row.
    int64_t maxRows = 0;
    /// Drop rows with a NaN or infinite value (logging how many) instead of
    /// throwing DataError. Values in ignored columns are never checked.
    bool dropNonFinite = false;
};

/// Parses a column layout such as "x,y,z,nx,ny,nz" or "x y z skip intensity".
/// Names: x y z, nx ny nz, r g b (or red green blue), intensity (or i), label,
/// and skip (or _) for a column to ignore. Throws ConfigError on an unknown
/// name or when x, y and z are not each present exactly once.
std::vector<TextColumn> parseTextColumns(const std::string& layout);

/// Formats a layout in the syntax parseTextColumns reads.
std::string formatTextColumns(const std::vector<TextColumn>& columns);

/// Reads a .txt, .xyz or .csv point cloud with one point per row and columns
/// separated by commas or by spaces and tabs. Blank lines and '#' lines are
/// skipped, and so is a first row made only of non-numeric names (a header).
/// Each value is parsed as a double and rounded to float32, as
/// np.loadtxt(...).astype(np.float32) does. Throws DataError naming the file,
/// line and column for a non-numeric value, a row whose column count differs
/// from the first row, a NaN or infinite value (unless dropNonFinite), and a
/// file without points.
PointCloud readTextCloud(const std::string& path, const TextCloudOptions& options = {});

/// Parses text already in memory; sourceName is used in errors and as sourceFile.
PointCloud parseTextCloud(std::string_view text, const std::string& sourceName, const TextCloudOptions& options = {});

} // namespace pointq
