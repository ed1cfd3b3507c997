#include "io/Unpickler.h"

#include <cstring>

namespace pointq {

namespace {

using Kind = PickleValue::Kind;

// Opcodes of pickle protocols 2 to 5, named as in CPython's pickle module.
enum Opcode : unsigned char {
    MARK = '(', POP = '0', POP_MARK = '1', DUP = '2', BINFLOAT = 'G', BININT = 'J', BININT1 = 'K', BININT2 = 'M',
    NONE = 'N', BINPERSID = 'Q', REDUCE = 'R', BINSTRING = 'T', SHORT_BINSTRING = 'U', BINUNICODE = 'X',
    APPEND = 'a', BUILD = 'b', GLOBAL = 'c', DICT = 'd', APPENDS = 'e', BINGET = 'h', LONG_BINGET = 'j',
    LIST = 'l', BINPUT = 'q', LONG_BINPUT = 'r', SETITEM = 's', TUPLE = 't', SETITEMS = 'u', EMPTY_DICT = '}',
    EMPTY_LIST = ']', EMPTY_TUPLE = ')', BINBYTES = 'B', SHORT_BINBYTES = 'C', PROTO = 0x80, NEWOBJ = 0x81,
    TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87, NEWTRUE = 0x88, NEWFALSE = 0x89, LONG1 = 0x8a, LONG4 = 0x8b,
    SHORT_BINUNICODE = 0x8c, BINUNICODE8 = 0x8d, BINBYTES8 = 0x8e, EMPTY_SET = 0x8f, ADDITEMS = 0x90,
    FROZENSET = 0x91, NEWOBJ_EX = 0x92, STACK_GLOBAL = 0x93, MEMOIZE = 0x94, FRAME = 0x95, BYTEARRAY8 = 0x96,
};

// Opcodes that exist in some protocol but that torch.save never writes: the text
// opcodes of protocols 0 and 1, extension registry codes and out-of-band buffers.
const char* unsupportedOpcodeName(unsigned char code)
{
    switch (code) {
    case 'I': return "INT";
    case 'L': return "LONG";
    case 'F': return "FLOAT";
    case 'S': return "STRING";
    case 'V': return "UNICODE";
    case 'P': return "PERSID";
    case 'g': return "GET";
    case 'p': return "PUT";
    case 'i': return "INST";
    case 'o': return "OBJ";
    case 0x82: return "EXT1";
    case 0x83: return "EXT2";
    case 0x84: return "EXT4";
    case 0x97: return "NEXT_BUFFER";
    case 0x98: return "READONLY_BUFFER";
    default: return nullptr;
    }
}

std::string hexByte(unsigned char code)
{
    static const char digits[] = "0123456789abcdef";
    return std::string("0x") + digits[code >> 4] + digits[code & 15];
}

PickleValuePtr makeInt(int64_t value)
{
    PickleValuePtr result = PickleValue::make(Kind::Int);
    result->intValue = value;
    return result;
}

PickleValuePtr makeText(Kind kind, std::string_view text)
{
    PickleValuePtr result = PickleValue::make(kind);
    result->text = std::string(text);
    return result;
}

PickleValuePtr makeBool(bool value)
{
    PickleValuePtr result = PickleValue::make(Kind::Bool);
    result->boolValue = value;
    return result;
}

// Returns a text form of a hashable key, so that equal Python keys compare equal.
std::optional<std::string> dictKeyOf(const PickleValue& key)
{
    switch (key.kind) {
    case Kind::String: return "s" + key.text;
    case Kind::Bytes: return "b" + key.text;
    case Kind::Int: return "i" + std::to_string(key.intValue);
    case Kind::Bool: return "i" + std::to_string(key.boolValue ? 1 : 0);
    case Kind::None: return std::string("n");
    default: return std::nullopt;
    }
}


void appendItems(PickleValue& list, std::vector<PickleValuePtr> items)
{
    for (PickleValuePtr& item : items)
        list.items.push_back(std::move(item));
}

} // namespace

void Unpickler::execute(unsigned char code)
{
    if (executeScalar(code) || executeContainer(code) || executeMemo(code) || executeObject(code))
        return;
    if (const char* name = unsupportedOpcodeName(code))
        fail(std::string("unsupported pickle opcode ") + name + " (" + hexByte(code)
             + "); torch.save writes pickle protocol 2 or later without it");
    fail("unknown pickle opcode " + hexByte(code) + "; the pickle stream is corrupt");
}

bool Unpickler::executeScalar(unsigned char code)
{
    switch (code) {
    case NONE: push(PickleValue::make(Kind::None)); return true;
    case NEWTRUE: push(makeBool(true)); return true;
    case NEWFALSE: push(makeBool(false)); return true;
    case BININT: push(makeInt(static_cast<int32_t>(readUnsigned(4)))); return true;
    case BININT1: push(makeInt(static_cast<int64_t>(readUnsigned(1)))); return true;
    case BININT2: push(makeInt(static_cast<int64_t>(readUnsigned(2)))); return true;
    case LONG1: pushLong(readUnsigned(1)); return true;
    case LONG4: pushLong(readUnsigned(4)); return true;
    case BINFLOAT: pushFloat(); return true;
    case SHORT_BINUNICODE: push(makeText(Kind::String, readBytes(readUnsigned(1)))); return true;
    case BINUNICODE: push(makeText(Kind::String, readBytes(readUnsigned(4)))); return true;
    case BINUNICODE8: push(makeText(Kind::String, readBytes(readUnsigned(8)))); return true;
    // Python 2 str objects, as Python 3 reads them with encoding='latin1' or 'bytes'.
    case SHORT_BINSTRING: push(makeText(Kind::Bytes, readBytes(readUnsigned(1)))); return true;
    case BINSTRING: push(makeText(Kind::Bytes, readBytes(readUnsigned(4)))); return true;
    case SHORT_BINBYTES: push(makeText(Kind::Bytes, readBytes(readUnsigned(1)))); return true;
    case BINBYTES: push(makeText(Kind::Bytes, readBytes(readUnsigned(4)))); return true;
    case BINBYTES8:
    case BYTEARRAY8: push(makeText(Kind::Bytes, readBytes(readUnsigned(8)))); return true;
    default: return false;
    }
}

bool Unpickler::executeContainer(unsigned char code)
{
    switch (code) {
    case MARK: m_marks.push_back(m_stack.size()); return true;
    case POP: pop(); return true;
    case POP_MARK: popToMark(); return true;
    case DUP: push(top()); return true;
    case EMPTY_TUPLE: pushTuple({}); return true;
    case TUPLE: pushTuple(popToMark()); return true;
    case TUPLE1: {
        PickleValuePtr first = pop();
        pushTuple({first});
        return true;
    }
    case TUPLE2: {
        PickleValuePtr second = pop();
        PickleValuePtr first = pop();
        pushTuple({first, second});
        return true;
    }
    case TUPLE3: {
        PickleValuePtr third = pop();
        PickleValuePtr second = pop();
        PickleValuePtr first = pop();
        pushTuple({first, second, third});
        return true;
    }
    case EMPTY_LIST:
    case EMPTY_SET: push(PickleValue::make(Kind::List)); return true;
    case LIST:
    case FROZENSET: {
        PickleValuePtr list = PickleValue::make(Kind::List);
        list->items = popToMark();
        push(std::move(list));
        return true;
    }
    case APPEND: {
        PickleValuePtr item = pop();
        PickleValuePtr list = popContainer(Kind::List, "APPEND");
        list->items.push_back(std::move(item));
        push(std::move(list));
        return true;
    }
    case APPENDS:
    case ADDITEMS: {
        std::vector<PickleValuePtr> items = popToMark();
        PickleValuePtr list = popContainer(Kind::List, code == APPENDS ? "APPENDS" : "ADDITEMS");
        appendItems(*list, std::move(items));
        push(std::move(list));
        return true;
    }
    case EMPTY_DICT: push(PickleValue::make(Kind::Dict)); return true;
    case DICT:
    case SETITEMS: {
        std::vector<PickleValuePtr> values = popToMark();
        if (values.size() % 2 != 0)
            throw PickleFailure("odd number of stack items for dict keys and values");
        PickleValuePtr dict = code == DICT ? PickleValue::make(Kind::Dict) : popContainer(Kind::Dict, "SETITEMS");
        for (size_t i = 0; i < values.size(); i += 2)
            setDictItem(dict, std::move(values[i]), std::move(values[i + 1]));
        push(std::move(dict));
        return true;
    }
    case SETITEM: {
        PickleValuePtr value = pop();
        PickleValuePtr key = pop();
        PickleValuePtr dict = popContainer(Kind::Dict, "SETITEM");
        setDictItem(dict, std::move(key), std::move(value));
        push(std::move(dict));
        return true;
    }
    default: return false;
    }
}

bool Unpickler::executeMemo(unsigned char code)
{
    switch (code) {
    case BINPUT: m_memo[readUnsigned(1)] = top(); return true;
    case LONG_BINPUT: m_memo[readUnsigned(4)] = top(); return true;
    case MEMOIZE: {
        const uint64_t index = m_memo.size();
        m_memo[index] = top();
        return true;
    }
    case BINGET: memoGet(readUnsigned(1)); return true;
    case LONG_BINGET: memoGet(readUnsigned(4)); return true;
    default: return false;
    }
}

bool Unpickler::executeObject(unsigned char code)
{
    switch (code) {
    case PROTO: {
        const uint64_t protocol = readUnsigned(1);
        if (protocol < 2 || protocol > 5)
            fail("unsupported pickle protocol " + std::to_string(protocol) + "; expected 2 to 5");
        return true;
    }
    case FRAME: readUnsigned(8); return true;  // frames only group reads; their content follows inline
    case GLOBAL: {
        const std::string module = readLine();
        const std::string name = readLine();
        pushGlobal(module, name);
        return true;
    }
    case STACK_GLOBAL: {
        PickleValuePtr name = pop();
        PickleValuePtr module = pop();
        if (module->kind != Kind::String || name->kind != Kind::String)
            throw PickleFailure("STACK_GLOBAL expects two strings, found " + module->describe() + " and "
                                + name->describe());
        pushGlobal(module->text, name->text);
        return true;
    }
    case REDUCE:
    case NEWOBJ: {
        PickleValuePtr arguments = pop();
        PickleValuePtr callable = pop();
        push(callPickleGlobal(*callable, *arguments, m_storages));
        return true;
    }
    case NEWOBJ_EX: {
        PickleValuePtr keywords = pop();
        PickleValuePtr arguments = pop();
        PickleValuePtr callable = pop();
        if (keywords->kind != Kind::Dict || !keywords->entries.empty())
            throw PickleFailure("NEWOBJ_EX with keyword arguments is not supported");
        push(callPickleGlobal(*callable, *arguments, m_storages));
        return true;
    }
    case BUILD: {
        PickleValuePtr state = pop();
        buildPickleValue(*top(), *state);
        return true;
    }
    case BINPERSID: push(loadPersistentId(*pop())); return true;
    default: return false;
    }
}

void Unpickler::setDictItem(const PickleValuePtr& dict, PickleValuePtr key, PickleValuePtr value)
{
    // Python replaces the value of an equal key and keeps its position. The index per
    // dict keeps this linear in the number of entries. It keeps a reference to the
    // dict so that no other dict can reuse the address.
    auto [slot, created] = m_dictIndexes.try_emplace(dict.get());
    DictIndex& index = slot->second;
    if (created) {
        index.dict = dict;
        for (size_t i = 0; i < dict->entries.size(); ++i) {
            if (const std::optional<std::string> existing = dictKeyOf(*dict->entries[i].first))
                index.positions.emplace(*existing, i);
        }
    }
    const std::optional<std::string> wanted = dictKeyOf(*key);
    if (wanted) {
        const auto [position, inserted] = index.positions.emplace(*wanted, dict->entries.size());
        if (!inserted) {
            dict->entries[position->second].second = std::move(value);
            return;
        }
    }
    dict->entries.emplace_back(std::move(key), std::move(value));
}

void Unpickler::pushLong(uint64_t byteCount)
{
    const std::string_view bytes = readBytes(byteCount);
    if (byteCount > 8) {
        // Kept by name: a checkpoint may hold such an integer in an entry PointQ ignores.
        PickleValuePtr wide = makeText(Kind::Object, "int wider than 64 bits");
        wide->object = std::make_shared<PickleObject>();
        wide->object->name = wide->text;
        push(std::move(wide));
        return;
    }
    uint64_t value = 0;
    for (size_t i = 0; i < byteCount; ++i)
        value |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
    // Python longs are two's complement little-endian, so sign-extend from the top byte.
    if (byteCount > 0 && byteCount < 8 && (static_cast<unsigned char>(bytes[byteCount - 1]) & 0x80) != 0)
        value |= ~uint64_t{0} << (8 * byteCount);
    push(makeInt(static_cast<int64_t>(value)));
}

void Unpickler::pushFloat()
{
    // BINFLOAT is a big-endian IEEE 754 double.
    const std::string_view bytes = readBytes(8);
    uint64_t bits = 0;
    for (size_t i = 0; i < 8; ++i)
        bits = (bits << 8) | static_cast<unsigned char>(bytes[i]);
    PickleValuePtr value = PickleValue::make(Kind::Float);
    std::memcpy(&value->floatValue, &bits, sizeof bits);
    push(std::move(value));
}

void Unpickler::pushGlobal(const std::string& module, const std::string& name)
{
    PickleValuePtr global = resolvePickleGlobal(module, name);
    if (!global)
        fail("rejected global '" + module + "." + name
             + "': a checkpoint may only contain tensors, storages, OrderedDict and numpy scalars or arrays, "
               "and PointQ never executes code from a checkpoint");
    push(std::move(global));
}

void Unpickler::memoGet(uint64_t index)
{
    const auto found = m_memo.find(index);
    if (found == m_memo.end())
        fail("memo key " + std::to_string(index) + " was never stored");
    push(found->second);
}

} // namespace pointq
