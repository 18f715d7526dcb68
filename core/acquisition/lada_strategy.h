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

    std::string name() const override { return m_options.name; }
    bool proposesPairs() const override { return true; }
    Proposal propose(AcquisitionContext& context) override;

private:
    StrategyOptions m_options;
    AcquisitionScore m_score;
    bool m_learnedTau;
    std::map<int, PolicyGenerator> m_policies;  ///< per mixing layer, for warm starts
};

/** Predicted class distributions for one pair mixed at one lambda, for inspecting a virtual instance. */
struct VirtualInstanceView {
    std::vector<float> featureMix;  ///< softmax of head(lambda h^k(a) + (1 - lambda) h^k(b)), [classes]
    std::vector<float> inputMix;    ///< softmax of forward(lambda a + (1 - lambda) b), [classes]
    std::vector<uint8_t> mixedImage;  ///< the input-level mix as uint8 [C, H, W], row-major
};

/**
 * Mixes images a and b (uint8 [C, H, W]) at block k and at the input with the same lambda in [0, 1]
 * and returns both predicted distributions; runs under InferenceMode in the calling thread.
 */
VirtualInstanceView inspectVirtualInstance(ClassifierImpl& model, const torch::Tensor& imageA,
                                           const torch::Tensor& imageB, int k, double lambda,
                                           const ChannelStats& stats, const torch::Device& device);

} // namespace lada
