// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"

#include <optional>
#include <string>

namespace lada {

/** The file name extension loadDataset recognises a dataset cache by (besides its magic bytes). */
inline constexpr const char* kDatasetCacheExtension = ".ladacache";

/**
 * Writes `dataset` to `file` as one binary dataset cache, readable without OpenCV:
 * the magic "LADACACH", a little-endian uint32 version and uint32 0, a uint64 header length, a JSON
 * header (source key, shape, class names, paths, root, load report, checksums), then the raw uint8
 * pixels [N, C, H, W] and the int64 little-endian labels [N]. The file is written under a temporary
 * name and renamed, so a reader never sees half a cache; missing parent folders are created.
 * `sourceKey` is what loadDatasetCache must be given to accept the file (loadDataset puts the
 * source's path, a fingerprint of its files and the load options in it). Throws DataError naming the
 * file when it cannot be written, or when `dataset` is not uint8 [N, C, H, W] with N labels and paths.
 */
void saveDatasetCache(const Dataset& dataset, const std::string& file, const std::string& sourceKey);

/**
 * Reads a cache written for `sourceKey`, in one read of the pixel block; a pixel block of 64 MiB or more
 * is memory-mapped instead (opened without being read; its checksum is then not verified). nullopt (never an exception)
 * when the file is missing, was written for another key, or is truncated or corrupt: the caller then
 * decodes the source again. The dataset's report has `fromCache` set.
 */
std::optional<Dataset> loadDatasetCache(const std::string& file, const std::string& sourceKey);

/** As above, and says in `whyNot` why the file was not used ("written for another source or options"). */
std::optional<Dataset> loadDatasetCache(const std::string& file, const std::string& sourceKey, std::string& whyNot);

/**
 * Reads a cache whatever source it was written for (a cache given to loadDataset as the source).
 * Throws DataError naming the file and the problem: missing, not a cache, truncated (bytes expected
 * and found), corrupt header or data.
 */
Dataset readDatasetCache(const std::string& file);

/** True when `file` starts with the dataset cache magic. */
bool isDatasetCacheFile(const std::string& file);

}  // namespace lada
