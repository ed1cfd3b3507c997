#pragma once

// The pickle virtual machine behind unpickle(). Pickle.cpp contains the stream, stack
// and memo handling, PickleOpcodes.cpp the meaning of each opcode. Internal to core/io.

#include "io/Pickle.h"
#include "io/PickleGlobals.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pointq {

class Unpickler {
public:
    Unpickler(std::string_view data, const std::string& file, const std::string& entry, const StorageReader& reader);

    /// Runs the opcodes up to STOP and returns the value on top of the stack.
    PickleValuePtr run();

private:
    using Kind = PickleValue::Kind;

    [[noreturn]] void fail(const std::string& what) const;

    // Stream access; each throws CheckpointError when the stream ends early.
    std::string_view readBytes(uint64_t count);
    uint64_t readUnsigned(size_t width);
    std::string readLine();

    // Stack access; popping below the innermost MARK is a stack underflow.
    size_t markFloor() const { return m_marks.empty() ? 0 : m_marks.back(); }
    PickleValuePtr pop();
    PickleValuePtr& top();
    std::vector<PickleValuePtr> popToMark();
    PickleValuePtr popContainer(Kind kind, const char* opcodeName);
    void push(PickleValuePtr value) { m_stack.push_back(std::move(value)); }
    void pushTuple(std::vector<PickleValuePtr> items);

    // Opcode groups, in PickleOpcodes.cpp. Each returns false when the opcode is not its own.
    void execute(unsigned char code);
    bool executeScalar(unsigned char code);
    bool executeContainer(unsigned char code);
    bool executeMemo(unsigned char code);
    bool executeObject(unsigned char code);
    void pushLong(uint64_t byteCount);
    void pushFloat();
    void pushGlobal(const std::string& module, const std::string& name);
    void memoGet(uint64_t index);
    void setDictItem(const PickleValuePtr& dict, PickleValuePtr key, PickleValuePtr value);

    struct DictIndex {
        PickleValuePtr dict;
        std::unordered_map<std::string, size_t> positions;
    };

    std::string_view m_data;
    const std::string& m_file;
    const std::string& m_entry;
    StorageCache m_storages;
    size_t m_position = 0;
    size_t m_opcodeOffset = 0;
    std::vector<PickleValuePtr> m_stack;
    std::vector<size_t> m_marks;  ///< stack sizes at each open MARK
    std::unordered_map<uint64_t, PickleValuePtr> m_memo;
    std::unordered_map<const PickleValue*, DictIndex> m_dictIndexes;
};

} // namespace pointq
