// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/proposal.h"
#include "core/config/experiment_config.h"
#include "core/data/channel_stats.h"
#include "core/nn/classifier.h"
#include "core/util/progress.h"

#include <torch/types.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

namespace lada {

/** Everything a strategy may read to propose one round. */
struct AcquisitionContext {
    ClassifierImpl& model;
    const torch::Tensor& images;  ///< uint8 [N, C, H, W]: the whole training split
    const ChannelStats& stats;
    torch::Device device;
    std::vector<int64_t> candidates;  ///< pool rows to consider, already in random order
    int64_t budget = 10;              ///< b: images the oracle labels this round
    std::mt19937_64& rng;             ///< the run's seeded generator
    Progress progress;
    /** Labeled rows (Coreset's initial centres, ALFA-Mix's anchors); empty when a strategy needs none. */
    std::vector<int64_t> labeled;
    std::vector<int64_t> labels;  ///< the class of each row of `labeled`, in [0, classes)
};

/** An acquisition function plus its selection rule: proposes the queries of one round. */
class Strategy {
public:
    virtual ~Strategy() = default;
    virtual std::string name() const = 0;
    /** True when its queries are pairs (LADA); the workbench then shows pair cards. */
    virtual bool proposesPairs() const { return false; }
    /** Scores the candidates and selects `budget` distinct images; throws Cancelled. */
    virtual Proposal propose(AcquisitionContext& context) = 0;
};

/**
 * Mixup after the acquisition (the pipelined baselines ent-manifold-mixup and CAL as LADA adapted it):
 * draws the mixing layer k in [mixLayerMin, mixLayerMax] from `rng`, shuffles `proposal`'s queried
 * images and pairs them in turn with the fixed tau of k, into proposal.virtualPairs (floor(b/2) pairs).
 */
void pairQueriesForMixup(Proposal& proposal, const StrategyOptions& options, std::mt19937_64& rng);

/** Builds the strategy of `options.kind`. */
std::unique_ptr<Strategy> makeStrategy(const StrategyOptions& options);

}  // namespace lada
