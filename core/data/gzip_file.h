// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>
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
 * The whole content of `file`, decompressed when it is gzip data (several gzip members are
 * concatenated, as gunzip does). Throws DataError naming the file for an unreadable file, corrupt or
 * truncated gzip data, or gzip data in a build without zlib.
 */
std::vector<unsigned char> readFileMaybeGzip(const std::filesystem::path& file);

}  // namespace lada
