#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pointq {

/// CRC-32 (IEEE 802.3, as zip uses it) of a byte string.
uint32_t crc32Of(const std::string& bytes);

/// Builds an uncompressed (stored) zip archive in memory, as PyTorch's
/// PyTorchStreamWriter does: each entry's data starts at a multiple of 64 bytes,
/// padded through an extra field of the local header, so a reader may map tensors
/// in place. No ZIP64: the archive must stay below 4 GiB.
class ZipWriter {
public:
    /// Appends an entry; throws std::length_error when the archive would reach 4 GiB.
    void add(const std::string& name, const std::string& data);

    /// The central directory and end record appended to the entries written so far.
    std::string finish() const;

private:
    struct Entry {
        std::string name;
        uint32_t crc = 0;
        uint32_t size = 0;
        uint32_t offset = 0;
        uint16_t extraLength = 0;
    };

    std::string m_bytes;
    std::vector<Entry> m_entries;
};

} // namespace pointq
