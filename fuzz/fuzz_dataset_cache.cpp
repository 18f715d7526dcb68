// SPDX-License-Identifier: MIT
// Dataset caches (.ladacache): the prefix, the JSON header and its sizes against the file's real length.
#include "core/data/dataset_cache_header.h"
#include "core/error.h"
#include "fuzz_support.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size < lada::kDatasetCachePrefixBytes) {
        return 0;
    }
    try {
        const uint64_t headerBytes = lada::datasetCacheHeaderLength(data, size, "fuzz.ladacache");
        const std::string text(reinterpret_cast<const char*>(data) + lada::kDatasetCachePrefixBytes, headerBytes);
        const lada::DatasetCacheHeader header = lada::parseDatasetCacheHeader(text, size, nullptr, "fuzz.ladacache");
        // The reader then allocates pixelBytes + labelBytes: the header must only accept what the file holds.
        if (header.pixelOffset() + header.pixelBytes() + header.labelBytes() != size) {
            __builtin_trap();
        }
    } catch (const lada::Error& e) {
        lada::fuzz::checkMessage(e);
    }
    return 0;
}
