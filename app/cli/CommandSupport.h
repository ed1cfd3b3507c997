#pragma once

#include "Arguments.h"

#include "common/Progress.h"
#include "eval/Evaluation.h"

#include <string>
#include <vector>

namespace pointq::cli {

/// Options shared by the commands that read evaluation clouds.
std::vector<OptionSpec> dataOptionSpecs();
DataOptions readDataOptions(const Arguments& arguments);

/// Prints help and returns true when the words ask for it.
bool printHelpIfAsked(const std::vector<std::string>& words, const std::string& usage, const std::string& summary,
                      const std::vector<OptionSpec>& specs);

/// A job context that draws a progress line on stderr at most ten times a second.
JobContext terminalProgress();

/// Reads --threads (default 2) and applies it to LibTorch.
int applyThreads(const Arguments& arguments);

/// Checks, before any work starts, that the folder of path exists, that a file can be
/// created in it and that path is not a folder. Throws Error naming the option and the
/// path otherwise.
void checkOutputPath(const std::string& path, const std::string& option);

/// Throws UsageError when a required option is missing.
void requireOption(const Arguments& arguments, const std::string& name, const std::string& what);

} // namespace pointq::cli
