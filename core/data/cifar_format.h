// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lada {

/** Pixel bytes of one CIFAR record: 3 planes (R, G, B) of 32 x 32. */
inline constexpr std::size_t kCifarPixels = 3 * 32 * 32;

/** Record layout of one CIFAR flavour. */
struct CifarFormat {
    int labelBytes = 1;  ///< 1 for CIFAR-10, 2 (coarse, fine) for CIFAR-100
    int classes = 10;
    const char* name = "CIFAR-10";
    std::size_t recordBytes() const { return static_cast<std::size_t>(labelBytes) + kCifarPixels; }
};

/**
 * The flavour of a CIFAR binary file from its name (`data_batch*`, `test_batch`: CIFAR-10; `train`,
 * `test`: CIFAR-100), else from which record size divides `size` (its length in bytes). Throws
 * lada::DataError naming `file` for an empty file or a size that is not a whole number of records
 * (bytes expected and found).
 */
CifarFormat cifarFormatOf(const std::string& file, std::size_t size);

/**
 * The label of every record of `bytes` (a whole number of `format` records; CIFAR-100's fine label).
 * Throws lada::DataError naming `file` and the record for a label outside [0, classCount).
 */
std::vector<int64_t> cifarLabels(const std::vector<unsigned char>& bytes, const CifarFormat& format, int64_t classCount,
                                 const std::string& file);

}  // namespace lada
