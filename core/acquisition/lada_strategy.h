// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/info_mixup.h"
#include "core/acquisition/policy_generator.h"
#include "core/acquisition/strategy.h"

#include <map>

namespace lada {

/**
 * Look-Ahead Data Acquisition (Algorithm 1): "lada-entmix", "lada-varmix" (learned tau* by InfoMixup)
 * and their "-fixed" variants (tau fixed). Per round: random pairs of the candidates, a mixing layer k
 * drawn uniformly, h^k once per image (Eq. 8), pi_phi trained (Eq. 10-12), each pair scored by Eq. 13
 * s(x_i) + s(x'_i) + gamma/N sum_n s(h_mix^n), and the top floor(b/2) pairs queried (an odd budget adds
 * the best single image left). The selected pairs with their tau* form the round's virtual set (Eq. 14).
 */
class LadaStrategy : public Strategy {
public:
    explicit LadaStrategy(StrategyOptions options);

    std::string name() const override { return toString(m_options.kind); }
    bool proposesPairs() const override { return true; }
    /** One round of Algorithm 1: the four steps below in order, timed into the diagnostics. */
    Proposal propose(AcquisitionContext& context) override;

private:
    // Defined in lada_strategy.cpp: what the steps hand each other.
    struct MemoryPlan;      ///< every chunk size of a round, from byte budgets
    struct CandidatePairs;  ///< step (a): P pairs, their maps h^k and the candidates' scores
    struct LearnedTau;      ///< step (b): tau* per pair (and the curve objective's table)
    struct PairScores;      ///< step (c): Eq. 13 per pair

    /**
     * (a) Steps 1 and 3: pairs the candidates in their (random) order, pair p = (2p, 2p + 1), and runs
     * each once to block k under NoGradGuard: h^k (Eq. 8) float [P, C_k, H, W] per side, s(x) double [2P].
     */
    CandidatePairs extractPairs(AcquisitionContext& context, int k, const MemoryPlan& plan) const;
    /**
     * (b) Steps 4-5: tau* float [P]. Learned variants train layer k's pi_phi (Eq. 9-12, the "exact"
     * objective or the "curve" table; a new pi_phi each round unless warmStartPolicy); "-fixed" variants
     * use the fixed tau. Throws Cancelled.
     */
    LearnedTau learnTau(AcquisitionContext& context, int k, const CandidatePairs& pairs, const MemoryPlan& plan);
    /** (c) Step 6, Eq. 13 with N fresh lambda ~ Beta(tau*, tau*) per pair: double [P] on the CPU. */
    PairScores scorePairs(AcquisitionContext& context, int k, const CandidatePairs& pairs, const LearnedTau& learned,
                          const MemoryPlan& plan) const;
    /**
     * (d) Step 7: appends the top floor(b/2) pairs by Eq. 13 (ties in pair order) to the proposal's
     * queries and virtual pairs; an odd budget adds the best single image of the unchosen pairs.
     */
    static void selectTopPairs(const AcquisitionContext& context, const CandidatePairs& pairs,
                               const LearnedTau& learned, const PairScores& scores, Proposal& proposal);

    StrategyOptions m_options;
    AcquisitionScore m_score;
    bool m_learnedTau;
    std::map<int, PolicyGenerator> m_policies;  ///< per mixing layer, for warm starts
};

/** Predicted class distributions for one pair mixed at one lambda, for inspecting a virtual instance. */
struct VirtualInstanceView {
    std::vector<float> featureMix;    ///< softmax of head(lambda h^k(a) + (1 - lambda) h^k(b)), [classes]
    std::vector<float> inputMix;      ///< softmax of forward(lambda a + (1 - lambda) b), [classes]
    std::vector<uint8_t> mixedImage;  ///< the input-level mix as uint8 [C, H, W], row-major
};

/**
 * Mixes images a and b (uint8 [C, H, W]) at block k and at the input with the same lambda in [0, 1]
 * and returns both predicted distributions; runs under InferenceMode in the calling thread.
 */
VirtualInstanceView inspectVirtualInstance(ClassifierImpl& model, const torch::Tensor& imageA,
                                           const torch::Tensor& imageB, int k, double lambda, const ChannelStats& stats,
                                           const torch::Device& device);

}  // namespace lada
