#include "io/Pickle.h"

#include "common/Errors.h"
#include "io/NumpyDtype.h"
#include "io/Unpickler.h"

namespace pointq {

const PickleValue* PickleValue::get(std::string_view key) const
{
    if (kind != Kind::Dict)
        return nullptr;
    for (const auto& [entryKey, value] : entries) {
        if (entryKey->kind == Kind::String && entryKey->text == key)
            return value.get();
    }
    return nullptr;
}

std::string PickleValue::describe() const
{
    if (kind == Kind::Tensor)
        return std::string("tensor ") + c10::toString(tensor.scalar_type()) + " " + formatShape(tensor.sizes());
    if (kind == Kind::Object)
        return text;
    return kindName(kind);
}

std::string PickleValue::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return "None";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::String: return "str";
    case Kind::Bytes: return "bytes";
    case Kind::List: return "list";
    case Kind::Tuple: return "tuple";
    case Kind::Dict: return "dict";
    case Kind::Tensor: return "tensor";
    case Kind::Object: return "object";
    }
    return "unknown";
}

namespace {

void moveChildren(PickleValue& value, std::vector<PickleValuePtr>& pending)
{
    for (PickleValuePtr& item : value.items)
        pending.push_back(std::move(item));
    for (auto& [key, entryValue] : value.entries) {
        pending.push_back(std::move(key));
        pending.push_back(std::move(entryValue));
    }
    value.items.clear();
    value.entries.clear();
}

} // namespace

PickleValue::~PickleValue()
{
    std::vector<PickleValuePtr> pending;
    moveChildren(*this, pending);
    while (!pending.empty()) {
        PickleValuePtr value = std::move(pending.back());
        pending.pop_back();
        // Only the last owner destroys the value, and by then its children are moved out.
        if (value && value.use_count() == 1)
            moveChildren(*value, pending);
    }
}

PickleValuePtr PickleValue::make(Kind kind)
{
    auto value = std::make_shared<PickleValue>();
    value->kind = kind;
    return value;
}

Unpickler::Unpickler(std::string_view data, const std::string& file, const std::string& entry,
                     const StorageReader& reader)
    : m_data(data), m_file(file), m_entry(entry), m_storages(reader)
{
}

PickleValuePtr Unpickler::run()
{
    constexpr unsigned char kProto = 0x80;
    constexpr unsigned char kStop = '.';
    if (m_data.empty() || static_cast<unsigned char>(m_data[0]) != kProto)
        fail("not a pickle of protocol 2 or later (no PROTO opcode at the start)");

    while (true) {
        m_opcodeOffset = m_position;
        const auto code = static_cast<unsigned char>(readBytes(1)[0]);
        if (code == kStop)
            return pop();
        try {
            execute(code);
        } catch (const PickleFailure& failure) {
            fail(failure.what());
        } catch (const c10::Error& error) {
            fail(std::string("invalid tensor data: ") + error.what_without_backtrace());
        }
    }
}

void Unpickler::fail(const std::string& what) const
{
    throw CheckpointError(what, m_file, "entry " + m_entry + ", byte " + std::to_string(m_opcodeOffset));
}

std::string_view Unpickler::readBytes(uint64_t count)
{
    const size_t remaining = m_data.size() - m_position;
    if (count > remaining)
        fail("truncated pickle stream: the opcode needs " + std::to_string(count) + " more bytes, "
             + std::to_string(remaining) + " remain");
    const std::string_view bytes = m_data.substr(m_position, static_cast<size_t>(count));
    m_position += static_cast<size_t>(count);
    return bytes;
}

uint64_t Unpickler::readUnsigned(size_t width)
{
    const std::string_view bytes = readBytes(width);
    uint64_t value = 0;
    for (size_t i = 0; i < width; ++i)
        value |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
    return value;
}

std::string Unpickler::readLine()
{
    const size_t end = m_data.find('\n', m_position);
    if (end == std::string_view::npos)
        fail("truncated pickle stream: a GLOBAL name has no terminating newline");
    std::string line(m_data.substr(m_position, end - m_position));
    m_position = end + 1;
    return line;
}

PickleValuePtr Unpickler::pop()
{
    if (m_stack.size() <= markFloor())
        fail("pickle stack underflow");
    PickleValuePtr value = std::move(m_stack.back());
    m_stack.pop_back();
    return value;
}

PickleValuePtr& Unpickler::top()
{
    if (m_stack.size() <= markFloor())
        fail("pickle stack underflow");
    return m_stack.back();
}

std::vector<PickleValuePtr> Unpickler::popToMark()
{
    if (m_marks.empty())
        fail("pickle stack underflow: no MARK before this opcode");
    const size_t floor = m_marks.back();
    m_marks.pop_back();
    std::vector<PickleValuePtr> values(std::make_move_iterator(m_stack.begin() + static_cast<std::ptrdiff_t>(floor)),
                                       std::make_move_iterator(m_stack.end()));
    m_stack.resize(floor);
    return values;
}

PickleValuePtr Unpickler::popContainer(Kind kind, const char* opcodeName)
{
    PickleValuePtr container = pop();
    if (container->kind != kind)
        throw PickleFailure(std::string(opcodeName) + " expects a " + (kind == Kind::Dict ? "dict" : "list")
                            + " on the stack, found " + container->describe());
    return container;
}

void Unpickler::pushTuple(std::vector<PickleValuePtr> items)
{
    PickleValuePtr tuple = PickleValue::make(Kind::Tuple);
    tuple->items = std::move(items);
    push(std::move(tuple));
}

PickleValuePtr unpickle(std::string_view data, const std::string& file, const std::string& entry,
                        const StorageReader& readStorage)
{
    return Unpickler(data, file, entry, readStorage).run();
}

} // namespace pointq
