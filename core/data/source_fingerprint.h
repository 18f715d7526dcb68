// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lada {

/**
 * A cheap identity of a source's content: how many files, their total size in bytes and the newest
 * modification time. Any added, removed, grown or re-saved file changes it; a dataset cache records it
 * to notice a source that changed since the cache was written.
 */
struct SourceFingerprint {
    int64_t files = 0;
    int64_t bytes = 0;
    int64_t newestModification = 0;  ///< nanoseconds since the Unix epoch

    /** "files=N bytes=B newest=T": compact, stable text for a cache key. */
    std::string toString() const;
};

/** Fingerprints `files` with one stat each; a missing file counts as a file of -1 bytes. */
SourceFingerprint fingerprintFiles(const std::vector<std::filesystem::path>& files);

}  // namespace lada
