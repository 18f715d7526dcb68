// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lada {

/** The magic of an idx file of unsigned bytes with 3 dimensions (MNIST images: N, rows, columns). */
inline constexpr uint32_t kIdxImagesMagic = 0x00000803;
/** The magic of an idx file of unsigned bytes with 1 dimension (MNIST labels: N). */
inline constexpr uint32_t kIdxLabelsMagic = 0x00000801;

/** The validated layout of an idx file held in memory: its sizes and where its data starts. */
struct IdxLayout {
    std::vector<uint32_t> sizes;  ///< one per dimension, as the header gives them
    std::size_t dataOffset = 0;   ///< 4 + 4 * dimensions: the data follows the header
};

/**
 * Checks idx `bytes` (already gunzipped) against `magic` (kIdxImagesMagic: 3 dimensions,
 * kIdxLabelsMagic: 1): the magic, a whole header, and a data size that equals the product of the header's
 * sizes (so what a reader then copies is what the file really holds). `fileName` names the file and
 * `what` the kind ("image file") in messages; `gzipped` adds "(after gunzip)" to byte counts. Pure: no
 * allocation beyond the sizes vector, any thread. Throws lada::DataError for a bad magic number, a
 * truncated header or data (bytes expected and found), trailing data, or sizes whose product passes 1 TiB.
 */
IdxLayout parseIdxLayout(const std::vector<unsigned char>& bytes, uint32_t magic, const std::string& fileName,
                         const char* what, bool gzipped);

/**
 * The labels of an idx1 labels file `bytes` checked by parseIdxLayout, for `imageCount` images:
 * throws lada::DataError naming `fileName` when the counts differ, or (with `classCount` > 0) naming the
 * first label outside [0, classCount) and its record.
 */
std::vector<int64_t> idxLabels(const std::vector<unsigned char>& bytes, const IdxLayout& layout, int64_t imageCount,
                               int64_t classCount, const std::string& fileName, const std::string& imagesName);

}  // namespace lada
