// SPDX-License-Identifier: MIT
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lada {

/**
 * A read-only view of `sizes` elements of `dtype` at byte `offset` of `file`, memory-mapped (Linux
 * mmap, private copy-on-write, so an in-place operation copies its page instead of faulting or writing
 * the file). Pages are read when touched: a pool of a million embeddings opens without reading it whole.
 * The mapping lives as long as any tensor viewing it. The caller has checked that the file holds the
 * region (from its size, not from a header's claim). Throws std::runtime_error with the system's reason.
 */
torch::Tensor mapFileRegion(const std::string& file, uint64_t offset, const std::vector<int64_t>& sizes,
                            torch::ScalarType dtype);

}  // namespace lada
