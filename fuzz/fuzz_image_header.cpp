// SPDX-License-Identifier: MIT
// Image-header sniffing (PNG, JPEG, BMP, TIFF, WebP) on the first bytes of a file.
#include "core/data/image_header.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    const auto header = lada::readImageHeader(data, size);
    if (header && (header->width <= 0 || header->height <= 0 || header->channels < 1 || header->channels > 4)) {
        __builtin_trap();  // a header is either refused or plausible
    }
    return 0;
}
