#include "io/PickleGlobals.h"

#include "common/Log.h"
#include "io/NumpyDtype.h"

#include <cstring>
#include <limits>

namespace pointq {

namespace {

using Kind = PickleValue::Kind;
using Type = PickleObject::Type;

struct StorageClass {
    const char* name;
    at::ScalarType scalarType;
};

// The storage classes torch.save names in persistent ids. UntypedStorage is read as raw uint8 bytes.
constexpr StorageClass kStorageClasses[] = {
    {"FloatStorage", at::kFloat}, {"DoubleStorage", at::kDouble}, {"HalfStorage", at::kHalf},
    {"BFloat16Storage", at::kBFloat16}, {"LongStorage", at::kLong}, {"IntStorage", at::kInt},
    {"ShortStorage", at::kShort}, {"CharStorage", at::kChar}, {"ByteStorage", at::kByte},
    {"BoolStorage", at::kBool}, {"UntypedStorage", at::kByte},
};

constexpr const char* kCallables[] = {
    "collections.OrderedDict",
    "torch._utils._rebuild_tensor_v2",
    "torch._utils._rebuild_parameter",
    "torch._utils._rebuild_parameter_with_state",
    "_codecs.encode",
    "numpy.dtype",
    "numpy.ndarray",
    "numpy.core.multiarray.scalar",
    "numpy.core.multiarray._reconstruct",
    "numpy._core.multiarray.scalar",
    "numpy._core.multiarray._reconstruct",
};

PickleValuePtr makeObject(Type type, const std::string& name)
{
    PickleValuePtr value = PickleValue::make(Kind::Object);
    value->text = name;
    value->object = std::make_shared<PickleObject>();
    value->object->type = type;
    value->object->name = name;
    return value;
}

const PickleValue& argument(const PickleValue& arguments, size_t index, Kind kind, const std::string& callee)
{
    if (index >= arguments.items.size() || arguments.items[index]->kind != kind)
        throw PickleFailure(callee + ": argument " + std::to_string(index + 1) + " is missing or not a "
                            + PickleValue::kindName(kind));
    return *arguments.items[index];
}

const PickleObject& objectArgument(const PickleValue& arguments, size_t index, Type type, const std::string& callee)
{
    const PickleValue& value = argument(arguments, index, Kind::Object, callee);
    if (!value.object || value.object->type != type)
        throw PickleFailure(callee + ": argument " + std::to_string(index + 1) + " has the wrong type (" + value.text + ")");
    return *value.object;
}

std::vector<int64_t> intTuple(const PickleValue& tuple, const std::string& what)
{
    std::vector<int64_t> values;
    for (const PickleValuePtr& item : tuple.items) {
        if (item->kind != Kind::Int || item->intValue < 0)
            throw PickleFailure(what + " must hold non-negative integers, found " + item->describe());
        values.push_back(item->intValue);
    }
    return values;
}

PickleValuePtr makeTensorValue(at::Tensor tensor)
{
    PickleValuePtr value = PickleValue::make(Kind::Tensor);
    value->tensor = std::move(tensor);
    return value;
}

// Rejects views that would read outside their storage before as_strided can.
void checkViewInside(const std::vector<int64_t>& size, const std::vector<int64_t>& stride, int64_t offset,
                     int64_t storageElements)
{
    if (size.size() != stride.size())
        throw PickleFailure("tensor size and stride have different lengths");
    __int128 last = offset;
    for (size_t i = 0; i < size.size(); ++i) {
        if (size[i] == 0)
            return;
        last += static_cast<__int128>(size[i] - 1) * stride[i];
    }
    if (last >= storageElements)
        throw PickleFailure("tensor view (offset " + std::to_string(offset) + ", size " + formatShape(size)
                            + ", stride " + formatShape(stride) + ") reaches past its storage of "
                            + std::to_string(storageElements) + " elements");
}

PickleValuePtr rebuildTensor(const PickleValue& arguments, StorageCache& storages)
{
    const std::string callee = "torch._utils._rebuild_tensor_v2";
    if (arguments.items.size() != 6 && arguments.items.size() != 7)
        throw PickleFailure(callee + " expects 6 or 7 arguments, found " + std::to_string(arguments.items.size()));
    const PickleObject& storage = objectArgument(arguments, 0, Type::Storage, callee);
    const int64_t offset = argument(arguments, 1, Kind::Int, callee).intValue;
    const std::vector<int64_t> size = intTuple(argument(arguments, 2, Kind::Tuple, callee), "tensor size");
    const std::vector<int64_t> stride = intTuple(argument(arguments, 3, Kind::Tuple, callee), "tensor stride");
    if (offset < 0)
        throw PickleFailure("negative storage offset " + std::to_string(offset));
    checkViewInside(size, stride, offset, storage.storageElements);

    const at::Tensor flat = storages.get(storage);
    return makeTensorValue(flat.as_strided(size, stride, offset).clone(at::MemoryFormat::Contiguous));
}

// Decodes the UTF-8 text that pickle protocol 2 uses for bytes back into the bytes.
PickleValuePtr encodeLatin1(const PickleValue& arguments)
{
    const std::string callee = "_codecs.encode";
    const std::string& text = argument(arguments, 0, Kind::String, callee).text;
    const std::string& encoding = argument(arguments, 1, Kind::String, callee).text;
    if (encoding != "latin1" && encoding != "latin-1")
        throw PickleFailure(callee + " with encoding '" + encoding + "' is not supported; expected latin1");

    PickleValuePtr bytes = PickleValue::make(Kind::Bytes);
    for (size_t i = 0; i < text.size(); ++i) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            bytes->text += static_cast<char>(lead);
        } else if ((lead & 0xe0) == 0xc0 && lead <= 0xc3 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[++i]);
            bytes->text += static_cast<char>(((lead & 0x1f) << 6) | (next & 0x3f));
        } else {
            throw PickleFailure(callee + ": the text contains a character outside latin-1");
        }
    }
    return bytes;
}

PickleValuePtr makeOrderedDict(const PickleValue& arguments)
{
    PickleValuePtr dict = PickleValue::make(Kind::Dict);
    if (arguments.items.empty())
        return dict;
    for (const PickleValuePtr& pair : argument(arguments, 0, Kind::List, "collections.OrderedDict").items) {
        if ((pair->kind != Kind::List && pair->kind != Kind::Tuple) || pair->items.size() != 2)
            throw PickleFailure("collections.OrderedDict expects (key, value) pairs, found " + pair->describe());
        dict->entries.emplace_back(pair->items[0], pair->items[1]);
    }
    return dict;
}

NumpyDtype resolveNumpyDtype(const PickleObject& dtype)
{
    const std::optional<NumpyDtype> resolved = parseNumpyDtype(std::string(1, dtype.byteOrder) + dtype.descr);
    if (!resolved)
        throw PickleFailure("numpy dtype '" + dtype.descr + "' is not supported; supported: " + supportedNumpyDtypes());
    return *resolved;
}

PickleValuePtr makeNumpyScalar(const PickleValue& arguments, const std::string& callee)
{
    const PickleObject& dtypeObject = objectArgument(arguments, 0, Type::NumpyDtype, callee);
    if (dtypeObject.descr == "O" && arguments.items.size() == 2)
        return arguments.items[1];  // an object scalar pickles the Python object itself
    const NumpyDtype dtype = resolveNumpyDtype(dtypeObject);
    const std::string& raw = argument(arguments, 1, Kind::Bytes, callee).text;
    if (raw.size() != dtype.itemSize)
        throw PickleFailure(callee + ": a '" + dtypeObject.descr + "' scalar needs " + std::to_string(dtype.itemSize)
                            + " bytes, found " + std::to_string(raw.size()));

    const at::Tensor scalar = tensorFromNumpyBytes(raw, dtype, {});
    if (dtype.scalarType == at::kBool) {
        PickleValuePtr value = PickleValue::make(Kind::Bool);
        value->boolValue = scalar.item<bool>();
        return value;
    }
    if (at::isFloatingType(dtype.scalarType)) {
        PickleValuePtr value = PickleValue::make(Kind::Float);
        value->floatValue = scalar.item<double>();
        return value;
    }
    PickleValuePtr value = PickleValue::make(Kind::Int);
    value->intValue = scalar.item<int64_t>();
    return value;
}

void setNumpyDtypeState(PickleObject& dtype, const PickleValue& state)
{
    // numpy's dtype state is (version, byteorder, subarray, names, fields, elsize, alignment, flags).
    if (state.kind != Kind::Tuple || state.items.size() < 2 || state.items[1]->kind != Kind::String
        || state.items[1]->text.size() != 1)
        throw PickleFailure("numpy.dtype state must be a tuple with a byte order, found " + state.describe());
    dtype.byteOrder = state.items[1]->text[0];
}

void skipNumpyArray(PickleValue& target, const std::string& reason)
{
    logWarning("pointq.io", "skipped a numpy array rebuilt by global '" + target.object->name + "': " + reason
                                + "; checkpoint entries other than the state dict do not need it");
    target.object->type = Type::Opaque;
    target.text = "numpy array (skipped)";
}

// Turns a pending numpy._reconstruct result into a tensor, in place, because the
// memo may already reference it.
void decodeNumpyArray(PickleValue& target, const PickleValue& state)
{
    // numpy's ndarray state is (version, shape, dtype, is_fortran, rawdata).
    const std::string what = "numpy array state";
    if (state.kind != Kind::Tuple || state.items.size() != 5)
        throw PickleFailure(what + " must be a 5-tuple, found " + state.describe());
    const std::vector<int64_t> shape = intTuple(argument(state, 1, Kind::Tuple, what), "numpy array shape");
    const PickleObject& dtypeObject = objectArgument(state, 2, Type::NumpyDtype, what);
    const bool fortranOrder = argument(state, 3, Kind::Bool, what).boolValue;
    if (dtypeObject.descr.find('O') != std::string::npos || state.items[4]->kind != Kind::Bytes)
        return skipNumpyArray(target, "it contains Python objects (dtype '" + dtypeObject.descr + "')");
    const std::optional<NumpyDtype> dtype = parseNumpyDtype(std::string(1, dtypeObject.byteOrder) + dtypeObject.descr);
    if (!dtype)
        return skipNumpyArray(target, "dtype '" + dtypeObject.descr + "' is not supported");

    const std::string& raw = state.items[4]->text;
    const std::optional<int64_t> count = checkedElementCount(shape);
    if (!count || static_cast<uint64_t>(*count) > raw.size() || raw.size() != static_cast<uint64_t>(*count) * dtype->itemSize)
        throw PickleFailure("numpy array of shape " + formatShape(shape) + " and dtype '" + dtypeObject.descr
                            + "' does not match its " + std::to_string(raw.size()) + " data bytes");

    at::Tensor tensor;
    if (fortranOrder) {
        // Fortran order is C order of the reversed shape, transposed back.
        const std::vector<int64_t> reversedShape(shape.rbegin(), shape.rend());
        std::vector<int64_t> reversedDims(shape.size());
        for (size_t i = 0; i < shape.size(); ++i)
            reversedDims[i] = static_cast<int64_t>(shape.size() - 1 - i);
        tensor = tensorFromNumpyBytes(raw, *dtype, reversedShape).permute(reversedDims).contiguous();
    } else {
        tensor = tensorFromNumpyBytes(raw, *dtype, shape);
    }
    target.kind = Kind::Tensor;
    target.tensor = std::move(tensor);
    target.text.clear();
    target.object.reset();
}

} // namespace

void buildPickleValue(PickleValue& target, const PickleValue& state)
{
    // The state of an OrderedDict is its __dict__, which for a state dict contains the
    // per-module _metadata versions that loading with LibTorch does not use.
    if (target.kind == Kind::Dict)
        return;
    if (target.kind == Kind::Object && target.object && target.object->type == Type::NumpyDtype)
        return setNumpyDtypeState(*target.object, state);
    if (target.kind == Kind::Object && target.object && target.object->type == Type::NumpyArray)
        return decodeNumpyArray(target, state);
    throw PickleFailure("BUILD on " + target.describe() + " is not supported");
}

at::Tensor StorageCache::get(const PickleObject& storage)
{
    const auto found = m_loaded.find(storage.storageKey);
    if (found != m_loaded.end()) {
        if (found->second.scalar_type() != storage.scalarType || found->second.numel() != storage.storageElements)
            throw PickleFailure("storage '" + storage.storageKey + "' is referenced with two different types or sizes");
        return found->second;
    }
    if (!m_reader)
        throw PickleFailure("the pickle references storage '" + storage.storageKey + "' but no archive was given");

    const std::string bytes = m_reader(storage.storageKey);
    const size_t elementSize = c10::elementSize(storage.scalarType);
    if (static_cast<uint64_t>(storage.storageElements) > bytes.size() / elementSize)
        throw PickleFailure("storage '" + storage.storageKey + "' has only " + std::to_string(bytes.size())
                            + " bytes, too few for " + std::to_string(storage.storageElements) + " elements of "
                            + c10::toString(storage.scalarType));
    at::Tensor flat = at::empty({storage.storageElements}, at::TensorOptions().dtype(storage.scalarType));
    if (storage.storageElements > 0)
        std::memcpy(flat.data_ptr(), bytes.data(), static_cast<size_t>(storage.storageElements) * elementSize);
    m_loaded.emplace(storage.storageKey, flat);
    return flat;
}

PickleValuePtr resolvePickleGlobal(const std::string& module, const std::string& name)
{
    const std::string qualified = module + "." + name;
    for (const char* callable : kCallables) {
        if (qualified == callable)
            return makeObject(Type::Global, qualified);
    }
    if (module == "torch" || module == "torch.storage") {
        for (const StorageClass& storage : kStorageClasses) {
            if (name != storage.name)
                continue;
            PickleValuePtr value = makeObject(Type::StorageType, qualified);
            value->object->scalarType = storage.scalarType;
            return value;
        }
    }
    return nullptr;
}

PickleValuePtr callPickleGlobal(const PickleValue& callable, const PickleValue& arguments, StorageCache& storages)
{
    if (callable.kind != Kind::Object || !callable.object || callable.object->type != Type::Global)
        throw PickleFailure("cannot call " + callable.describe() + "; only allow-listed functions may be called");
    if (arguments.kind != Kind::Tuple)
        throw PickleFailure("the arguments of " + callable.text + " are a " + arguments.describe() + ", not a tuple");

    const std::string& name = callable.object->name;
    if (name == "collections.OrderedDict")
        return makeOrderedDict(arguments);
    if (name == "torch._utils._rebuild_tensor_v2")
        return rebuildTensor(arguments, storages);
    if (name == "torch._utils._rebuild_parameter" || name == "torch._utils._rebuild_parameter_with_state")
        return makeTensorValue(argument(arguments, 0, Kind::Tensor, name).tensor);
    if (name == "_codecs.encode")
        return encodeLatin1(arguments);
    if (name == "numpy.dtype") {
        PickleValuePtr dtype = makeObject(Type::NumpyDtype, name);
        dtype->object->descr = argument(arguments, 0, Kind::String, name).text;
        return dtype;
    }
    if (name == "numpy.core.multiarray.scalar" || name == "numpy._core.multiarray.scalar")
        return makeNumpyScalar(arguments, name);
    if (name == "numpy.core.multiarray._reconstruct" || name == "numpy._core.multiarray._reconstruct") {
        const PickleValue& type = argument(arguments, 0, Kind::Object, name);
        if (type.text != "numpy.ndarray")
            throw PickleFailure(name + " may only rebuild numpy.ndarray, not " + type.text);
        return makeObject(Type::NumpyArray, name);
    }
    throw PickleFailure(name + " cannot be called");
}

PickleValuePtr loadPersistentId(const PickleValue& id)
{
    const std::string what = "persistent id";
    if (id.kind != Kind::Tuple || id.items.size() != 5 || id.items[0]->kind != Kind::String
        || id.items[0]->text != "storage")
        throw PickleFailure("unsupported persistent id " + id.describe()
                            + "; expected ('storage', storage_type, key, location, numel)");
    const PickleObject& type = objectArgument(id, 1, Type::StorageType, what);
    PickleValuePtr storage = makeObject(Type::Storage, "storage " + argument(id, 2, Kind::String, what).text);
    storage->object->scalarType = type.scalarType;
    storage->object->storageKey = argument(id, 2, Kind::String, what).text;
    storage->object->storageElements = argument(id, 4, Kind::Int, what).intValue;
    if (storage->object->storageElements < 0)
        throw PickleFailure("negative storage size in a persistent id");
    return storage;
}

} // namespace pointq
