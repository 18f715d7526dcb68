// SPDX-License-Identifier: MIT
#include "core/data/image_header.h"

#include "core/data/binary_io.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace lada {

namespace {

// Larger sides are refused by OpenCV's decoders as well; treat them as "not a header we know".
constexpr int64_t kMaxSide = 1 << 20;

std::optional<ImageHeader> checked(int64_t width, int64_t height, int channels)
{
    if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide || channels < 1 || channels > 4) {
        return std::nullopt;
    }
    return ImageHeader{static_cast<int>(width), static_cast<int>(height), channels};
}

std::optional<ImageHeader> readPng(const unsigned char* d, std::size_t n)
{
    // Signature, then the IHDR chunk: length, "IHDR", width, height, bit depth, colour type.
    if (n < 26 || std::memcmp(d + 12, "IHDR", 4) != 0) {
        return std::nullopt;
    }
    int channels = 0;
    switch (d[25]) {
    case 0: channels = 1; break;
    case 2: channels = 3; break;
    case 3: channels = 3; break;  // palette: decoded to colour
    case 4: channels = 2; break;
    case 6: channels = 4; break;
    default: return std::nullopt;
    }
    return checked(readBigEndian32(d + 16), readBigEndian32(d + 20), channels);
}

std::optional<ImageHeader> readJpeg(const unsigned char* d, std::size_t n)
{
    // Walk the marker segments up to the frame header (SOF0..SOF15 without DHT, JPG and DAC).
    std::size_t pos = 2;
    while (pos + 4 <= n) {
        if (d[pos] != 0xFF) {
            return std::nullopt;
        }
        const unsigned char marker = d[pos + 1];
        if (marker == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // segments without a length
            pos += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) {  // end of image or start of scan before a frame
            return std::nullopt;
        }
        const std::size_t length = readBigEndian16(d + pos + 2);
        const bool isFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (isFrame) {
            if (pos + 10 > n || length < 8) {
                return std::nullopt;
            }
            const int components = d[pos + 9];
            // CMYK and YCCK (4 components) are decoded to colour like YCbCr.
            const int channels = components == 1 ? 1 : (components == 3 || components == 4 ? 3 : 0);
            return checked(readBigEndian16(d + pos + 7), readBigEndian16(d + pos + 5), channels);
        }
        if (length < 2) {
            return std::nullopt;
        }
        pos += 2 + length;
    }
    return std::nullopt;
}

std::optional<ImageHeader> readBmp(const unsigned char* d, std::size_t n)
{
    if (n < 26) {
        return std::nullopt;
    }
    const uint32_t dibSize = readLittleEndian32(d + 14);
    int64_t width = 0;
    int64_t height = 0;
    int bits = 0;
    uint32_t paletteSize = 0;
    if (dibSize == 12) {  // OS/2 BITMAPCOREHEADER
        width = readLittleEndian16(d + 18);
        height = readLittleEndian16(d + 20);
        bits = readLittleEndian16(d + 24);
    } else if (dibSize >= 40 && n >= 50) {
        width = static_cast<int32_t>(readLittleEndian32(d + 18));
        height =
            std::abs(static_cast<int64_t>(static_cast<int32_t>(readLittleEndian32(d + 22))));  // negative = top-down
        bits = readLittleEndian16(d + 28);
        paletteSize = readLittleEndian32(d + 46);
    } else {
        return std::nullopt;
    }
    if (bits > 8) {
        return checked(width, height, bits == 32 ? 4 : 3);
    }
    // A palette image decodes to gray when every palette entry is gray (as OpenCV's BMP decoder does).
    const std::size_t entrySize = dibSize == 12 ? 3 : 4;
    const std::size_t entries = paletteSize != 0 ? paletteSize : (std::size_t{1} << bits);
    const std::size_t start = 14 + dibSize;
    if (bits < 1 || entries > 256 || start + entries * entrySize > n) {
        return std::nullopt;
    }
    bool gray = true;
    for (std::size_t i = 0; i < entries && gray; ++i) {
        const unsigned char* e = d + start + i * entrySize;
        gray = e[0] == e[1] && e[1] == e[2];
    }
    return checked(width, height, gray ? 1 : 3);
}

std::optional<ImageHeader> readTiff(const unsigned char* d, std::size_t n)
{
    const bool little = d[0] == 'I';
    auto u16 = [&](std::size_t at) { return little ? readLittleEndian16(d + at) : readBigEndian16(d + at); };
    auto u32 = [&](std::size_t at) { return little ? readLittleEndian32(d + at) : readBigEndian32(d + at); };
    const std::size_t ifd = u32(4);
    if (ifd + 2 > n) {
        return std::nullopt;
    }
    const std::size_t count = u16(ifd);
    if (ifd + 2 + count * 12 > n) {
        return std::nullopt;
    }
    int64_t width = 0;
    int64_t height = 0;
    int64_t samples = 1;
    int64_t photometric = -1;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t e = ifd + 2 + i * 12;
        const uint16_t tag = u16(e);
        const uint16_t type = u16(e + 2);
        // SHORT values sit in the first two bytes of the value field, LONG values fill it.
        const int64_t value = type == 3 ? u16(e + 8) : u32(e + 8);
        switch (tag) {
        case 256: width = value; break;
        case 257: height = value; break;
        case 262: photometric = value; break;
        case 277: samples = value; break;
        default: break;
        }
    }
    // Photometric 2 RGB, 3 palette, 5 CMYK, 6 YCbCr decode to colour; 0 and 1 are gray.
    const bool colour = photometric == 2 || photometric == 3 || photometric == 5 || photometric == 6 || samples >= 3;
    const int channels = colour ? (samples == 4 && photometric == 2 ? 4 : 3) : (samples == 2 ? 2 : 1);
    return checked(width, height, channels);
}

std::optional<ImageHeader> readWebp(const unsigned char* d, std::size_t n)
{
    if (n < 30) {
        return std::nullopt;
    }
    if (std::memcmp(d + 12, "VP8X", 4) == 0) {
        const bool alpha = (d[20] & 0x10) != 0;
        const int64_t width = 1 + (d[24] | (d[25] << 8) | (d[26] << 16));
        const int64_t height = 1 + (d[27] | (d[28] << 8) | (d[29] << 16));
        return checked(width, height, alpha ? 4 : 3);
    }
    if (std::memcmp(d + 12, "VP8L", 4) == 0 && d[20] == 0x2F) {
        const uint32_t bits = readLittleEndian32(d + 21);
        const bool alpha = (bits >> 28) & 1;
        return checked(1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF), alpha ? 4 : 3);
    }
    if (std::memcmp(d + 12, "VP8 ", 4) == 0 && d[23] == 0x9D && d[24] == 0x01 && d[25] == 0x2A) {
        return checked(readLittleEndian16(d + 26) & 0x3FFF, readLittleEndian16(d + 28) & 0x3FFF, 3);
    }
    return std::nullopt;
}

}  // namespace

std::optional<ImageHeader> readImageHeader(const unsigned char* data, std::size_t size)
{
    if (size >= 8 && std::memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
        return readPng(data, size);
    }
    if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
        return readJpeg(data, size);
    }
    if (size >= 2 && data[0] == 'B' && data[1] == 'M') {
        return readBmp(data, size);
    }
    if (size >= 8 && (std::memcmp(data, "II*\0", 4) == 0 || std::memcmp(data, "MM\0*", 4) == 0)) {
        return readTiff(data, size);
    }
    if (size >= 12 && std::memcmp(data, "RIFF", 4) == 0 && std::memcmp(data + 8, "WEBP", 4) == 0) {
        return readWebp(data, size);
    }
    return std::nullopt;
}

}  // namespace lada
