#pragma once

#include "common/Json.h"
#include "common/SystemInfo.h"

#include <string>
#include <vector>

namespace pointq {

/// Origin of a report: inputs with their hashes, the quantized engine and the machine.
/// Every JSON report of PointQ writes it under the key "provenance".
struct Provenance {
    std::string configPath;
    std::string configSha256;
    std::string checkpointPath;
    std::string checkpointSha256;
    std::string data;            ///< the --data path, or "SYNTHETIC"
    std::string dataDescription;
    std::vector<std::string> dataFiles;
    std::vector<std::string> overrides;
    std::string engine;          ///< quantized engine used, empty when none ran
    bool engineFellBack = false;
    std::vector<std::string> availableEngines;
    SystemInfo system;
    int threads = 0;
};

/// Writes the "provenance" object into the open JSON object.
void writeProvenance(JsonWriter& json, const Provenance& provenance);

} // namespace pointq
