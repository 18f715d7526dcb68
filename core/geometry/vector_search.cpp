// SPDX-License-Identifier: MIT
// k-means and nearest neighbours through FAISS (Debian's libfaiss-dev): a well-kept library rather than
// our own. vector_search_unavailable.cpp replaces this file in a build without FAISS.
#include "core/geometry/vector_search.h"

#include "core/error.h"

#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>
#include <torch/torch.h>

#include <omp.h>

#include <string>

namespace lada {

namespace {

/** float [N, D] contiguous on the CPU. */
torch::Tensor cpuPoints(const torch::Tensor& points, const char* what)
{
    if (points.dim() != 2)
        throw Error(std::string(what) + ": expected a [N, D] matrix, got " + std::to_string(points.dim()) +
                    " dimensions");
    return points.detach().to(torch::kCPU, torch::kFloat32).contiguous();
}

/** FAISS parallelizes with OpenMP: the same thread count as torch on this thread. */
void matchThreads()
{
    omp_set_num_threads(torch::get_num_threads());
}

}  // namespace

bool haveVectorSearch()
{
    return true;
}

KMeansResult kmeans(const torch::Tensor& points, int64_t k, int iterations, uint64_t seed)
{
    const torch::Tensor x = cpuPoints(points, "k-means");
    const int64_t n = x.size(0), d = x.size(1);
    if (k < 1 || n < k)
        throw Error("k-means: " + std::to_string(k) + " clusters of " + std::to_string(n) + " points");
    matchThreads();
    faiss::ClusteringParameters params;
    params.niter = iterations;
    params.seed = static_cast<int>(seed & 0x7fffffff);
    params.verbose = false;
    params.max_points_per_centroid = 1 << 30;  // cluster every point: no silent subsampling
    // FAISS prints "please provide at least 39 k training points" to stderr below that; ALFA-Mix clusters
    // as few as b candidates every round, and the advice changes nothing in the result.
    params.min_points_per_centroid = 1;
    faiss::Clustering clustering(static_cast<int>(d), static_cast<int>(k), params);
    faiss::IndexFlatL2 index(d);
    clustering.train(n, x.data_ptr<float>(), index);
    KMeansResult r;
    r.centroids = torch::from_blob(clustering.centroids.data(), {k, d}, torch::kFloat32).clone();
    torch::Tensor distance = torch::empty({n}, torch::kFloat32);
    r.assignment = torch::empty({n}, torch::kInt64);
    index.search(n, x.data_ptr<float>(), 1, distance.data_ptr<float>(), r.assignment.data_ptr<int64_t>());
    return r;
}

Neighbours nearestNeighbours(const torch::Tensor& points, int64_t k)
{
    const torch::Tensor x = cpuPoints(points, "nearest neighbours");
    const int64_t n = x.size(0), d = x.size(1);
    if (k < 1 || k >= n)
        throw Error("nearest neighbours: " + std::to_string(k) + " neighbours among " + std::to_string(n) + " points");
    matchThreads();
    faiss::IndexFlatL2 index(d);
    index.add(n, x.data_ptr<float>());
    torch::Tensor distance = torch::empty({n, k + 1}, torch::kFloat32);
    torch::Tensor label = torch::empty({n, k + 1}, torch::kInt64);
    index.search(n, x.data_ptr<float>(), k + 1, distance.data_ptr<float>(), label.data_ptr<int64_t>());
    // Each point finds itself first, except among exact duplicates: drop the column that holds it, or the last.
    const torch::Tensor rows = torch::arange(n, torch::kInt64).unsqueeze(1);
    torch::Tensor isSelf = label.eq(rows);
    torch::Tensor keep = torch::ones({n, k + 1}, torch::kBool);
    const torch::Tensor selfCol =
        torch::where(isSelf.any(1), isSelf.to(torch::kInt64).argmax(1), torch::full({n}, k, torch::kInt64));
    keep.scatter_(1, selfCol.unsqueeze(1), false);
    Neighbours r;
    r.index = label.masked_select(keep).view({n, k});
    r.distance = distance.masked_select(keep).view({n, k});
    return r;
}

Neighbours nearestOf(const torch::Tensor& queries, const torch::Tensor& points)
{
    const torch::Tensor q = cpuPoints(queries, "nearest neighbours"), x = cpuPoints(points, "nearest neighbours");
    if (x.size(0) == 0)
        throw Error("nearest neighbours: no points to search");
    if (q.size(1) != x.size(1))
        throw Error("nearest neighbours: queries of " + std::to_string(q.size(1)) + " dimensions, points of " +
                    std::to_string(x.size(1)));
    matchThreads();
    faiss::IndexFlatL2 index(x.size(1));
    index.add(x.size(0), x.data_ptr<float>());
    Neighbours r;
    r.index = torch::empty({q.size(0), 1}, torch::kInt64);
    r.distance = torch::empty({q.size(0), 1}, torch::kFloat32);
    index.search(q.size(0), q.data_ptr<float>(), 1, r.distance.data_ptr<float>(), r.index.data_ptr<int64_t>());
    return r;
}

}  // namespace lada
