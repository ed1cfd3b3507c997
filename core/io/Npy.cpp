#include "io/Npy.h"

#include "common/Errors.h"
#include "io/NumpyDtype.h"
#include "io/Zip.h"

#include <cctype>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace pointq {

namespace {

constexpr std::string_view kNpyMagic = "\x93NUMPY";

struct NpyHeader {
    std::string descr;
    bool fortranOrder = false;
    std::vector<int64_t> shape;
};

std::string npyPosition(const std::string& entry, const std::string& where)
{
    if (entry.empty())
        return where;
    return where.empty() ? "entry " + entry : "entry " + entry + ", " + where;
}

// Parses the Python dict literal of an NPY header, such as
// "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }".
class NpyHeaderParser {
public:
    NpyHeaderParser(std::string_view text, const std::string& file, const std::string& entry)
        : m_text(text), m_file(file), m_entry(entry)
    {
    }

    NpyHeader parse()
    {
        NpyHeader header;
        bool hasDescr = false, hasOrder = false, hasShape = false;
        expect('{', "the header is not a Python dict literal");
        while (!consume('}')) {
            const std::string key = parseString("a quoted key");
            expect(':', "expected ':' after key '" + key + "'");
            if (key == "descr") {
                skipSpace();
                if (peek() == '[')
                    fail("structured arrays (a list 'descr') are not supported");
                header.descr = parseString("a dtype string for 'descr'");
                hasDescr = true;
            } else if (key == "fortran_order") {
                header.fortranOrder = parseBool();
                hasOrder = true;
            } else if (key == "shape") {
                header.shape = parseShape();
                hasShape = true;
            } else {
                fail("unexpected header key '" + key + "'");
            }
            if (!consume(',')) {
                expect('}', "expected ',' or '}' in the header dict");
                break;
            }
        }
        if (!hasDescr || !hasOrder || !hasShape)
            fail("the header dict lacks 'descr', 'fortran_order' or 'shape'");
        return header;
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw DataError(what + " (header: " + std::string(m_text) + ")", m_file, npyPosition(m_entry, "header"));
    }

    void skipSpace()
    {
        while (m_position < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_position])))
            ++m_position;
    }

    char peek() const { return m_position < m_text.size() ? m_text[m_position] : '\0'; }

    bool consume(char symbol)
    {
        skipSpace();
        if (peek() != symbol)
            return false;
        ++m_position;
        return true;
    }

    void expect(char symbol, const std::string& what)
    {
        if (!consume(symbol))
            fail(what);
    }

    std::string parseString(const std::string& expected)
    {
        skipSpace();
        const char quote = peek();
        if (quote != '\'' && quote != '"')
            fail("expected " + expected);
        const size_t end = m_text.find(quote, m_position + 1);
        if (end == std::string_view::npos)
            fail("unterminated string in the header");
        std::string value(m_text.substr(m_position + 1, end - m_position - 1));
        m_position = end + 1;
        return value;
    }

    bool parseBool()
    {
        skipSpace();
        for (const auto& [word, value] : {std::pair<std::string_view, bool>{"True", true}, {"False", false}}) {
            if (m_text.substr(m_position, word.size()) == word) {
                m_position += word.size();
                return value;
            }
        }
        fail("expected True or False for 'fortran_order'");
    }

    std::vector<int64_t> parseShape()
    {
        std::vector<int64_t> shape;
        expect('(', "expected a tuple for 'shape'");
        while (!consume(')')) {
            skipSpace();
            const size_t start = m_position;
            while (std::isdigit(static_cast<unsigned char>(peek())))
                ++m_position;
            if (start == m_position || m_position - start > 18)
                fail("expected a non-negative integer dimension in 'shape'");
            shape.push_back(std::stoll(std::string(m_text.substr(start, m_position - start))));
            consume('L');  // Python 2 long suffix
            if (!consume(',')) {
                expect(')', "expected ',' or ')' in 'shape'");
                break;
            }
        }
        return shape;
    }

    std::string_view m_text;
    const std::string& m_file;
    const std::string& m_entry;
    size_t m_position = 0;
};

uint32_t readLittleEndian(std::string_view bytes, size_t offset, size_t width)
{
    uint32_t value = 0;
    for (size_t i = 0; i < width; ++i)
        value |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
    return value;
}

NumpyDtype resolveDtype(const NpyHeader& header, const std::string& file, const std::string& entry)
{
    const std::string position = npyPosition(entry, "header");
    if (header.descr.find('O') != std::string::npos)
        throw DataError("object array (dtype '" + header.descr
                            + "'): arrays of pickled Python objects are rejected; save numeric arrays only",
                        file, position);
    if (header.fortranOrder)
        throw DataError("fortran_order is True; only C-order arrays are supported (save with np.ascontiguousarray)", file,
                        position);
    const std::optional<NumpyDtype> dtype = parseNumpyDtype(header.descr);
    if (!dtype)
        throw DataError("unsupported dtype '" + header.descr + "'; supported: " + supportedNumpyDtypes(), file, position);
    return *dtype;
}

std::string readWholeFile(const std::string& path)
{
    std::ifstream stream(path, std::ios::binary);
    if (!stream)
        throw DataError("file not found or not readable", path);
    std::ostringstream content;
    content << stream.rdbuf();
    return content.str();
}

} // namespace

at::Tensor parseNpy(std::string_view bytes, const std::string& file, const std::string& entry)
{
    if (bytes.size() < 10 || bytes.substr(0, kNpyMagic.size()) != kNpyMagic)
        throw DataError("bad magic: not an NPY array (expected the bytes \\x93NUMPY)", file, npyPosition(entry, "byte 0"));

    const int major = static_cast<unsigned char>(bytes[6]);
    if (major < 1 || major > 3)
        throw DataError("unsupported NPY format version " + std::to_string(major) + "." + std::to_string(bytes[7])
                            + "; expected 1.0, 2.0 or 3.0",
                        file, npyPosition(entry, "byte 6"));
    const size_t lengthWidth = major == 1 ? 2 : 4;
    const size_t headerStart = 8 + lengthWidth;
    if (bytes.size() < headerStart)
        throw DataError("truncated NPY header", file, npyPosition(entry, "byte 8"));
    const size_t headerLength = readLittleEndian(bytes, 8, lengthWidth);
    if (bytes.size() - headerStart < headerLength)
        throw DataError("truncated NPY header: " + std::to_string(headerLength) + " bytes declared, "
                            + std::to_string(bytes.size() - headerStart) + " present",
                        file, npyPosition(entry, "byte 8"));

    const NpyHeader header = NpyHeaderParser(bytes.substr(headerStart, headerLength), file, entry).parse();
    const NumpyDtype dtype = resolveDtype(header, file, entry);

    const size_t dataStart = headerStart + headerLength;
    const std::optional<int64_t> count = checkedElementCount(header.shape);
    const uint64_t available = bytes.size() - dataStart;
    if (!count || static_cast<uint64_t>(*count) > available / dtype.itemSize + 1)
        throw DataError("truncated data: shape " + formatShape(header.shape) + " of '" + header.descr + "' needs more than the "
                            + std::to_string(available) + " data bytes present",
                        file, npyPosition(entry, "byte " + std::to_string(dataStart)));
    const uint64_t expected = static_cast<uint64_t>(*count) * dtype.itemSize;
    if (available != expected)
        throw DataError(std::string(available < expected ? "truncated data" : "data size does not match the shape")
                            + ": shape " + formatShape(header.shape) + " of '" + header.descr + "' needs "
                            + std::to_string(expected) + " bytes, " + std::to_string(available) + " present",
                        file, npyPosition(entry, "byte " + std::to_string(dataStart)));

    return tensorFromNumpyBytes(bytes.substr(dataStart), dtype, header.shape);
}

at::Tensor readNpy(const std::string& path)
{
    return parseNpy(readWholeFile(path), path);
}

NamedTensors readNpz(const std::string& path)
{
    NamedTensors arrays;
    try {
        const ZipReader archive(path);
        for (const std::string& entry : archive.entryNames()) {
            const std::string suffix = ".npy";
            const bool hasSuffix = entry.size() > suffix.size() && entry.compare(entry.size() - suffix.size(), suffix.size(), suffix) == 0;
            const std::string name = hasSuffix ? entry.substr(0, entry.size() - suffix.size()) : entry;
            arrays.insert(name, parseNpy(archive.readEntry(entry), path, entry));
        }
    } catch (const ZipError& error) {
        const std::string hint = error.reason() == ZipError::Reason::NotZip ? " (not an npz archive, or cut short)" : "";
        throw DataError(error.detail() + hint, error.file(), error.position());
    }
    return arrays;
}

} // namespace pointq
