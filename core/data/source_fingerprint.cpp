// SPDX-License-Identifier: MIT
#include "core/data/source_fingerprint.h"

#include <algorithm>
#include <chrono>
#include <system_error>

namespace fs = std::filesystem;

namespace lada {

std::string SourceFingerprint::toString() const
{
    return "files=" + std::to_string(files) + " bytes=" + std::to_string(bytes) +
           " newest=" + std::to_string(newestModification);
}

SourceFingerprint fingerprintFiles(const std::vector<fs::path>& files)
{
    SourceFingerprint fingerprint;
    for (const fs::path& file : files) {
        std::error_code ec;
        const auto size = fs::file_size(file, ec);
        // A missing file still changes the sum, so that restoring it changes the fingerprint back.
        fingerprint.bytes += ec ? -1 : static_cast<int64_t>(size);
        const auto time = fs::last_write_time(file, ec);
        if (!ec) {
            const auto sinceUnixEpoch = std::chrono::file_clock::to_sys(time).time_since_epoch();
            fingerprint.newestModification =
                std::max<int64_t>(fingerprint.newestModification,
                                  std::chrono::duration_cast<std::chrono::nanoseconds>(sinceUnixEpoch).count());
        }
        ++fingerprint.files;
    }
    return fingerprint;
}

}  // namespace lada
