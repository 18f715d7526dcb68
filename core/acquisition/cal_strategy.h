// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/strategy.h"

#include <torch/types.h>

namespace lada {

/**
 * CAL's inconsistency score E(x) = sum_c Var[p_c(x), p_c(x~_1), ..., p_c(x~_N)] (Gao et al., ECCV 2020,
 * as ALGORITHMS.md 3.5.5 recalls it): probabilities float [V, M, K] of V views (the original first)
 * -> float [M]. Population variance (divide by V): the worked case of ALGORITHMS.md 6.6 gives 0.053333;
 * the sample variance would only rescale every score by V / (V - 1), which leaves the ranking as is.
 */
torch::Tensor calInconsistency(const torch::Tensor& viewProbabilities);

/**
 * "cal": CAL as LADA adapted it (LADA-N 4.1; ALGORITHMS.md 3.5.5): each candidate is scored by
 * calInconsistency over the original and kCalViews label-preserving augmentations, the top b are
 * queried (ties: candidate order), and "Mixup is applied after the acquisition": the queried images are
 * paired at random and mixed at a block k drawn from [mixLayerMin, mixLayerMax] with the fixed tau, as
 * the pipelined ent-manifold-mixup does (CAL's semi-supervised consistency training is dropped, as LADA
 * did). Deterministic given the model and the run's rng, which draws the crops and the pairing.
 */
class CalStrategy : public Strategy {
public:
    /** N, augmented views per image [I]: the sources do not give one; 5 keeps scoring at 6 passes. */
    static constexpr int kCalViews = 5;

    explicit CalStrategy(StrategyOptions options);
    std::string name() const override { return "cal"; }
    Proposal propose(AcquisitionContext& context) override;

private:
    StrategyOptions m_options;
};

}  // namespace lada
