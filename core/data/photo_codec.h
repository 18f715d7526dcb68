// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/image_codec.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace lada {

/** How a photo is fitted into a backbone's square input. */
struct PhotoFit {
    int side = 224;          ///< the input's side in pixels
    bool letterbox = false;  ///< false: resize the shorter side to `side` and crop the centre; true: fit the
                             ///< longer side and pad the rest with `padding`
    std::array<uint8_t, 3> padding{124, 116,
                                   104};  ///< RGB of the letterbox bars (ImageNet's mean: 0 after normalising)
};

/**
 * Decodes one photo for a backbone into RGB planes uint8 [3, side, side] at `out`: EXIF orientation
 * applied (JPEG), 16-bit scaled to 8 bits, gray repeated into RGB, CMYK converted, alpha composited
 * over white; then fitted as `fit` says (INTER_AREA when shrinking, INTER_LINEAR when growing).
 * Safe from several threads at once; never throws for bad data: ok = false with a reason.
 */
DecodeResult decodePhotoInto(const std::vector<unsigned char>& bytes, const PhotoFit& fit, unsigned char* out);

/** A photo decoded for the screen: RGB planes uint8 [3, height, width]. */
struct DisplayImage {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels;
    std::string reason;  ///< why it could not be decoded (pixels empty)
};

/**
 * Decodes `bytes` for display with EXIF orientation, shrunk (INTER_AREA) so that its long side is at
 * most `maxLongSide` (never enlarged), aspect ratio kept. Never throws for bad data.
 */
DisplayImage decodeForDisplay(const std::vector<unsigned char>& bytes, int maxLongSide);

}  // namespace lada
