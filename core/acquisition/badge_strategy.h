// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/strategy.h"

#include <torch/types.h>

#include <random>
#include <vector>

namespace lada {

/**
 * The last-layer gradient embedding of BADGE written out, g = (p - e_yhat) ⊗ h (ALGORITHMS.md 3.5.4):
 * probabilities float [N, K], embeddings float [N, D] -> float [N, K * D], block c = (p_c - [c = yhat]) h.
 * The paper's sign (the reference code stores -g; distances do not care). For tests and small sets:
 * the strategy itself never builds it (BadgeStrategy uses the Gram form).
 */
torch::Tensor badgeGradientEmbedding(const torch::Tensor& probabilities, const torch::Tensor& embeddings);

/**
 * Squared distances ||g_i - g_c||^2 float [N] (double precision) of every gradient embedding to row
 * `centre`, from the Gram form ||g_i||^2 + ||g_c||^2 - 2 (a_i . a_c)(h_i . h_c) with a = p - e_yhat
 * (float [N, K]) and h (float [N, D]): O(N (K + D)), no [N, K * D] tensor. Clamped at 0 (rounding).
 */
torch::Tensor badgeDistancesTo(const torch::Tensor& a, const torch::Tensor& h, int64_t centre);

/** a = p - e_yhat, float [N, K], of probabilities float [N, K] (yhat = argmax p, lowest class on a tie). */
torch::Tensor badgeGradientFactor(const torch::Tensor& probabilities);

/**
 * The k-means++ seeding of BADGE on gradient embeddings given in factored form, a = p - e_yhat (float
 * [N, K]) and h (float [N, D]), so that <g_i, g_j> = (a_i . a_j)(h_i . h_j) and no [N, K * D] tensor
 * is formed: each step costs O(N (K + D)). The first centre is the row of largest ||g|| (lowest row on a
 * tie, as the reference code); each next one is drawn with probability proportional to D(x)^2, the
 * squared distance to the nearest chosen centre, from `rng`. When every remaining D^2 is 0 (identical
 * embeddings) the lowest unchosen row is taken, so `count` distinct rows always come back. Throws
 * Error when count > N.
 */
std::vector<int64_t> badgeSeeding(const torch::Tensor& a, const torch::Tensor& h, int64_t count, std::mt19937_64& rng);

/** "badge": k-means++ seeding over gradient embeddings of the candidates; Query.score is ||g||. */
class BadgeStrategy : public Strategy {
public:
    std::string name() const override { return "badge"; }
    Proposal propose(AcquisitionContext& context) override;
};

}  // namespace lada
