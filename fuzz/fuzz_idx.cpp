// SPDX-License-Identifier: MIT
// MNIST idx files, raw or gzip: gunzip (bounded), the header checks, the labels' range.
#include "core/data/gzip_file.h"
#include "core/data/idx_format.h"
#include "core/error.h"
#include "fuzz_support.h"

#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    std::vector<unsigned char> bytes(data, data + size);
    try {
        const bool gzipped = lada::isGzipData(bytes);
        if (gzipped) {
            bytes = lada::gunzipData(bytes, "fuzz.gz", std::size_t{64} << 20);
        }
        if (bytes.size() >= 4 && bytes[3] == 1) {
            const lada::IdxLayout layout =
                lada::parseIdxLayout(bytes, lada::kIdxLabelsMagic, "fuzz", "label file", gzipped);
            lada::idxLabels(bytes, layout, layout.sizes[0], 10, "fuzz", "images");
        } else {
            const lada::IdxLayout layout =
                lada::parseIdxLayout(bytes, lada::kIdxImagesMagic, "fuzz", "image file", gzipped);
            // What readIdxDataset copies: the header's sizes times one byte must be what the file holds.
            const uint64_t pixels = uint64_t{layout.sizes[0]} * layout.sizes[1] * layout.sizes[2];
            if (layout.dataOffset + pixels != bytes.size()) {
                __builtin_trap();
            }
        }
    } catch (const lada::Error& e) {
        lada::fuzz::checkMessage(e);
    }
    return 0;
}
