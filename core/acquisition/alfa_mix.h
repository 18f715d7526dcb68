// SPDX-License-Identifier: MIT
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace lada {

/**
 * The pieces of ALFA-Mix (Parvaneh et al., CVPR 2022; ALGORITHMS.md 1), as free functions on tensors so
 * that the worked cases of ALGORITHMS.md 6.1 can be checked with a hand-made head. All run on the
 * tensors' device, on the calling thread.
 */

/** The classifier's final layer: embeddings float [N, D] -> logits float [N, K]. */
using FeatureHead = std::function<torch::Tensor(const torch::Tensor&)>;

/**
 * Anchors float [classes, D]: z*_k, the mean labeled embedding of class k (embeddings float [L, D],
 * labels in [0, classes)); a class without a labeled image gets the mean of all of them (as [C-ALFA]).
 * Throws Error when L == 0 or a label is out of range.
 */
torch::Tensor alfaMixAnchors(const torch::Tensor& embeddings, const std::vector<int64_t>& labels, int64_t classes);

/**
 * The caps of the authors' epsilon grid: step, 2 step, ... accumulated in double while below 1.0, as
 * their loop does (step 0.2: {0.2, 0.4, 0.6000000000000001, 0.8, 1.0}; step 1/32: 32 caps ending at 1.0). Throws
 * Error for step <= 0.
 */
std::vector<double> alfaMixCaps(double step = 0.2);

/**
 * The mixed features z~ = z^u + alpha* ⊙ (z* - z^u) of Eq. 1 with alpha* from Eq. 5, for every anchor:
 * float [K, N, D]. Written as z~ = z^u + eps ||z* - z^u|| grad/||grad|| (ALGORITHMS.md 1.3), which is
 * the same value without Eq. 5's element-wise division by z*_j - z^u_j (infinite where they are equal).
 * z float [N, D], unitGradient float [N, D] (rows of norm 1, or 0), anchors float [K, D].
 */
torch::Tensor alfaMixMixed(const torch::Tensor& z, const torch::Tensor& unitGradient, const torch::Tensor& anchors,
                           double epsilon);

/** ||alpha*||_2 of Eq. 5 per row, float [N], for one anchor float [D]; |d_j| < 1e-8 counts as sign(d_j) 1e-8. */
torch::Tensor alfaMixAlphaNorm(const torch::Tensor& z, const torch::Tensor& unitGradient, const torch::Tensor& anchor,
                               double epsilon);

/** The outcome of the epsilon grid search of one round (Eq. 6). */
struct AlfaMixSearch {
    std::vector<char> candidate;                ///< [N]: in I
    std::vector<double> epsilon;                ///< the cap at which the row first flipped (NaN: never)
    std::vector<std::vector<int>> flipClasses;  ///< anchors that flip the row at that cap
    std::vector<int> predictionBefore;          ///< yhat per row
    std::vector<int> predictionAfter;           ///< argmax f_c(z~) under the first of flipClasses (-1: never)
    std::vector<double> alphaNorm;              ///< ||alpha*|| under that anchor (NaN: never)
    int64_t count = 0;                          ///< |I|
    double lastCap = 0.0;                       ///< the cap at which the search stopped
};

/**
 * The candidate set I of Eq. 6 over the authors' closed-form grid (ALGORITHMS.md 1.5 (a)): for each cap of
 * alfaMixCaps(step), eps = cap / sqrt(D), each row of z (float [N, D]) whose prediction under `head`
 * changes for some anchor joins I; the search stops after the first cap at which |I| > budget (strict,
 * as the authors' code), else after cap 1.0. The gradient of Eq. 2-5 is the autograd gradient of
 * CE(head(z), yhat) with respect to z (Wᵀ(p - e_yhat) for a linear head); a row with ||grad|| < 1e-12
 * (saturated softmax) never flips (ALGORITHMS.md 1.8.2); without anchors (K = 0) I is empty. No parameter's
 * .grad is touched.
 */
AlfaMixSearch alfaMixSearch(const torch::Tensor& z, const torch::Tensor& anchors, const FeatureHead& head,
                            int64_t budget, double step = 0.2);

/**
 * The diversity step: k-means (FAISS via core/geometry, `iterations` Lloyd rounds, seeded) of `points`
 * (float [N, D], any device) into k clusters, and of each non-empty cluster the member nearest its
 * centroid (lowest row on a tie), in cluster order. Returns at most k distinct rows; k > N is clamped
 * to N. Throws ConfigError without FAISS.
 */
std::vector<int64_t> nearestToCentres(const torch::Tensor& points, int64_t k, uint64_t seed, int iterations = 25);

/**
 * The rule for fewer picks than the budget (|I| < b, or an empty cluster): `picks` (distinct positions
 * in [0, candidate.size())) are kept in order, then filled up to min(budget, N) first with the unpicked
 * candidates (candidate[i] != 0; they did flip), then with the non-candidates, each in position order.
 * The learner shuffles the candidates with the run's seed, so position order is a seeded uniform draw
 * without replacement (ALGORITHMS.md 1.6's recommendation; [C-ALFA] draws with replacement and crashes
 * on |I| = 0). Never a duplicate; an empty I gives the first b positions.
 */
std::vector<int64_t> alfaMixFill(std::vector<int64_t> picks, const std::vector<char>& candidate, int64_t budget);

}  // namespace lada
