// SPDX-License-Identifier: MIT
#pragma once

#include "core/util/progress.h"

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace lada {

/**
 * The symmetric joint probabilities p_ij of t-SNE kept only between near neighbours, as a compressed
 * sparse row matrix [N, N]: row i's entries are col[rowStart[i] .. rowStart[i + 1]), sorted by column.
 */
struct SparseAffinities {
    std::vector<int64_t> rowStart;  ///< N + 1 offsets
    std::vector<int32_t> col;
    std::vector<double> value;  ///< p_ij, summing to 1 over the whole matrix

    int64_t size() const { return static_cast<int64_t>(rowStart.size()) - 1; }
};

/**
 * Sparse input affinities of `points` (float [N, D], CPU or CUDA; N >= 2): each point's
 * k = min(N - 1, floor(3 perplexity) + 1) nearest neighbours through FAISS (core/geometry), a bisection of
 * sigma_i per point so that p_{j|i} over those neighbours has perplexity `perplexity`, then
 * p_ij = (p_{j|i} + p_{i|j}) / 2N kept sparse (van der Maaten 2014, Eq. 7 and 8). Memory O(N k).
 * Runs on the calling thread plus torch's intra-op threads; checks `progress`'s cancel between blocks of
 * rows and throws Cancelled; throws ConfigError in a build without FAISS.
 */
SparseAffinities sparseAffinities(const torch::Tensor& points, double perplexity, const Progress& progress);

}  // namespace lada
