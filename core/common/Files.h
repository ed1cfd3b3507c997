#pragma once

#include <functional>
#include <string>

namespace pointq {

/// Writes a file through a temporary file in the same folder, which is renamed over the
/// target only when the writer returns. On an exception the temporary file is removed,
/// so an existing target is left as it was.
void writeFileAtomically(const std::string& path, const std::function<void(const std::string& temporaryPath)>& writer);

/// Writes text to a file atomically; throws Error naming the file on failure.
void writeTextFile(const std::string& path, const std::string& text);

/// Reads a whole file; throws DataError naming the file when it cannot be read.
std::string readBinaryFile(const std::string& path);

/// Lowercase hex SHA-256 of a file's bytes.
std::string sha256OfFile(const std::string& path);

/// Size of a file in bytes; throws when it does not exist.
int64_t fileSize(const std::string& path);

} // namespace pointq
