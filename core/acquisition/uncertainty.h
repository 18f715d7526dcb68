// SPDX-License-Identifier: MIT
#pragma once

#include <torch/types.h>

namespace lada {

/**
 * Predictive entropy H[y|x] = -sum_c p_c log2 p_c in bits, from logits [N, C] -> [N].
 * Computed from log_softmax, so a zero probability contributes 0, never NaN (max log2 C bits).
 */
torch::Tensor entropyBits(const torch::Tensor& logits);

/** Variation ratio 1 - max_c p_c from logits [N, C] -> [N], in [0, 1 - 1/C]. */
torch::Tensor variationRatio(const torch::Tensor& logits);

/**
 * BALD mutual information in bits from T Monte Carlo dropout passes, logits [T, N, C] -> [N]:
 * H[mean_t p_t] - mean_t H[p_t]. Never negative beyond rounding (clamped at 0).
 */
torch::Tensor baldBits(const torch::Tensor& mcLogits);

}  // namespace lada
