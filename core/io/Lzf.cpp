#include "io/PcdReader.h"

#include "common/Errors.h"

namespace pointq {

// LZF format: a control byte below 32 starts a literal run of control + 1
// bytes. Otherwise the top 3 bits are a length (7 means "add the next byte")
// and the low 5 bits with the following byte are a back-reference distance
// minus one; the match copies length + 2 bytes.
std::string decompressLzf(std::string_view input, size_t outputSize, const std::string& source)
{
    std::string output(outputSize, '\0');
    size_t in = 0;
    size_t out = 0;
    const auto fail = [&](const std::string& what) {
        throw DataError("invalid LZF data: " + what, source, "compressed byte " + std::to_string(in));
    };
    while (in < input.size()) {
        const unsigned control = static_cast<unsigned char>(input[in++]);
        if (control < 32) {
            const size_t length = control + 1;
            if (length > input.size() - in)
                fail("a literal run of " + std::to_string(length) + " bytes goes past the end of the input");
            if (length > outputSize - out)
                fail("a literal run goes past the declared uncompressed size " + std::to_string(outputSize));
            output.replace(out, length, input.substr(in, length));
            in += length;
            out += length;
            continue;
        }
        size_t length = control >> 5;
        if (length == 7) {
            if (in >= input.size())
                fail("the stream ends inside a back-reference");
            length += static_cast<unsigned char>(input[in++]);
        }
        if (in >= input.size())
            fail("the stream ends inside a back-reference");
        const size_t distance = ((control & 0x1f) << 8) + static_cast<unsigned char>(input[in++]) + 1;
        length += 2;
        if (distance > out)
            fail("a back-reference points " + std::to_string(distance) + " bytes back, before the start of the output");
        if (length > outputSize - out)
            fail("a back-reference goes past the declared uncompressed size " + std::to_string(outputSize));
        // Byte by byte because the source and target ranges may overlap.
        for (size_t i = 0; i < length; ++i, ++out)
            output[out] = output[out - distance];
    }
    if (out != outputSize)
        throw DataError("invalid LZF data: expected " + std::to_string(outputSize) + " uncompressed bytes, got " +
                            std::to_string(out),
                        source, "compressed byte " + std::to_string(in));
    return output;
}

} // namespace pointq
