#include "common/Files.h"

#include "common/Errors.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <vector>

namespace pointq {

namespace {

std::string temporaryPathFor(const std::string& path)
{
    std::random_device device;
    std::ostringstream name;
    name << path << ".tmp-" << std::hex << device() << device();
    return name.str();
}

} // namespace

void writeFileAtomically(const std::string& path, const std::function<void(const std::string& temporaryPath)>& writer)
{
    const std::string temporary = temporaryPathFor(path);
    try {
        writer(temporary);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw;
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        throw Error("cannot write the file: " + error.message(), path);
    }
}

void writeTextFile(const std::string& path, const std::string& text)
{
    writeFileAtomically(path, [&](const std::string& temporary) {
        std::ofstream stream(temporary, std::ios::binary);
        if (!stream)
            throw Error(std::string("cannot create the file: ") + std::strerror(errno), path);
        stream << text;
        stream.close();
        if (!stream)
            throw Error("writing failed (disk full?)", path);
    });
}

std::string readBinaryFile(const std::string& path)
{
    std::ifstream stream(path, std::ios::binary);
    if (!stream)
        throw DataError(std::string("cannot open the file: ") + std::strerror(errno), path);
    std::ostringstream contents;
    contents << stream.rdbuf();
    return contents.str();
}

std::string sha256OfFile(const std::string& path)
{
    std::ifstream stream(path, std::ios::binary);
    if (!stream)
        throw DataError(std::string("cannot open the file: ") + std::strerror(errno), path);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr);
    std::vector<char> buffer(1 << 16);
    while (stream) {
        stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        EVP_DigestUpdate(context.get(), buffer.data(), static_cast<size_t>(stream.gcount()));
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context.get(), digest, &length);
    static const char* hex = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        text += hex[digest[i] >> 4];
        text += hex[digest[i] & 15];
    }
    return text;
}

int64_t fileSize(const std::string& path)
{
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error)
        throw DataError("cannot read the file size: " + error.message(), path);
    return static_cast<int64_t>(size);
}

} // namespace pointq
