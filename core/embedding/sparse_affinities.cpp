// SPDX-License-Identifier: MIT
#include "core/embedding/sparse_affinities.h"

#include "core/geometry/vector_search.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <cmath>
#include <limits>

namespace lada {

namespace {

/**
 * p_{j|i} over one row's k squared distances `d` (ascending), written to `p`: the bisection on the precision
 * beta_i = 1 / (2 sigma_i^2) of the reference code, 100 steps at most, stopping within 1e-5 nats.
 */
void calibrateRow(const float* d, int64_t k, double logPerplexity, double* p)
{
    double beta = 1.0, lo = 0.0, hi = std::numeric_limits<double>::infinity();
    // Shifting by the nearest distance leaves p_{j|i} unchanged and keeps exp() from underflowing.
    const double d0 = d[0];
    for (int step = 0; step < 100; ++step) {
        double sum = 0.0, weighted = 0.0;
        for (int64_t j = 0; j < k; ++j) {
            const double shifted = d[j] - d0;
            p[j] = std::exp(-shifted * beta);
            sum += p[j];
            weighted += shifted * p[j];
        }
        sum = std::max(sum, 1e-300);
        for (int64_t j = 0; j < k; ++j)
            p[j] /= sum;
        const double entropy = std::log(sum) + beta * weighted / sum;
        const double gap = entropy - logPerplexity;
        if (std::abs(gap) < 1e-5)
            break;
        // Too flat (entropy above target): raise beta; too peaked: lower it.
        if (gap > 0.0) {
            lo = beta;
            beta = std::isinf(hi) ? beta * 2.0 : (beta + hi) / 2.0;
        } else {
            hi = beta;
            beta = (beta + lo) / 2.0;
        }
    }
}

}  // namespace

SparseAffinities sparseAffinities(const torch::Tensor& points, double perplexity, const Progress& progress)
{
    const int64_t n = points.size(0);
    const int64_t k = std::min<int64_t>(n - 1, static_cast<int64_t>(3.0 * perplexity) + 1);
    progress.checkCancel();
    const Neighbours nn = nearestNeighbours(points, k);
    progress.checkCancel();
    const torch::Tensor distance = nn.distance.contiguous();
    const float* d = distance.data_ptr<float>();
    torch::Tensor conditional = torch::empty({n, k}, torch::kDouble);
    double* p = conditional.data_ptr<double>();
    const double logPerplexity = std::log(perplexity);
    // Rows are independent: any split over threads gives the same numbers.
    constexpr int64_t kBlock = 2048;
    for (int64_t b = 0; b < n; b += kBlock) {
        progress.checkCancel();
        at::parallel_for(b, std::min(n, b + kBlock), 64, [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i)
                calibrateRow(d + i * k, k, logPerplexity, p + i * k);
        });
    }

    // p_ij = (p_{j|i} + p_{i|j}) / 2N: add the matrix to its transpose as coordinate lists; coalesce sums
    // the pairs found from both sides and sorts by (row, column).
    const torch::Tensor rows = torch::arange(n, torch::kLong).unsqueeze(1).expand({n, k}).reshape({-1});
    const torch::Tensor cols = nn.index.reshape({-1});
    const torch::Tensor indices = torch::stack({torch::cat({rows, cols}), torch::cat({cols, rows})});
    const torch::Tensor values = torch::cat({conditional.reshape({-1}), conditional.reshape({-1})});
    const torch::Tensor joint = torch::sparse_coo_tensor(indices, values, {n, n}).coalesce();
    const torch::Tensor ji = joint.indices().contiguous();
    const torch::Tensor jv = (joint.values() / joint.values().sum().clamp_min(1e-300)).contiguous();

    SparseAffinities a;
    const int64_t nnz = ji.size(1);
    const int64_t* r = ji.data_ptr<int64_t>();
    const int64_t* c = r + nnz;
    const double* v = jv.data_ptr<double>();
    a.rowStart.assign(static_cast<size_t>(n + 1), 0);
    a.col.resize(static_cast<size_t>(nnz));
    a.value.assign(v, v + nnz);
    for (int64_t e = 0; e < nnz; ++e) {
        ++a.rowStart[static_cast<size_t>(r[e] + 1)];
        a.col[static_cast<size_t>(e)] = static_cast<int32_t>(c[e]);
    }
    for (int64_t i = 0; i < n; ++i)
        a.rowStart[static_cast<size_t>(i + 1)] += a.rowStart[static_cast<size_t>(i)];
    return a;
}

}  // namespace lada
