// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lada {

/** One file a loader skipped, with the reason in words ("truncated PNG data", "not an image"). */
struct SkippedFile {
    std::string path;
    std::string reason;
};

/** What a loader read and what it skipped; printed by lada-cli and shown by the workbench. */
struct LoadReport {
    std::string source;                 ///< the folder, manifest or file that was read
    int64_t loaded = 0;                 ///< images in the split
    int64_t resized = 0;                ///< images resized to the split's size
    int64_t channelsConverted = 0;      ///< images converted to the split's channel count
    std::vector<SkippedFile> skipped;   ///< unreadable files, in path order
    std::vector<std::string> warnings;  ///< problems that did not stop the load ("cache not written: ...")
    double seconds = 0.0;               ///< wall time of the load
    bool fromCache = false;             ///< read from a dataset cache file
    /** Backbone embeddings only: "D = 64 by \"m.pt\" (TorchScript), 400 computed, 0 from the embedding cache". */
    std::string embedding;

    /** A multi-line human summary: counts, then up to `maxListed` skipped files with reasons, then warnings. */
    std::string summary(std::size_t maxListed = 20) const;
};

}  // namespace lada
