// SPDX-License-Identifier: MIT
#include "core/data/gzip_file.h"

#include "core/data/binary_io.h"
#include "core/error.h"
#include "core/util/memory_budget.h"

#include <string>

#if defined(LADA_WITH_ZLIB)
#include <zlib.h>

#include <algorithm>
#include <limits>
#endif

namespace lada {

bool isGzipData(const std::vector<unsigned char>& bytes)
{
    return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

#if defined(LADA_WITH_ZLIB)

bool gzipSupported()
{
    return true;
}

std::vector<unsigned char> gunzipData(const std::vector<unsigned char>& in, const std::string& name, uint64_t maxOutput)
{
    std::vector<unsigned char> out;
    // The last 4 bytes hold the uncompressed size modulo 2^32: a good first guess for idx files, but only a
    // claim, so the guess is capped at 16 times the real input (MNIST's ratio is ~5) and at the limit.
    if (in.size() >= 18) {
        const uint64_t hint = readLittleEndian32(in.data() + in.size() - 4);
        out.reserve(static_cast<std::size_t>(std::min({hint, uint64_t{in.size()} * 16, maxOutput})));
    }
    z_stream stream{};
    // 16 + MAX_WBITS: expect a gzip header and trailer rather than a zlib one.
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        throw DataError("cannot read \"" + name + "\": zlib initialisation failed");
    }
    std::size_t inPos = 0;
    unsigned char buffer[1 << 16];
    int rc = Z_OK;
    while (true) {
        const std::size_t inChunk = std::min<std::size_t>(in.size() - inPos, std::numeric_limits<uInt>::max());
        stream.next_in = const_cast<Bytef*>(in.data() + inPos);
        stream.avail_in = static_cast<uInt>(inChunk);
        stream.next_out = buffer;
        stream.avail_out = sizeof buffer;
        rc = inflate(&stream, Z_NO_FLUSH);
        inPos += inChunk - stream.avail_in;
        const std::size_t produced = sizeof buffer - stream.avail_out;
        if (out.size() + produced > maxOutput) {
            inflateEnd(&stream);
            throw DataError("cannot read \"" + name + "\": gzip data decompresses to more than " +
                            formatBytes(maxOutput) + " (the memory available for it)");
        }
        out.insert(out.end(), buffer, buffer + produced);
        if (rc == Z_STREAM_END) {
            // Another gzip member may follow (what `cat a.gz b.gz` produces); gunzip reads them all.
            if (inPos < in.size() && in.size() - inPos >= 2 && in[inPos] == 0x1f && in[inPos + 1] == 0x8b) {
                inflateReset(&stream);
                continue;
            }
            break;
        }
        if (rc == Z_BUF_ERROR) {
            // With 64 KiB of output space free, "no progress possible" means the input ran out.
            inflateEnd(&stream);
            throw DataError("cannot read \"" + name + "\": truncated gzip data");
        }
        if (rc != Z_OK) {
            const std::string message = stream.msg ? stream.msg : "error " + std::to_string(rc);
            inflateEnd(&stream);
            throw DataError("cannot read \"" + name + "\": corrupt gzip data (" + message + ")");
        }
    }
    inflateEnd(&stream);
    return out;
}

std::vector<unsigned char> readFileMaybeGzip(const std::filesystem::path& file)
{
    std::vector<unsigned char> bytes = readWholeFile(file);
    return isGzipData(bytes) ? gunzipData(bytes, file.string(), availableMemoryBytes()) : bytes;
}

#else

bool gzipSupported()
{
    return false;
}

std::vector<unsigned char> gunzipData(const std::vector<unsigned char>&, const std::string& name, uint64_t)
{
    throw DataError("cannot read \"" + name + "\": gzip data, but lada was built without zlib (gunzip the file first)");
}

std::vector<unsigned char> readFileMaybeGzip(const std::filesystem::path& file)
{
    std::vector<unsigned char> bytes = readWholeFile(file);
    if (isGzipData(bytes)) {
        throw DataError("cannot read \"" + file.string() +
                        "\": gzip data, but lada was built without zlib (gunzip the file first)");
    }
    return bytes;
}

#endif

}  // namespace lada
