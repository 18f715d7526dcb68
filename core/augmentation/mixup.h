// SPDX-License-Identifier: MIT
#pragma once

#include <torch/types.h>

namespace lada {

/**
 * Mixes two batches of block-k maps with one lambda per pair (Manifold Mixup; k = 0 is input Mixup):
 * lambda * a + (1 - lambda) * b. `a`, `b` are float [P, ...] of equal shape; `lambda` is [P] or
 * [S, P] (S samples per pair, the result is then [S * P, ...] ordered sample-major).
 */
torch::Tensor mixMaps(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& lambda);

/**
 * Soft labels lambda * onehot(ya) + (1 - lambda) * onehot(yb): ya, yb int64 [P], lambda [P] ->
 * float [P, classes]; each row sums to 1.
 */
torch::Tensor mixLabels(const torch::Tensor& ya, const torch::Tensor& yb, const torch::Tensor& lambda, int64_t classes);

/** Cross-entropy against soft targets, -sum_c y_c log softmax(logits)_c, averaged over rows (Eq. 14). */
torch::Tensor softCrossEntropy(const torch::Tensor& logits, const torch::Tensor& targets);

}  // namespace lada
