#pragma once

// Allow-listed Python globals of the unpickler and the calls it may make on them.
// Internal to core/io: Pickle.cpp turns PickleFailure into a CheckpointError that
// carries the byte offset of the opcode.

#include "io/Pickle.h"

#include <stdexcept>
#include <string>
#include <unordered_map>

namespace pointq {

/// A rejected or malformed pickle construct; the message omits file and offset.
class PickleFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// State of a PickleValue of kind Object.
struct PickleObject {
    enum class Type {
        Global,       ///< an allow-listed callable, named by `name`
        StorageType,  ///< a torch storage class; `scalarType` is its element type
        Storage,      ///< a persistent storage reference from BINPERSID
        NumpyDtype,   ///< numpy.dtype(descr); `byteOrder` is set by BUILD
        NumpyArray,   ///< the result of numpy _reconstruct, waiting for its BUILD state
        Opaque,       ///< a value kept only by name: a skipped array, a too-wide integer
    };

    Type type = Type::Opaque;
    std::string name;
    at::ScalarType scalarType = at::kFloat;
    std::string storageKey;
    int64_t storageElements = 0;
    std::string descr;
    char byteOrder = '=';
};

/// Loads each storage of a checkpoint once and keeps it for later views.
class StorageCache {
public:
    explicit StorageCache(StorageReader reader) : m_reader(std::move(reader)) {}

    /// The storage as a 1-D tensor of `elements` values. Throws PickleFailure when
    /// the stored bytes are too few.
    at::Tensor get(const PickleObject& storage);

private:
    StorageReader m_reader;
    std::unordered_map<std::string, at::Tensor> m_loaded;
};

/// Resolves GLOBAL module.name to an Object, or returns nullptr when it is not allowed.
PickleValuePtr resolvePickleGlobal(const std::string& module, const std::string& name);

/// Applies REDUCE or NEWOBJ of an allow-listed global to an argument tuple.
PickleValuePtr callPickleGlobal(const PickleValue& callable, const PickleValue& arguments, StorageCache& storages);

/// Applies BUILD: sets numpy dtype byte order, decodes numpy arrays, ignores the
/// _metadata state of an OrderedDict. Other targets throw PickleFailure.
void buildPickleValue(PickleValue& target, const PickleValue& state);

/// Turns a BINPERSID id ('storage', storage_type, key, location, numel) into a Storage.
PickleValuePtr loadPersistentId(const PickleValue& id);

} // namespace pointq
