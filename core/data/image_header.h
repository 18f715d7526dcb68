// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>

namespace lada {

/** An image's size and channel count as its file stores them, read without decoding pixels. */
struct ImageHeader {
    int width = 0;
    int height = 0;
    int channels = 0;  ///< 1 gray, 2 gray + alpha, 3 colour (palettes count as colour), 4 colour + alpha

    /** 1 for gray (with or without alpha), 3 for colour: what the split's channel count is chosen from. */
    int colourChannels() const { return channels <= 2 ? 1 : 3; }
};

/**
 * Reads the header at the start of a PNG, JPEG, BMP, TIFF or WebP file (`size` bytes of it are in
 * `data`; 64 KiB is enough for all but JPEGs with huge metadata). nullopt when the format is another
 * one, the header lies past `size`, or it is malformed: the decoder then decides.
 */
std::optional<ImageHeader> readImageHeader(const unsigned char* data, std::size_t size);

}  // namespace lada
