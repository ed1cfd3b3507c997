#pragma once

#include <string>
#include <vector>

namespace pointq::cli {

// Each command takes the words after its name and returns the process exit code.
int runQuantize(const std::vector<std::string>& words);
int runEval(const std::vector<std::string>& words);
int runInfo(const std::vector<std::string>& words);
int runBench(const std::vector<std::string>& words);
int runSensitivity(const std::vector<std::string>& words);

/// The folder with PointQ's shipped cfgs/ and tests/data/: $POINTQ_DATA_DIR when set,
/// else the source tree this binary was built from.
std::string dataRoot();

} // namespace pointq::cli
