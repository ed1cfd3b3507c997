#include "io/Zip.h"

#include <zip.h>

#include <filesystem>
#include <fstream>
#include <memory>

namespace pointq {

namespace {

// Deflate cannot compress better than about 1032:1, so an entry that declares
// more than this many bytes per byte of the whole file is corrupt or hostile.
// The check runs before the output buffer is allocated.
constexpr std::uint64_t kMaxCompressionRatio = 1100;
constexpr std::uint64_t kSizeAllowance = 1 << 20;

std::string describeZipError(int code)
{
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

ZipError::Reason reasonForOpenError(int code)
{
    switch (code) {
    case ZIP_ER_NOENT:
    case ZIP_ER_OPEN:
        return ZipError::Reason::FileNotFound;
    case ZIP_ER_NOZIP:
        return ZipError::Reason::NotZip;
    default:
        return ZipError::Reason::Corrupt;
    }
}

std::string entryPosition(const std::string& entryName)
{
    return "entry " + entryName;
}

struct ZipFileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};

} // namespace

ZipError::ZipError(Reason reason, const std::string& what, std::string file, std::string position)
    : Error(what, std::move(file), std::move(position))
    , m_reason(reason)
{
}

ZipReader::ZipReader(const std::string& path)
    : m_path(path)
{
    std::error_code sizeError;
    m_fileSize = std::filesystem::file_size(path, sizeError);
    if (sizeError)
        throw ZipError(ZipError::Reason::FileNotFound, "file not found or not readable (" + sizeError.message() + ")", path);

    int errorCode = 0;
    m_archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &errorCode);
    if (m_archive == nullptr)
        throw ZipError(reasonForOpenError(errorCode), "cannot open as a zip archive: " + describeZipError(errorCode), path);

    const zip_int64_t count = zip_get_num_entries(m_archive, 0);
    m_entryNames.reserve(static_cast<size_t>(count));
    for (zip_int64_t index = 0; index < count; ++index) {
        const char* name = zip_get_name(m_archive, static_cast<zip_uint64_t>(index), ZIP_FL_ENC_RAW);
        m_entryNames.emplace_back(name != nullptr ? name : "");
    }
}

ZipReader::~ZipReader()
{
    if (m_archive != nullptr)
        zip_discard(m_archive);
}

bool ZipReader::contains(const std::string& entryName) const
{
    return locate(entryName) >= 0;
}

std::int64_t ZipReader::locate(const std::string& entryName) const
{
    return zip_name_locate(m_archive, entryName.c_str(), ZIP_FL_ENC_RAW);
}

std::uint64_t ZipReader::entrySize(const std::string& entryName) const
{
    const std::int64_t index = locate(entryName);
    if (index < 0)
        throw ZipError(ZipError::Reason::EntryNotFound, "entry not found in the archive", m_path, entryPosition(entryName));

    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(m_archive, static_cast<zip_uint64_t>(index), 0, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0)
        throw ZipError(ZipError::Reason::Corrupt, "cannot read the entry's size: " + std::string(zip_strerror(m_archive)),
                       m_path, entryPosition(entryName));
    return stat.size;
}

std::string ZipReader::readEntry(const std::string& entryName) const
{
    const std::uint64_t size = entrySize(entryName);
    const std::uint64_t limit = m_fileSize * kMaxCompressionRatio + kSizeAllowance;
    if (size > limit)
        throw ZipError(ZipError::Reason::EntryTooLarge,
                       "declared uncompressed size of " + std::to_string(size) + " bytes is impossible for a file of "
                           + std::to_string(m_fileSize) + " bytes; the archive is corrupt",
                       m_path, entryPosition(entryName));

    const auto index = static_cast<zip_uint64_t>(locate(entryName));
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(m_archive, index, 0));
    if (!file)
        throw ZipError(ZipError::Reason::ReadFailed, "cannot open the entry: " + std::string(zip_strerror(m_archive)),
                       m_path, entryPosition(entryName));

    std::string bytes(static_cast<size_t>(size), '\0');
    std::uint64_t done = 0;
    while (done < size) {
        const zip_int64_t count = zip_fread(file.get(), bytes.data() + done, size - done);
        if (count < 0)
            throw ZipError(ZipError::Reason::ReadFailed,
                           "reading the entry failed: " + std::string(zip_file_strerror(file.get())), m_path,
                           entryPosition(entryName));
        if (count == 0)
            break;
        done += static_cast<std::uint64_t>(count);
    }
    if (done != size)
        throw ZipError(ZipError::Reason::ReadFailed,
                       "entry is cut short: " + std::to_string(done) + " of " + std::to_string(size) + " bytes present",
                       m_path, entryPosition(entryName));
    return bytes;
}

bool startsWithZipLocalHeader(const std::string& path)
{
    std::ifstream stream(path, std::ios::binary);
    char magic[4] = {};
    stream.read(magic, sizeof magic);
    return stream.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

} // namespace pointq
