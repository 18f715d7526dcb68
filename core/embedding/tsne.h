// SPDX-License-Identifier: MIT
#pragma once

#include "core/util/progress.h"

#include <torch/types.h>

#include <cstdint>

namespace lada {

/** Settings of exact t-SNE (van der Maaten and Hinton, 2008); the defaults follow the reference code. */
struct TsneOptions {
    double perplexity = 30.0;  ///< effective number of neighbours; lowered to (N - 1) / 3 for small N
    int iterations = 500;
    int exaggerationIterations = 100;  ///< early exaggeration phase (momentum 0.5 during it, 0.8 after)
    double exaggeration = 12.0;
    double learningRate = 0.0;  ///< 0 = max(N / exaggeration / 4, 50), as scikit-learn's "auto"
    uint64_t seed = 0;          ///< initial map ~ N(0, 1e-4 I) from this seed
};

/**
 * Exact t-SNE of `features` (float [N, D], N >= 4, on any device): returns float [N, 2] on the same
 * device. The O(N^2) joint probabilities and gradient are dense tensors, so it suits up to a few thousand
 * points and runs on CUDA when given CUDA features. Perplexities are calibrated by a bisection over all
 * rows at once. Reports phase "t-SNE" (iterations done of total) and throws Cancelled between iterations.
 * Throws ConfigError for fewer than 4 points or a non-2-D input.
 */
torch::Tensor tsne(const torch::Tensor& features, const TsneOptions& options = {}, const Progress& progress = {});

}  // namespace lada
