#include "io/ZipWriter.h"

#include <array>
#include <limits>
#include <stdexcept>

namespace pointq {

namespace {

constexpr size_t kAlignment = 64;
// Extra-field id PyTorch uses for its alignment padding ("FB").
constexpr uint16_t kPaddingFieldId = 0x4246;

void put16(std::string& out, uint16_t value)
{
    out.push_back(static_cast<char>(value & 0xff));
    out.push_back(static_cast<char>(value >> 8));
}

void put32(std::string& out, uint32_t value)
{
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(static_cast<char>((value >> shift) & 0xff));
}

const std::array<uint32_t, 256>& crcTable()
{
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> values{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int bit = 0; bit < 8; ++bit)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            values[i] = c;
        }
        return values;
    }();
    return table;
}

} // namespace

uint32_t crc32Of(const std::string& bytes)
{
    const auto& table = crcTable();
    uint32_t crc = 0xFFFFFFFFu;
    for (const char byte : bytes)
        crc = table[(crc ^ static_cast<uint8_t>(byte)) & 0xff] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

void ZipWriter::add(const std::string& name, const std::string& data)
{
    constexpr size_t kLocalHeaderSize = 30;
    const size_t headerEnd = m_bytes.size() + kLocalHeaderSize + name.size();
    // The padding field itself takes 4 bytes of header (id and length).
    size_t padding = (kAlignment - (headerEnd + 4) % kAlignment) % kAlignment;
    const size_t limit = std::numeric_limits<uint32_t>::max();
    if (headerEnd + 4 + padding + data.size() >= limit)
        throw std::length_error("the archive would exceed 4 GiB, which needs ZIP64");

    Entry entry;
    entry.name = name;
    entry.crc = crc32Of(data);
    entry.size = static_cast<uint32_t>(data.size());
    entry.offset = static_cast<uint32_t>(m_bytes.size());
    entry.extraLength = static_cast<uint16_t>(4 + padding);

    put32(m_bytes, 0x04034b50);
    put16(m_bytes, 20);  // version needed: 2.0
    put16(m_bytes, 0);   // flags
    put16(m_bytes, 0);   // method: stored
    put16(m_bytes, 0);   // modification time
    put16(m_bytes, 0x21); // modification date 1980-01-01, as PyTorch writes it
    put32(m_bytes, entry.crc);
    put32(m_bytes, entry.size);
    put32(m_bytes, entry.size);
    put16(m_bytes, static_cast<uint16_t>(name.size()));
    put16(m_bytes, entry.extraLength);
    m_bytes += name;
    put16(m_bytes, kPaddingFieldId);
    put16(m_bytes, static_cast<uint16_t>(padding));
    m_bytes.append(padding, 'Z');
    m_bytes += data;
    m_entries.push_back(entry);
}

std::string ZipWriter::finish() const
{
    std::string out = m_bytes;
    const auto directoryOffset = static_cast<uint32_t>(out.size());
    for (const Entry& entry : m_entries) {
        put32(out, 0x02014b50);
        put16(out, 20);  // version made by
        put16(out, 20);  // version needed
        put16(out, 0);
        put16(out, 0);
        put16(out, 0);
        put16(out, 0x21);
        put32(out, entry.crc);
        put32(out, entry.size);
        put32(out, entry.size);
        put16(out, static_cast<uint16_t>(entry.name.size()));
        put16(out, 0);  // no extra field in the central directory
        put16(out, 0);  // no comment
        put16(out, 0);  // disk number
        put16(out, 0);  // internal attributes
        put32(out, 0);  // external attributes
        put32(out, entry.offset);
        out += entry.name;
    }
    const auto directorySize = static_cast<uint32_t>(out.size() - directoryOffset);
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<uint16_t>(m_entries.size()));
    put16(out, static_cast<uint16_t>(m_entries.size()));
    put32(out, directorySize);
    put32(out, directoryOffset);
    put16(out, 0);
    return out;
}

} // namespace pointq
