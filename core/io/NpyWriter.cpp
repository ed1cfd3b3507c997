#include "io/Npy.h"

#include "common/Errors.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pointq {

namespace {

// The raw element bytes are written as they are in memory, so the file is
// little-endian only on a little-endian host.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "writeNpy assumes a little-endian host");

const char* npyDescrFor(at::ScalarType scalarType)
{
    switch (scalarType) {
    case at::kHalf: return "<f2";
    case at::kFloat: return "<f4";
    case at::kDouble: return "<f8";
    case at::kChar: return "|i1";
    case at::kShort: return "<i2";
    case at::kInt: return "<i4";
    case at::kLong: return "<i8";
    case at::kByte: return "|u1";
    case at::kBool: return "|b1";
    default: return nullptr;
    }
}

// Builds the magic, version 1.0, header length and the header dict, padded with
// spaces and a newline so the data starts at a multiple of 64 bytes as numpy does.
std::string npyPreamble(const char* descr, at::IntArrayRef shape)
{
    std::string shapeText = "(";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i > 0)
            shapeText += ", ";
        shapeText += std::to_string(shape[i]);
    }
    // A one-element Python tuple needs its trailing comma.
    shapeText += shape.size() == 1 ? ",)" : ")";

    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
    const size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';

    std::string preamble = "\x93NUMPY";
    preamble += '\x01';
    preamble += '\x00';
    preamble += static_cast<char>(header.size() & 0xff);
    preamble += static_cast<char>((header.size() >> 8) & 0xff);
    return preamble + header;
}

bool writeAll(int descriptor, const char* data, size_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(descriptor, data, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        data += written;
        size -= static_cast<size_t>(written);
    }
    return true;
}

// Keeps the permissions of a file being replaced; new files get rw-r--r--.
mode_t targetMode(const std::string& path)
{
    struct stat status;
    if (::stat(path.c_str(), &status) == 0)
        return status.st_mode & 07777;
    return 0644;
}

} // namespace

void writeNpy(const std::string& path, const at::Tensor& tensor)
{
    const char* descr = tensor.defined() ? npyDescrFor(tensor.scalar_type()) : nullptr;
    if (descr == nullptr)
        throw DataError(std::string("cannot write an NPY array of dtype ")
                            + (tensor.defined() ? c10::toString(tensor.scalar_type()) : "undefined")
                            + "; supported: float16, float32, float64, int8, int16, int32, int64, uint8, bool",
                        path);
    const at::Tensor data = tensor.cpu().contiguous();
    const std::string preamble = npyPreamble(descr, data.sizes());

    const std::filesystem::path target(path);
    const std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string temporary = (folder / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    const int descriptor = ::mkstemp(temporary.data());
    if (descriptor < 0)
        throw DataError(std::string("cannot create a temporary file in the output folder: ") + std::strerror(errno), path);

    const auto* bytes = static_cast<const char*>(data.data_ptr());
    const size_t byteCount = static_cast<size_t>(data.numel()) * data.element_size();
    bool ok = writeAll(descriptor, preamble.data(), preamble.size()) && writeAll(descriptor, bytes, byteCount);
    ok = ok && ::fchmod(descriptor, targetMode(path)) == 0 && ::fsync(descriptor) == 0;
    const int writeErrno = errno;
    ok = (::close(descriptor) == 0) && ok;
    if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const int failure = ok ? errno : writeErrno;
        ::unlink(temporary.c_str());
        throw DataError(std::string("writing the array failed: ") + std::strerror(failure)
                            + "; any existing file was left unchanged",
                        path);
    }
}

} // namespace pointq
