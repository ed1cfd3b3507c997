#include "io/Checkpoint.h"

#include "common/Errors.h"
#include "common/Log.h"
#include "io/NumpyDtype.h"
#include "io/Pickle.h"
#include "io/Zip.h"

#include <torch/utils.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <unordered_set>

namespace pointq {

namespace {

using Kind = PickleValue::Kind;

// torch.save before PyTorch 1.6 wrote a pickle (protocol 2) that starts with
// this magic number as a 10-byte LONG1.
constexpr unsigned char kLegacyMagic[] = {0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46,
                                          0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};

bool startsWithLegacyMagic(const std::string& path)
{
    std::ifstream stream(path, std::ios::binary);
    char head[sizeof kLegacyMagic] = {};
    stream.read(head, sizeof head);
    return stream.gcount() == sizeof head && std::equal(std::begin(head), std::end(head), std::begin(kLegacyMagic),
                                                        [](char a, unsigned char b) { return static_cast<unsigned char>(a) == b; });
}

[[noreturn]] void rethrowOpenError(const ZipError& error, const std::string& path)
{
    switch (error.reason()) {
    case ZipError::Reason::FileNotFound:
        throw CheckpointError("checkpoint file not found or not readable", path);
    case ZipError::Reason::NotZip:
        if (startsWithZipLocalHeader(path))
            throw CheckpointError("truncated checkpoint: the zip central directory is missing, so the file was cut "
                                  "short (an interrupted download or copy?); copy or save it again",
                                  path);
        if (startsWithLegacyMagic(path))
            throw CheckpointError("the legacy non-zip torch.save format (PyTorch before 1.6) is not supported; "
                                  "load it in a recent PyTorch and save it again with torch.save(obj, f)",
                                  path);
        throw CheckpointError("not a torch.save zip archive (no zip signature found)", path);
    default:
        throw CheckpointError("corrupt zip archive: " + error.detail(), path, error.position());
    }
}

std::unique_ptr<ZipReader> openArchive(const std::string& path)
{
    try {
        return std::make_unique<ZipReader>(path);
    } catch (const ZipError& error) {
        rethrowOpenError(error, path);
    }
}

std::string readArchiveEntry(const ZipReader& archive, const std::string& entry)
{
    try {
        return archive.readEntry(entry);
    } catch (const ZipError& error) {
        throw CheckpointError(error.detail(), error.file(), error.position());
    }
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Returns the archive's root folder, the folder of its top-level data.pkl.
std::string findArchiveRoot(const ZipReader& archive)
{
    for (const std::string& entry : archive.entryNames()) {
        if (endsWith(entry, "/constants.pkl") || entry.find("/code/") != std::string::npos)
            throw CheckpointError("this is a TorchScript module (it has " + entry
                                      + "), not a state dict; in Python save model.state_dict() with torch.save",
                                  archive.path());
    }
    for (const std::string& entry : archive.entryNames()) {
        const size_t slash = entry.find('/');
        if (slash != std::string::npos && entry.compare(slash, std::string::npos, "/data.pkl") == 0)
            return entry.substr(0, slash);
    }
    throw CheckpointError("no <archive>/data.pkl entry: a zip file, but not one written by torch.save", archive.path());
}

std::string keyText(const PickleValue& key)
{
    if (key.kind == Kind::String)
        return key.text;
    if (key.kind == Kind::Int)
        return std::to_string(key.intValue);
    return "<" + key.describe() + ">";
}

bool containsOnlyTensors(const PickleValue& dict)
{
    for (const auto& entry : dict.entries) {
        if (entry.second->kind != Kind::Tensor)
            return false;
    }
    return !dict.entries.empty();
}

// Picks the state dict and fills stateDictKey; returns nullptr when there is none.
const PickleValue* selectStateDict(const PickleValue& top, CheckpointContents& contents)
{
    for (const char* key : {"model", "state_dict"}) {
        const PickleValue* candidate = top.get(key);
        if (candidate != nullptr && candidate->kind == Kind::Dict) {
            contents.stateDictKey = key;
            return candidate;
        }
    }
    return containsOnlyTensors(top) ? &top : nullptr;
}

void fillStateDict(const PickleValue& dict, CheckpointContents& contents)
{
    const std::string where = contents.stateDictKey.empty() ? "the top-level dict" : "'" + contents.stateDictKey + "'";
    for (const auto& [key, value] : dict.entries) {
        if (key->kind != Kind::String || value->kind != Kind::Tensor)
            throw CheckpointError("state dict " + where + " has key " + keyText(*key) + " with a " + value->describe()
                                      + "; a state dict maps names to tensors",
                                  contents.path);
        const std::string name = stripModulePrefixes(key->text);
        if (name.size() != key->text.size())
            ++contents.strippedPrefixKeys;
        if (contents.stateDict.contains(name))
            throw CheckpointError("state dict " + where + " has key '" + name + "' twice once 'module.' prefixes are "
                                      + "removed; the checkpoint mixes wrapped and unwrapped names",
                                  contents.path);
        contents.stateDict.insert(name, value->tensor);
    }
}

void fillTrainingState(const PickleValue& top, CheckpointContents& contents)
{
    if (const PickleValue* epoch = top.get("epoch")) {
        if (epoch->kind == Kind::Int)
            contents.epoch = epoch->intValue;
        else if (epoch->kind == Kind::Float && std::isfinite(epoch->floatValue) && std::trunc(epoch->floatValue) == epoch->floatValue)
            contents.epoch = static_cast<int64_t>(epoch->floatValue);
    }
    if (const PickleValue* best = top.get("best_val"); best != nullptr && best->isNumber())
        contents.bestValue = best->toDouble();

    for (const auto& entry : top.entries) {
        const std::string key = keyText(*entry.first);
        if (key != contents.stateDictKey && key != "epoch" && key != "best_val")
            contents.ignoredKeys.push_back(key);
    }
}

std::string joinKeys(const std::vector<std::string>& keys)
{
    std::string text;
    for (const std::string& key : keys)
        text += (text.empty() ? "" : ", ") + key;
    return text;
}

} // namespace

std::string stripModulePrefixes(const std::string& key)
{
    const std::string prefix = "module.";
    size_t start = 0;
    while (key.compare(start, prefix.size(), prefix) == 0)
        start += prefix.size();
    return key.substr(start);
}

CheckpointContents readCheckpoint(const std::string& path)
{
    const std::unique_ptr<ZipReader> archive = openArchive(path);
    const std::string root = findArchiveRoot(*archive);
    const std::string byteOrderEntry = root + "/byteorder";
    if (archive->contains(byteOrderEntry) && readArchiveEntry(*archive, byteOrderEntry) != "little")
        throw CheckpointError("the checkpoint was saved on a big-endian machine, which is not supported", path,
                              "entry " + byteOrderEntry);

    const std::string pickleEntry = root + "/data.pkl";
    const StorageReader readStorage = [&](const std::string& key) {
        return readArchiveEntry(*archive, root + "/data/" + key);
    };
    const PickleValuePtr top = unpickle(readArchiveEntry(*archive, pickleEntry), path, pickleEntry, readStorage);

    CheckpointContents contents;
    contents.path = path;
    if (top->kind != Kind::Dict)
        throw CheckpointError("the pickled object is a " + top->describe()
                                  + ", not a dict; expected a state dict or a dict with 'model' or 'state_dict'",
                              path, "entry " + pickleEntry);
    const PickleValue* stateDict = selectStateDict(*top, contents);
    if (stateDict == nullptr) {
        std::vector<std::string> keys;
        for (const auto& entry : top->entries)
            keys.push_back(keyText(*entry.first));
        throw CheckpointError("no state dict found: expected a 'model' or 'state_dict' entry, or a dict of tensors; "
                              "the top-level keys are: " + (keys.empty() ? std::string("none") : joinKeys(keys)),
                              path, "entry " + pickleEntry);
    }
    fillStateDict(*stateDict, contents);
    fillTrainingState(*top, contents);

    logInfo("pointq.io", "read " + std::to_string(contents.stateDict.size()) + " tensors from "
                             + (contents.stateDictKey.empty() ? "the top level" : "'" + contents.stateDictKey + "'")
                             + " of " + path
                             + (contents.ignoredKeys.empty() ? "" : "; ignored: " + joinKeys(contents.ignoredKeys)));
    return contents;
}

std::string LoadReport::describe() const
{
    if (ok())
        return "every key matches";
    // A wrong config can mismatch every key; the first few of each kind name the problem
    // without burying it, and the counts give the extent.
    const size_t shown = 8;
    const auto firstKeys = [shown](const std::vector<std::string>& keys) {
        std::vector<std::string> head(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), shown)));
        return joinKeys(head) + (keys.size() > shown ? ", and " + std::to_string(keys.size() - shown) + " more" : "");
    };
    std::string text;
    if (!missing.empty())
        text += std::to_string(missing.size()) + " missing from the checkpoint: " + firstKeys(missing) + ". ";
    if (!unexpected.empty())
        text += std::to_string(unexpected.size()) + " unexpected in the checkpoint: " + firstKeys(unexpected) + ". ";
    if (!mismatched.empty()) {
        text += std::to_string(mismatched.size()) + " with a different shape:";
        for (size_t i = 0; i < mismatched.size() && i < shown; ++i)
            text += " " + mismatched[i].name + " (model " + formatShape(mismatched[i].expected) + ", checkpoint "
                    + formatShape(mismatched[i].actual) + ")";
        if (mismatched.size() > shown)
            text += ", and " + std::to_string(mismatched.size() - shown) + " more";
        text += ". ";
    }
    text.pop_back();
    return text;
}

LoadReport loadStateDict(torch::nn::Module& module, const StateDict& stateDict, bool strict,
                         const std::string& checkpointPath)
{
    std::vector<std::pair<std::string, at::Tensor>> targets;
    for (const auto& item : module.named_parameters(true))
        targets.emplace_back(item.key(), item.value());
    for (const auto& item : module.named_buffers(true))
        targets.emplace_back(item.key(), item.value());

    LoadReport report;
    std::vector<std::pair<at::Tensor, at::Tensor>> copies;
    std::unordered_set<std::string> known;
    for (const auto& [name, target] : targets) {
        known.insert(name);
        const at::Tensor* source = stateDict.find(name);
        if (source == nullptr)
            report.missing.push_back(name);
        else if (source->sizes() != target.sizes())
            report.mismatched.push_back({name, target.sizes().vec(), source->sizes().vec()});
        else
            copies.emplace_back(target, *source);
    }
    for (const auto& [name, tensor] : stateDict) {
        if (known.count(name) == 0)
            report.unexpected.push_back(name);
    }
    if (strict && !report.ok())
        throw CheckpointError("the state dict does not match the model, nothing was loaded. " + report.describe(),
                              checkpointPath);

    torch::NoGradGuard noGrad;
    for (auto& [target, source] : copies)
        target.copy_(source.to(target.scalar_type()));
    return report;
}

} // namespace pointq
