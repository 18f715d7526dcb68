// SPDX-License-Identifier: MIT
#include "core/acquisition/coreset_strategy.h"

#include "core/acquisition/pool_features.h"
#include "core/error.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace lada {

namespace {

// Squared L2 distances [M, C] without the [M, C, D] difference tensor; clamped at 0 (rounding).
torch::Tensor squaredDistances(const torch::Tensor& a, const torch::Tensor& b)
{
    const torch::Tensor aa = a.pow(2).sum(1, true);
    const torch::Tensor bb = b.pow(2).sum(1).unsqueeze(0);
    return (aa + bb - 2.0 * a.matmul(b.t())).clamp_min(0.0);
}

}  // namespace

KCenterResult kCenterGreedy(const torch::Tensor& pool, const torch::Tensor& centres, int64_t count, int64_t chunk)
{
    const int64_t m = pool.size(0);
    if (count > m)
        throw Error("k-center greedy: " + std::to_string(count) + " picks requested from " + std::to_string(m) +
                    " pool points");
    torch::NoGradGuard noGrad;
    // Double precision: the greedy argmax compares distances, and float rounding of ||a||^2 + ||b||^2 - 2ab
    // would otherwise decide near-ties differently on CPU and CUDA.
    const torch::Tensor x = pool.to(torch::kDouble);
    torch::Tensor nearest = torch::full({m}, std::numeric_limits<double>::infinity(), x.options());
    if (centres.defined() && centres.size(0) > 0) {
        const torch::Tensor c = centres.to(x.device(), torch::kDouble);
        for (int64_t begin = 0; begin < c.size(0); begin += chunk) {
            const torch::Tensor block = c.slice(0, begin, std::min(c.size(0), begin + chunk));
            nearest = torch::minimum(nearest, std::get<0>(squaredDistances(x, block).min(1)));
        }
    }
    KCenterResult result;
    // One device-to-host copy per pick; a pick is O(M * D).
    std::vector<char> taken(static_cast<size_t>(m), 0);
    for (int64_t step = 0; step < count; ++step) {
        const torch::Tensor cpu = nearest.to(torch::kCPU).contiguous();
        const double* d = cpu.data_ptr<double>();
        int64_t best = -1;
        for (int64_t i = 0; i < m; ++i)  // the first maximum: lowest row wins a tie
            if (!taken[static_cast<size_t>(i)] && (best < 0 || d[i] > d[best]))
                best = i;
        taken[static_cast<size_t>(best)] = 1;
        result.picks.push_back(best);
        result.radius.push_back(std::sqrt(d[best]));
        nearest = torch::minimum(nearest, squaredDistances(x, x.slice(0, best, best + 1)).squeeze(1));
    }
    return result;
}

Proposal CoresetStrategy::propose(AcquisitionContext& context)
{
    Proposal proposal;
    AcquisitionDiagnostics& diag = proposal.diagnostics;
    const int64_t m = static_cast<int64_t>(context.candidates.size());
    const int64_t b = std::min<int64_t>(context.budget, m);
    diag.candidates = m;
    if (b <= 0)
        return proposal;

    auto start = std::chrono::steady_clock::now();
    const torch::Tensor pool = poolFeatures(context, context.candidates).embedding;
    torch::Tensor labeled;
    if (!context.labeled.empty())
        labeled = poolFeatures(context, context.labeled, "embedding labeled").embedding;
    diag.scoringSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    const KCenterResult picked = kCenterGreedy(pool, labeled, b);
    for (size_t i = 0; i < picked.picks.size(); ++i) {
        Query q;
        q.indices = {context.candidates[static_cast<size_t>(picked.picks[i])]};
        q.imageScores = {picked.radius[i]};
        q.score = picked.radius[i];
        proposal.queries.push_back(std::move(q));
    }
    diag.selectionSeconds = secondsSince(start);
    return proposal;
}

}  // namespace lada
