#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pointq {

struct PickleObject;
struct PickleValue;
using PickleValuePtr = std::shared_ptr<PickleValue>;

/// One node of an unpickled value tree. Containers hold shared pointers because a
/// pickle may reference one object from several places through its memo.
struct PickleValue {
    enum class Kind {
        None,
        Bool,
        Int,
        Float,
        String,
        Bytes,
        List,    ///< also sets and frozensets
        Tuple,
        Dict,    ///< dict and collections.OrderedDict
        Tensor,  ///< a torch tensor or a decoded numpy array
        Object,  ///< an allow-listed Python object with no value of its own (a dtype, a storage,
                 ///< a skipped numpy array, an integer wider than 64 bits)
    };

    Kind kind = Kind::None;
    bool boolValue = false;
    int64_t intValue = 0;
    double floatValue = 0.0;
    std::string text;  ///< String (UTF-8) and Bytes contents; for Object, the Python type name
    std::vector<PickleValuePtr> items;  ///< List and Tuple elements
    std::vector<std::pair<PickleValuePtr, PickleValuePtr>> entries;  ///< Dict entries in insertion order
    at::Tensor tensor;
    std::shared_ptr<PickleObject> object;  ///< state of an Object, private to the unpickler

    bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
    /// The value of an Int or Float as a double.
    double toDouble() const { return kind == Kind::Int ? static_cast<double>(intValue) : floatValue; }

    /// The Dict value of a string key, or nullptr.
    const PickleValue* get(std::string_view key) const;

    /// A short description for messages, such as "dict", "str" or "tensor float32 [32, 3]".
    std::string describe() const;

    PickleValue() = default;
    PickleValue(const PickleValue&) = default;
    PickleValue& operator=(const PickleValue&) = default;
    /// Releases nested containers iteratively, so a deeply nested hostile pickle
    /// cannot overflow the call stack while its tree is destroyed.
    ~PickleValue();

    static PickleValuePtr make(Kind kind);
    /// The Python name of a kind, such as "dict" or "str".
    static std::string kindName(Kind kind);
};

/// Returns the raw bytes of a torch.save storage, `<archive>/data/<key>`, given its key.
using StorageReader = std::function<std::string(const std::string& key)>;

/// Unpickles a pickle of protocol 2 to 5 as torch.save writes it, without executing
/// anything. Globals resolve against a fixed allow-list: collections.OrderedDict,
/// torch._utils._rebuild_tensor_v2 / _rebuild_parameter / _rebuild_parameter_with_state,
/// the torch storage classes, _codecs.encode (latin-1 only) and the numpy scalar, dtype
/// and ndarray reconstructors. Storages are read through `readStorage` once per key.
/// Any other global, an unsupported opcode, a stack underflow or a truncated stream
/// throws CheckpointError naming `file`, `entry` and the byte offset of the opcode.
PickleValuePtr unpickle(std::string_view data, const std::string& file, const std::string& entry,
                        const StorageReader& readStorage);

} // namespace pointq
