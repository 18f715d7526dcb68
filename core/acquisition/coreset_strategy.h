// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/strategy.h"

#include <torch/types.h>

#include <vector>

namespace lada {

/** The picks of k-center greedy and the covering radius at each pick. */
struct KCenterResult {
    std::vector<int64_t> picks;  ///< rows of `pool`, in pick order
    std::vector<double> radius;  ///< min distance of each pick to the centres before it (L2, not squared)
};

/**
 * k-center greedy (Sener & Savarese 2018; ALGORITHMS.md 3.5.3): starting from the `centres` (float [L, D],
 * L may be 0), picks `count` rows of `pool` (float [M, D], same device) one at a time, each the row
 * farthest from every centre and earlier pick; ties go to the lowest row. Distances are computed with
 * LibTorch on the tensors' device in blocks of `chunk` centres, so memory stays O(M * chunk). Throws
 * Error when count > M.
 */
KCenterResult kCenterGreedy(const torch::Tensor& pool, const torch::Tensor& centres, int64_t count,
                            int64_t chunk = 256);

/**
 * "coreset": k-center greedy over the penultimate embeddings, with the labeled set as the initial
 * centres and the candidates as the pool. Deterministic given the model (no random choice).
 * Query.score is the covering radius at the pick.
 */
class CoresetStrategy : public Strategy {
public:
    std::string name() const override { return "coreset"; }
    Proposal propose(AcquisitionContext& context) override;
};

}  // namespace lada
