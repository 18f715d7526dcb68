// SPDX-License-Identifier: MIT
#pragma once

#include "core/embedding/tsne.h"

namespace lada {

/**
 * Barnes-Hut t-SNE (van der Maaten 2014) of `x` (double [N, D] on the CPU, centred and scaled by tsne()),
 * with `perplexity` already fitted to N: sparse affinities from FAISS neighbours, attraction over them,
 * repulsion through a QuadTree rebuilt each iteration, and exact t-SNE's optimizer schedule. Returns
 * double [N, 2] and sets `klDivergence` (sparse P, quadtree Z). Threads: torch's intra-op pool; the result
 * does not depend on their number. Throws Cancelled between iterations, ConfigError without FAISS.
 */
torch::Tensor barnesHutTsne(const torch::Tensor& x, double perplexity, const TsneOptions& options,
                            const Progress& progress, double& klDivergence);

}  // namespace lada
