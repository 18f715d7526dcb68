// SPDX-License-Identifier: MIT
#include "core/acquisition/badge_strategy.h"

#include "core/acquisition/pool_features.h"
#include "core/error.h"

#include <torch/nn/functional.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace lada {

namespace {

// A uniform double in [0, 1) from the top 53 bits: the same on every standard library, unlike
// std::uniform_real_distribution, so a seed gives the same picks everywhere.
double uniform01(std::mt19937_64& rng)
{
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

}  // namespace

torch::Tensor badgeGradientFactor(const torch::Tensor& probabilities)
{
    const torch::Tensor predicted = probabilities.argmax(1);
    return probabilities -
           torch::nn::functional::one_hot(predicted, probabilities.size(1)).to(probabilities.scalar_type());
}

torch::Tensor badgeDistancesTo(const torch::Tensor& a, const torch::Tensor& h, int64_t centre)
{
    torch::NoGradGuard noGrad;
    // Double: D^2 of near points is a difference of large squared norms.
    const torch::Tensor ad = a.to(torch::kDouble), hd = h.to(ad.device(), torch::kDouble);
    const torch::Tensor norms = ad.pow(2).sum(1) * hd.pow(2).sum(1);
    const torch::Tensor cross = ad.matmul(ad[centre]) * hd.matmul(hd[centre]);
    return (norms + norms[centre] - 2.0 * cross).clamp_min(0.0);
}

torch::Tensor badgeGradientEmbedding(const torch::Tensor& probabilities, const torch::Tensor& embeddings)
{
    const torch::Tensor a = badgeGradientFactor(probabilities);
    return (a.unsqueeze(2) * embeddings.unsqueeze(1)).reshape({a.size(0), -1});
}

std::vector<int64_t> badgeSeeding(const torch::Tensor& a, const torch::Tensor& h, int64_t count, std::mt19937_64& rng)
{
    const int64_t n = a.size(0);
    if (count > n)
        throw Error("BADGE seeding: " + std::to_string(count) + " centres requested from " + std::to_string(n) +
                    " points");
    torch::NoGradGuard noGrad;
    // Double: D^2 of near points is a difference of large squared norms.
    const torch::Tensor ad = a.to(torch::kDouble), hd = h.to(ad.device(), torch::kDouble);
    // ||g_i||^2 = ||a_i||^2 ||h_i||^2 (Gram diagonal).
    const torch::Tensor norms = ad.pow(2).sum(1) * hd.pow(2).sum(1);
    std::vector<int64_t> picks;
    std::vector<char> taken(static_cast<size_t>(n), 0);
    torch::Tensor nearest;  // D^2 of each row to the chosen centres, [N]
    torch::Tensor scores = norms.to(torch::kCPU).contiguous();
    for (int64_t step = 0; step < count; ++step) {
        const double* s = scores.data_ptr<double>();
        int64_t pick = -1;
        if (step == 0) {
            for (int64_t i = 0; i < n; ++i)
                if (pick < 0 || s[i] > s[pick])
                    pick = i;
        } else {
            double total = 0.0;
            for (int64_t i = 0; i < n; ++i)
                if (!taken[static_cast<size_t>(i)])
                    total += std::max(0.0, s[i]);
            if (total > 0.0) {
                const double u = uniform01(rng) * total;
                double cumulative = 0.0;
                for (int64_t i = 0; i < n; ++i) {
                    if (taken[static_cast<size_t>(i)] || s[i] <= 0.0)
                        continue;
                    cumulative += s[i];
                    pick = i;  // the last positive row absorbs rounding when u lands at the very end
                    if (u < cumulative)
                        break;
                }
            } else {
                for (int64_t i = 0; i < n && pick < 0; ++i)
                    if (!taken[static_cast<size_t>(i)])
                        pick = i;
            }
        }
        taken[static_cast<size_t>(pick)] = 1;
        picks.push_back(pick);
        if (step + 1 == count)
            break;
        const torch::Tensor d2 = badgeDistancesTo(ad, hd, pick);
        nearest = nearest.defined() ? torch::minimum(nearest, d2) : d2;
        scores = nearest.to(torch::kCPU).contiguous();
        // A chosen centre has D = 0 in exact arithmetic; zero it so rounding never redraws it.
        scores.index_put_({torch::tensor(picks, torch::kLong)}, 0.0);
    }
    return picks;
}

Proposal BadgeStrategy::propose(AcquisitionContext& context)
{
    Proposal proposal;
    AcquisitionDiagnostics& diag = proposal.diagnostics;
    const int64_t m = static_cast<int64_t>(context.candidates.size());
    const int64_t b = std::min<int64_t>(context.budget, m);
    diag.candidates = m;
    if (b <= 0)
        return proposal;

    auto start = std::chrono::steady_clock::now();
    const PoolFeatures features = poolFeatures(context, context.candidates);
    // K comes from the model's output width, never from the labels present (the reference code's bug).
    const torch::Tensor a = badgeGradientFactor(features.probabilities);
    const torch::Tensor gradNorm = (a.pow(2).sum(1) * features.embedding.pow(2).sum(1)).sqrt().to(torch::kCPU);
    diag.scoringSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    for (const int64_t i : badgeSeeding(a, features.embedding, b, context.rng)) {
        Query q;
        q.indices = {context.candidates[static_cast<size_t>(i)]};
        q.score = gradNorm[i].item<double>();
        q.imageScores = {q.score};
        proposal.queries.push_back(std::move(q));
    }
    diag.selectionSeconds = secondsSince(start);
    return proposal;
}

}  // namespace lada
