#pragma once

#include <string>
#include <vector>

namespace pointq {

/// Reads a skip file: YAML with one key, `skip`, whose value is a list of words as
/// `--skip` takes them (layer names, prefixes, stageN, globs). An empty or null list
/// is allowed. Throws ConfigError naming the file and line for anything else.
std::vector<std::string> readSkipFile(const std::string& path);

/// Writes the words as a skip file (atomically) that readSkipFile() reads back.
void writeSkipFile(const std::string& path, const std::vector<std::string>& words);

} // namespace pointq
