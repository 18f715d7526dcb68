// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/proposal.h"
#include "core/data/channel_stats.h"
#include "core/nn/classifier.h"
#include "core/util/progress.h"

#include <torch/types.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

namespace lada {

/** Settings of every acquisition strategy; each one reads those it needs. */
struct StrategyOptions {
    std::string name = "entropy";  ///< see strategyNames()
    // Uncertainty baselines
    int mcPasses = 10;             ///< T, BALD's Monte Carlo dropout passes
    double mcDropout = 0.5;        ///< dropout probability of BALD's passes on the penultimate embedding
    // LADA (LADA.md, Algorithm 1)
    double gamma = 1.0;            ///< weight of the virtual-instance term, Eq. 13
    int lambdaSamples = 10;        ///< N lambda samples per pair, Eq. 11
    int policyEpochs = 10;         ///< epochs of pi_phi training per round
    int policyBatch = 100;         ///< pairs per policy batch
    double policyLearningRate = 5e-5;
    double tauMax = 1.0;           ///< tau = tauMax * sigmoid(.): the largest tau pi_phi outputs
    double fixedTau = -1.0;        ///< LADA^fixed / pipelined tau; <0 = 2.0 (manifold) or 0.2 (input, k=0)
    int mixLayerMin = 1;           ///< k drawn uniformly from [mixLayerMin, mixLayerMax] each round
    int mixLayerMax = 2;
    bool warmStartPolicy = false;  ///< keep phi from the previous round
    std::string policyObjective = "exact";  ///< "exact" (Eq. 11-12) or "curve" (tabulated look-ahead)
    int curvePoints = 9;           ///< lambda nodes of the "curve" objective
    int64_t passBatch = 512;       ///< samples per forward/backward chunk (bounds peak memory)
};

/** Everything a strategy may read to propose one round. */
struct AcquisitionContext {
    ClassifierImpl& model;
    const torch::Tensor& images;          ///< uint8 [N, C, H, W]: the whole training split
    const ChannelStats& stats;
    torch::Device device;
    std::vector<int64_t> candidates;      ///< pool rows to consider, already in random order
    int64_t budget = 10;                  ///< b: images the oracle labels this round
    std::mt19937_64& rng;                 ///< the run's seeded generator
    Progress progress;
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

/** Names accepted by makeStrategy, in display order. */
const std::vector<std::string>& strategyNames();

/** Builds a strategy; throws ConfigError naming the unknown strategy and the valid names. */
std::unique_ptr<Strategy> makeStrategy(const StrategyOptions& options);

} // namespace lada
