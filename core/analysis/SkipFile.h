#pragma once

#include <string>
#include <vector>

namespace pointq {

/// Reads a skip file, the YAML mapping that `pointq sensitivity --skip-out` writes and
/// `pointq quantize --skip-file` and the GUI read:
///
///     skip: [encoder.encoder.4.0.convs.1, prediction.head.4]
///
/// Each entry is a word that `--skip` accepts (a layer name, prefix, stage, block type
/// or glob); other top-level keys are ignored. Throws ConfigError naming the file and
/// line for unreadable or invalid YAML, a missing `skip` key, a value that is not a
/// list, or an entry that is not a non-empty string.
std::vector<std::string> readSkipFile(const std::string& path);

/// Writes a skip file atomically. `comment` lines (without '#') go first, as comments.
void writeSkipFile(const std::string& path, const std::vector<std::string>& names,
                   const std::vector<std::string>& comment = {});

} // namespace pointq
