#pragma once

#include "common/Errors.h"

#include <cstdint>
#include <string>
#include <vector>

struct zip;

namespace pointq {

/// A zip archive that cannot be opened or an entry that cannot be read. Callers
/// catch it and rethrow it as the error type of their format (DataError for npz,
/// CheckpointError for torch.save files), using reason() to word the message.
class ZipError : public Error {
public:
    enum class Reason {
        FileNotFound,   ///< the path does not exist or cannot be opened
        NotZip,         ///< no end-of-central-directory record: not a zip, or cut short
        Corrupt,        ///< the central directory or an entry is inconsistent
        EntryNotFound,  ///< no entry with the requested name
        EntryTooLarge,  ///< the declared uncompressed size cannot be right for this file
        ReadFailed,     ///< decompression, CRC or I/O failure while reading an entry
    };

    ZipError(Reason reason, const std::string& what, std::string file, std::string position = {});

    Reason reason() const noexcept { return m_reason; }

private:
    Reason m_reason;
};

/// Read-only access to the entries of a zip archive on disk, over libzip.
/// Not safe for concurrent use from several threads.
class ZipReader {
public:
    /// Opens the archive and lists its entries. Throws ZipError.
    explicit ZipReader(const std::string& path);
    ~ZipReader();

    ZipReader(const ZipReader&) = delete;
    ZipReader& operator=(const ZipReader&) = delete;

    const std::string& path() const noexcept { return m_path; }

    /// Entry names in central-directory order.
    const std::vector<std::string>& entryNames() const noexcept { return m_entryNames; }

    bool contains(const std::string& entryName) const;

    /// Declared uncompressed size of an entry in bytes. Throws ZipError when absent.
    std::uint64_t entrySize(const std::string& entryName) const;

    /// Reads and decompresses a whole entry, checking its CRC. Throws ZipError
    /// naming the file and the entry.
    std::string readEntry(const std::string& entryName) const;

private:
    std::int64_t locate(const std::string& entryName) const;

    std::string m_path;
    struct zip* m_archive = nullptr;
    std::uint64_t m_fileSize = 0;
    std::vector<std::string> m_entryNames;
};

/// Returns whether the first bytes of the file are a zip local file header
/// ("PK\3\4"), so a file that libzip rejects can be reported as cut short.
bool startsWithZipLocalHeader(const std::string& path);

} // namespace pointq
