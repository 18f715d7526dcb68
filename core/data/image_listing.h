// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lada {

/** One file a split is built from, before decoding. */
struct ImageEntry {
    std::filesystem::path file;  ///< where to read it
    std::string relativePath;    ///< as stored in Dataset::paths (generic '/' separators)
    int64_t label = -1;          ///< index into ImageListing::classNames; -1 = unknown
    std::string rejectReason;    ///< non-empty: skip without decoding ("unsupported file type")
};

/**
 * The files of an image split (an ImageFolder tree or a CSV manifest) in load order, with the class
 * list; what the image decoder reads and what a cache fingerprint covers.
 */
struct ImageListing {
    std::string root;                                  ///< folder the relative paths start from
    std::vector<ImageEntry> entries;                   ///< load order: sorted class, then sorted path
    std::vector<std::string> classNames;               ///< index = label
    std::vector<std::filesystem::path> definingFiles;  ///< other files that define the split (the CSV)
};

/** True for the extensions the image decoder reads: png jpg jpeg jpe bmp dib tif tiff webp pgm ppm pbm pnm. */
bool hasImageExtension(const std::filesystem::path& file);

}  // namespace lada
