// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace lada {

/** A big-endian unsigned 32-bit integer from 4 bytes (idx headers, PNG and JPEG fields). */
inline uint32_t readBigEndian32(const unsigned char* p)
{
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

/** A big-endian unsigned 16-bit integer from 2 bytes. */
inline uint16_t readBigEndian16(const unsigned char* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

/** A little-endian unsigned 32-bit integer from 4 bytes (BMP, WebP and cache headers). */
inline uint32_t readLittleEndian32(const unsigned char* p)
{
    return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

/** A little-endian unsigned 16-bit integer from 2 bytes. */
inline uint16_t readLittleEndian16(const unsigned char* p)
{
    return static_cast<uint16_t>(p[0] | (p[1] << 8));
}

/** A little-endian unsigned 64-bit integer from 8 bytes. */
inline uint64_t readLittleEndian64(const unsigned char* p)
{
    return uint64_t{readLittleEndian32(p)} | (uint64_t{readLittleEndian32(p + 4)} << 32);
}

/** Writes `value` as 8 little-endian bytes. */
inline void writeLittleEndian64(unsigned char* p, uint64_t value)
{
    for (int i = 0; i < 8; ++i) {
        p[i] = static_cast<unsigned char>(value >> (8 * i));
    }
}

/**
 * Reads at most `maxBytes` of `file` into `out`. Returns false with `reason` in words ("file not
 * found", "cannot open file: Permission denied") instead of throwing, so a decoder can skip the file.
 */
bool readFileBytes(const std::filesystem::path& file, std::vector<unsigned char>& out, std::string& reason,
                   std::size_t maxBytes = std::numeric_limits<std::size_t>::max());

/** Reads the whole of `file`; throws DataError naming the file when it cannot be read. */
std::vector<unsigned char> readWholeFile(const std::filesystem::path& file);

}  // namespace lada
