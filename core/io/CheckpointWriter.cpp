#include "io/CheckpointWriter.h"

#include "common/Errors.h"
#include "common/Files.h"
#include "io/ZipWriter.h"

#include <cstdint>
#include <cstring>
#include <fstream>

namespace pointq {

namespace {

// Pickle opcodes of protocol 2 that the writer emits.
constexpr char kProto = '\x80';
constexpr char kEmptyDict = '}';
constexpr char kEmptyTuple = ')';
constexpr char kMark = '(';
constexpr char kSetItems = 'u';
constexpr char kTuple = 't';
constexpr char kReduce = 'R';
constexpr char kGlobal = 'c';
constexpr char kBinPersId = 'Q';
constexpr char kNewFalse = '\x89';
constexpr char kStop = '.';

class Pickler {
public:
    std::string& bytes() { return m_out; }

    void op(char code) { m_out.push_back(code); }

    void global(const std::string& module, const std::string& name) { m_out += kGlobal + module + "\n" + name + "\n"; }

    void string(const std::string& text)
    {
        m_out.push_back('X');  // BINUNICODE: 4-byte little-endian length, UTF-8 bytes
        appendLittleEndian(static_cast<uint64_t>(text.size()), 4);
        m_out += text;
    }

    void integer(int64_t value)
    {
        if (value >= 0 && value < 256) {
            m_out.push_back('K');  // BININT1
            m_out.push_back(static_cast<char>(value));
        } else if (value >= 0 && value < 65536) {
            m_out.push_back('M');  // BININT2
            appendLittleEndian(static_cast<uint64_t>(value), 2);
        } else if (value >= INT32_MIN && value <= INT32_MAX) {
            m_out.push_back('J');  // BININT: signed 4-byte little-endian
            appendLittleEndian(static_cast<uint64_t>(static_cast<uint32_t>(static_cast<int32_t>(value))), 4);
        } else {
            m_out.push_back('\x8a');  // LONG1: 8-byte two's complement
            m_out.push_back(8);
            appendLittleEndian(static_cast<uint64_t>(value), 8);
        }
    }

    void real(double value)
    {
        m_out.push_back('G');  // BINFLOAT: 8-byte big-endian IEEE 754
        uint64_t bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        for (int shift = 56; shift >= 0; shift -= 8)
            m_out.push_back(static_cast<char>((bits >> shift) & 0xff));
    }

    void integerTuple(at::IntArrayRef values)
    {
        op(kMark);
        for (const int64_t value : values)
            integer(value);
        op(kTuple);
    }

    void emptyOrderedDict()
    {
        global("collections", "OrderedDict");
        op(kEmptyTuple);
        op(kReduce);
    }

private:
    void appendLittleEndian(uint64_t value, int bytes)
    {
        for (int i = 0; i < bytes; ++i)
            m_out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
    }

    std::string m_out;
};

const char* storageClass(at::ScalarType type)
{
    switch (type) {
    case at::kFloat: return "FloatStorage";
    case at::kDouble: return "DoubleStorage";
    case at::kHalf: return "HalfStorage";
    case at::kLong: return "LongStorage";
    case at::kInt: return "IntStorage";
    case at::kShort: return "ShortStorage";
    case at::kChar: return "CharStorage";
    case at::kByte: return "ByteStorage";
    case at::kBool: return "BoolStorage";
    default: return nullptr;
    }
}

// torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks),
// with the storage as the persistent id ('storage', class, key, 'cpu', numel).
void pickleTensor(Pickler& pickler, const std::string& name, const at::Tensor& tensor, const std::string& key)
{
    const char* storage = storageClass(tensor.scalar_type());
    if (storage == nullptr)
        throw CheckpointError("tensor '" + name + "' has type " + std::string(c10::toString(tensor.scalar_type()))
                              + ", which has no torch storage class");
    pickler.global("torch._utils", "_rebuild_tensor_v2");
    pickler.op(kMark);
    pickler.op(kMark);
    pickler.string("storage");
    pickler.global("torch", storage);
    pickler.string(key);
    pickler.string("cpu");
    pickler.integer(tensor.numel());
    pickler.op(kTuple);
    pickler.op(kBinPersId);
    pickler.integer(0);
    pickler.integerTuple(tensor.sizes());
    pickler.integerTuple(tensor.strides());
    pickler.op(kNewFalse);
    pickler.emptyOrderedDict();
    pickler.op(kTuple);
    pickler.op(kReduce);
}

at::Tensor storedTensor(const at::Tensor& tensor)
{
    return tensor.detach().to(at::kCPU).contiguous();
}

} // namespace

StateDict moduleStateDict(const torch::nn::Module& module)
{
    StateDict stateDict;
    for (const auto& item : module.named_modules("", true)) {
        const std::string prefix = item.key().empty() ? "" : item.key() + ".";
        for (const auto& parameter : item.value()->named_parameters(false))
            stateDict.insert(prefix + parameter.key(), parameter.value());
        for (const auto& buffer : item.value()->named_buffers(false))
            stateDict.insert(prefix + buffer.key(), buffer.value());
    }
    return stateDict;
}

std::string pickleCheckpoint(const StateDict& stateDict, int64_t epoch, double bestValue)
{
    Pickler pickler;
    pickler.op(kProto);
    pickler.bytes().push_back(2);
    pickler.op(kEmptyDict);
    pickler.op(kMark);
    pickler.string("model");
    pickler.emptyOrderedDict();
    pickler.op(kMark);
    size_t index = 0;
    for (const auto& [name, tensor] : stateDict) {
        pickler.string(name);
        pickleTensor(pickler, name, storedTensor(tensor), std::to_string(index++));
    }
    pickler.op(kSetItems);
    pickler.string("epoch");
    pickler.integer(epoch);
    pickler.string("best_val");
    pickler.real(bestValue);
    pickler.op(kSetItems);
    pickler.op(kStop);
    return pickler.bytes();
}

void writeCheckpoint(const std::string& path, const StateDict& stateDict, int64_t epoch, double bestValue)
{
    ZipWriter zip;
    zip.add("archive/data.pkl", pickleCheckpoint(stateDict, epoch, bestValue));
    zip.add("archive/byteorder", "little");
    size_t index = 0;
    for (const auto& item : stateDict) {
        const at::Tensor tensor = storedTensor(item.second);
        const auto* data = static_cast<const char*>(tensor.data_ptr());
        zip.add("archive/data/" + std::to_string(index++), std::string(data, data + tensor.nbytes()));
    }
    zip.add("archive/version", "3\n");
    const std::string bytes = zip.finish();
    writeFileAtomically(path, [&](const std::string& temporaryPath) {
        std::ofstream out(temporaryPath, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out)
            throw Error("cannot write the checkpoint (disk full or no permission?)", path);
    });
}

} // namespace pointq
