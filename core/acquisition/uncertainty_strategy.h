// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/strategy.h"

namespace lada {

/**
 * The single-image baselines: "random", "entropy" (max entropy, bits), "varratio" (variation ratio),
 * "bald" (BALD with T MC-dropout passes on the penultimate embedding, bits), and the pipelined
 * "ent-manifold-mixup" (top-b by entropy, then the selected images are paired at random and mixed
 * at a random block k with a fixed tau for training: LADA.md "Variants").
 * Selection: the b highest scores among the candidates (random: the first b candidates).
 */
class UncertaintyStrategy : public Strategy {
public:
    explicit UncertaintyStrategy(StrategyOptions options);

    std::string name() const override { return toString(m_options.kind); }
    Proposal propose(AcquisitionContext& context) override;

    /** Scores float [M] of candidate rows under this strategy's acquisition function. */
    torch::Tensor score(AcquisitionContext& context, const torch::Tensor& candidateImages) const;

private:
    StrategyOptions m_options;
};

}  // namespace lada
