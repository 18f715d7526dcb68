// SPDX-License-Identifier: MIT
#pragma once

#include "core/util/progress.h"

#include <torch/types.h>

#include <cstdint>

namespace lada {

/** How tsne() computes the map. */
enum class TsneMethod {
    Auto,       ///< Exact below kTsneExactBelow points (or in a build without FAISS), Barnes-Hut from there on
    Exact,      ///< dense O(N^2) probabilities and gradient (van der Maaten and Hinton, 2008)
    BarnesHut,  ///< sparse neighbour probabilities and a quadtree gradient, O(N log N) (van der Maaten, 2014)
};

/**
 * Below this many points Auto chooses exact t-SNE. There the 3·perplexity neighbours of Barnes-Hut are a
 * fifth or more of all points, so the sparse P saves little, and its map is measurably worse (on 500 MNIST
 * digits its KL under the dense P is ~1 % above exact's); exact costs < ~20 ms per iteration on one core
 * there. Above, exact's O(N^2) soon costs tens of times more (1,000 points, one core: ~0.1 s against ~3 ms
 * per iteration), so the window's maps (hundreds to thousands of points) take Barnes-Hut.
 */
inline constexpr int64_t kTsneExactBelow = 500;

/** Settings of t-SNE; the defaults follow the reference code. Both methods use the same schedule. */
struct TsneOptions {
    double perplexity = 30.0;  ///< effective number of neighbours; lowered to (N - 1) / 3 for small N
    int iterations = 500;
    int exaggerationIterations = 100;  ///< early exaggeration phase (momentum 0.5 during it, 0.8 after)
    double exaggeration = 12.0;
    double learningRate = 0.0;  ///< 0 = max(N / exaggeration / 4, 50), as scikit-learn's "auto"
    uint64_t seed = 0;          ///< initial map ~ N(0, 1e-4 I) from this seed
    TsneMethod method = TsneMethod::Auto;
    double theta = 0.5;  ///< Barnes-Hut accuracy in [0, 0.7]: a cell is summarised when its side < theta · distance
};

/** What a t-SNE run ended with. */
struct TsneReport {
    TsneMethod method = TsneMethod::Auto;  ///< the method that ran (never Auto)
    /**
     * KL(P || Q) of the final map, without exaggeration. Exact: over all pairs. Barnes-Hut: over the sparse
     * p_ij, with Q's normalisation Z estimated by the quadtree, as scikit-learn reports it.
     */
    double klDivergence = 0.0;
};

/**
 * t-SNE of `features` (float [N, D], N >= 4, on any device): returns float [N, 2] on the same device.
 * Exact t-SNE holds dense [N, N] tensors and runs on the features' device; Barnes-Hut runs on the CPU with
 * torch's intra-op threads in O(N k) memory (k = 3·perplexity neighbours). The same seed gives the same map.
 * Reports phase "t-SNE" (iterations done of total, every 10) and throws Cancelled between iterations.
 * Fills `report` when given. Throws ConfigError for fewer than 4 points, a non-2-D input, theta outside
 * [0, 0.7], or Barnes-Hut forced in a build without FAISS.
 */
torch::Tensor tsne(const torch::Tensor& features, const TsneOptions& options = {}, const Progress& progress = {},
                   TsneReport* report = nullptr);

/**
 * KL(P || Q) of a map (float [N, 2]) of `features` (float [N, D], same device) under exact t-SNE's dense P
 * at `perplexity`, over all pairs: the one yardstick for maps made by either method (a Barnes-Hut run's own
 * KL is over its sparse P, which leaves out the far pairs' share). Memory O(N^2): for tests and benchmarks
 * up to a few thousand points. Throws ConfigError on mismatched shapes.
 */
double exactKlDivergence(const torch::Tensor& features, const torch::Tensor& map, double perplexity = 30.0);

}  // namespace lada
