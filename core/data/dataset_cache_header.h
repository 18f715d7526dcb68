// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/load_report.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lada {

/** The magic bytes a dataset cache starts with. */
inline constexpr char kDatasetCacheMagic[8] = {'L', 'A', 'D', 'A', 'C', 'A', 'C', 'H'};
/** The format version written and read. */
inline constexpr uint32_t kDatasetCacheVersion = 1;
/** Bytes before the JSON header: magic, uint32 version, uint32 0, uint64 header length (little-endian). */
inline constexpr std::size_t kDatasetCachePrefixBytes = 24;

/** A dataset cache's JSON header, checked against the file's real length (see dataset_cache.h). */
struct DatasetCacheHeader {
    uint64_t headerBytes = 0;  ///< length of the JSON text after the prefix
    int64_t n = 0, c = 0, h = 0, w = 0;
    std::vector<std::string> classNames;
    std::vector<std::string> paths;  ///< one per image
    std::string root;
    LoadReport report;
    uint64_t pixelChecksum = 0;
    uint64_t labelChecksum = 0;

    uint64_t pixelBytes() const { return static_cast<uint64_t>(n) * static_cast<uint64_t>(c * h * w); }
    uint64_t labelBytes() const { return static_cast<uint64_t>(n) * 8; }
    uint64_t pixelOffset() const { return kDatasetCachePrefixBytes + headerBytes; }
};

/**
 * The JSON header's length from the 24 `prefix` bytes of a cache file of `fileSize` bytes. Throws
 * lada::DataError naming `file` for bad magic bytes, another version, or a length past the file's end.
 */
uint64_t datasetCacheHeaderLength(const unsigned char* prefix, uint64_t fileSize, const std::string& file);

/**
 * Parses the JSON header `text` (`headerBytes` long) of a cache file of `fileSize` bytes. With `wantedKey`,
 * refuses a cache written for another source key. Checks the shape (C in 1..4, H and W up to 2^20), one
 * path per image and that prefix + header + pixels + labels is exactly `fileSize`, so nothing is
 * allocated for sizes the file does not hold. Pure, any thread. Throws lada::DataError naming `file`.
 */
DatasetCacheHeader parseDatasetCacheHeader(const std::string& text, uint64_t fileSize, const std::string* wantedKey,
                                           const std::string& file);

/** The JSON header text for a cache of `header`'s fields, written for `sourceKey`. */
std::string datasetCacheHeaderJson(const DatasetCacheHeader& header, const std::string& sourceKey);

/** Throws DataError: cannot read dataset cache "<file>": <why>. */
[[noreturn]] void failDatasetCache(const std::string& file, const std::string& why);

/** `value` as 16 lower-case hex digits (how the cache writes its fingerprints). */
std::string hex64(uint64_t value);

}  // namespace lada
