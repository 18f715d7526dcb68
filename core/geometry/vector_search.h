// SPDX-License-Identifier: MIT
#pragma once

#include <torch/types.h>

#include <cstdint>

namespace lada {

/** True when this build has FAISS (k-means, nearest neighbours); without it the calls below throw ConfigError. */
bool haveVectorSearch();

/** k-means of a set of points. */
struct KMeansResult {
    torch::Tensor centroids;   ///< float [k, D]
    torch::Tensor assignment;  ///< int64 [N]: the nearest centroid of each point
};

/**
 * Lloyd's k-means (FAISS `Clustering`, L2) of `points` (float [N, D], any device; copied to the CPU),
 * `iterations` rounds, seeded by `seed` (the same seed and points give the same centroids). Runs on the
 * calling thread with torch's thread count. Throws Error when N < k or k < 1, ConfigError without FAISS.
 */
KMeansResult kmeans(const torch::Tensor& points, int64_t k, int iterations, uint64_t seed);

/** The k nearest neighbours of each point. */
struct Neighbours {
    torch::Tensor index;     ///< int64 [N, k]: rows of `points`, nearest first, the point itself excluded
    torch::Tensor distance;  ///< float [N, k]: squared L2 distances
};

/**
 * Exact k nearest neighbours of every point among `points` (float [N, D]; FAISS `IndexFlatL2`, BLAS
 * distance blocks, memory O(N·k)). Throws Error when k >= N, ConfigError without FAISS.
 */
Neighbours nearestNeighbours(const torch::Tensor& points, int64_t k);

/**
 * For each row of `queries` (float [M, D]) its nearest row of `points` (float [N, D]): index int64 [M, 1]
 * and squared distance float [M, 1]. Throws Error when N == 0, ConfigError without FAISS.
 */
Neighbours nearestOf(const torch::Tensor& queries, const torch::Tensor& points);

}  // namespace lada
