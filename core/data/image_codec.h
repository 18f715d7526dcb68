// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/image_header.h"

#include <optional>
#include <string>
#include <vector>

namespace lada {

/** What happened to one image decoded into its slice of a split. */
struct DecodeResult {
    bool ok = false;
    bool resized = false;            ///< its size differed from the split's
    bool channelsConverted = false;  ///< its channel count differed from the split's (alpha dropped counts)
    std::string reason;              ///< why it was not decoded, when !ok
};

/**
 * True when this build decodes image files (lada_core built with OpenCV, opencv_image_codec.cpp);
 * otherwise the functions below throw DataError saying so.
 */
bool imageCodecAvailable();

/**
 * Decodes one encoded image file (`bytes`: its whole content, any format OpenCV reads) to 8 bits,
 * converts it to `channels` (1: gray; 3: RGB; alpha is dropped), resizes it to `height` x `width`
 * (INTER_AREA when shrinking, INTER_LINEAR when growing) and writes it channel-major [C, H, W] to
 * `out`, which holds channels * height * width bytes. Safe to call from several threads at once.
 * Never throws for bad data: a corrupt, truncated or unsupported image gives ok = false and a reason.
 */
DecodeResult decodeImageInto(const std::vector<unsigned char>& bytes, int channels, int height, int width,
                             unsigned char* out);

/**
 * Decodes `bytes` only to learn its size and channels, for formats readImageHeader does not know
 * (PNM, or headers it could not place). nullopt with `reason` set when it does not decode.
 */
std::optional<ImageHeader> probeImageByDecoding(const std::vector<unsigned char>& bytes, std::string& reason);

}  // namespace lada
