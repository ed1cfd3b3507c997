#include "eval/Provenance.h"

namespace pointq {

void writeProvenance(JsonWriter& json, const Provenance& provenance)
{
    json.beginObject("provenance")
        .value("config", provenance.configPath)
        .value("config_sha256", provenance.configSha256)
        .value("checkpoint", provenance.checkpointPath)
        .value("checkpoint_sha256", provenance.checkpointSha256)
        .value("data", provenance.data)
        .value("data_description", provenance.dataDescription);
    json.beginArray("data_files");
    for (const auto& file : provenance.dataFiles)
        json.value("", file);
    json.endArray();
    json.beginArray("overrides");
    for (const auto& item : provenance.overrides)
        json.value("", item);
    json.endArray();
    json.value("quantized_engine", provenance.engine).value("engine_fell_back", provenance.engineFellBack);
    json.beginArray("available_engines");
    for (const auto& engine : provenance.availableEngines)
        json.value("", engine);
    json.endArray();
    json.value("libtorch_version", provenance.system.libtorchVersion)
        .value("blas", provenance.system.blas)
        .value("cpu", provenance.system.cpuModel)
        .value("logical_cores", provenance.system.logicalCores)
        .value("threads", provenance.threads)
        .value("date", provenance.system.date)
        .endObject();
}

} // namespace pointq
