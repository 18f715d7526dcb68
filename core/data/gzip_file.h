// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lada {

/**
 * True when this build reads gzip files (lada_core compiled with LADA_WITH_ZLIB and linked to zlib);
 * otherwise a `.gz` idx file is refused with a DataError that says so.
 */
bool gzipSupported();

/** True when `bytes` start with the gzip magic 1f 8b. */
bool isGzipData(const std::vector<unsigned char>& bytes);

/**
 * Decompresses gzip `data` (several members are concatenated, as gunzip does) into at most `maxOutput`
 * bytes; `name` names the file in errors. Memory grows with the output actually produced, never with the
 * size the trailer claims. Throws DataError naming the file for corrupt or truncated data, for output past
 * `maxOutput` ("decompresses to more than ..."), or when this build has no zlib.
 */
std::vector<unsigned char> gunzipData(const std::vector<unsigned char>& data, const std::string& name,
                                      uint64_t maxOutput);

/**
 * The whole content of `file`, decompressed when it is gzip data (several gzip members are
 * concatenated, as gunzip does). Throws DataError naming the file for an unreadable file, corrupt or
 * truncated gzip data, data that decompresses to more than the memory available now (a "gzip bomb"),
 * or gzip data in a build without zlib.
 */
std::vector<unsigned char> readFileMaybeGzip(const std::filesystem::path& file);

}  // namespace lada
