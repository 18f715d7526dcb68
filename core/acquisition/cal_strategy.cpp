// SPDX-License-Identifier: MIT
#include "core/acquisition/cal_strategy.h"

#include "core/acquisition/pool_features.h"

#include <algorithm>
#include <chrono>

namespace lada {

namespace {

/**
 * One label-preserving view of normalised images float [B, C, H, W]: a random crop after 4 pixels of
 * zero padding, as the trainer's augmentation, plus a horizontal flip with probability 1/2 for 3-channel
 * images only. [I] Which transforms count as label-preserving is the inference ALGORITHMS.md 3.5.5 leaves
 * open: flipping a digit (MNIST, Fashion's 1 channel) changes what it shows, so 1-channel images are only
 * cropped; 3-channel images get the crop and flip the trainer applies to them (augment "auto"), i.e. the
 * invariance the model was trained for. SVHN digits are 3-channel and would be flipped: a known limit.
 * Offsets and flips come from `rng` (rng() % 9 and rng() & 1: the same draws on every platform).
 */
torch::Tensor augmentedView(const torch::Tensor& x, std::mt19937_64& rng)
{
    const int64_t n = x.size(0), h = x.size(2), w = x.size(3);
    const bool mayFlip = x.size(1) == 3;
    const torch::Tensor padded = torch::constant_pad_nd(x, {4, 4, 4, 4}, 0.0);
    std::vector<torch::Tensor> out;
    out.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        const auto dy = static_cast<int64_t>(rng() % 9), dx = static_cast<int64_t>(rng() % 9);
        const bool flip = mayFlip && (rng() & 1) != 0;
        torch::Tensor crop = padded[i].slice(1, dy, dy + h).slice(2, dx, dx + w);
        out.push_back(flip ? crop.flip({2}) : crop);
    }
    return torch::stack(out);
}

}  // namespace

torch::Tensor calInconsistency(const torch::Tensor& viewProbabilities)
{
    return viewProbabilities.var(0, /*unbiased=*/false).sum(1);
}

CalStrategy::CalStrategy(StrategyOptions options)
    : m_options(std::move(options))
{
}

Proposal CalStrategy::propose(AcquisitionContext& context)
{
    Proposal proposal;
    AcquisitionDiagnostics& diag = proposal.diagnostics;
    const int64_t m = static_cast<int64_t>(context.candidates.size());
    const int64_t b = std::min<int64_t>(context.budget, m);
    diag.candidates = m;
    if (b <= 0)
        return proposal;

    auto start = std::chrono::steady_clock::now();
    std::vector<double> scores;
    {
        c10::InferenceMode inference;
        ClassifierImpl& model = context.model;
        const bool wasTraining = model.is_training();
        model.eval();
        const torch::Tensor images = context.images.index_select(0, torch::tensor(context.candidates, torch::kLong));
        // The views of a batch go through the network together: [(N + 1) B, C, H, W] (ALGORITHMS.md 5.1),
        // so the batch is the inference batch divided by the views.
        const int64_t batch = std::max<int64_t>(1, model.inferenceBatch(images) / (kCalViews + 1));
        std::vector<torch::Tensor> parts;
        for (int64_t begin = 0; begin < m; begin += batch) {
            context.progress.checkCancel();
            const int64_t end = std::min(m, begin + batch);
            const torch::Tensor x = context.stats.normalize(images.slice(0, begin, end), context.device);
            std::vector<torch::Tensor> views = {x};
            for (int v = 0; v < kCalViews; ++v)
                views.push_back(augmentedView(x, context.rng));
            const torch::Tensor p = torch::softmax(model.forward(torch::cat(views)), 1);
            parts.push_back(calInconsistency(p.view({kCalViews + 1, end - begin, -1})).to(torch::kCPU));
            context.progress("scoring", end, m);
        }
        model.train(wasTraining);
        const torch::Tensor all = torch::cat(parts).to(torch::kDouble).contiguous();
        scores.assign(all.data_ptr<double>(), all.data_ptr<double>() + m);
    }
    diag.scoringSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    std::vector<int64_t> order(static_cast<size_t>(m));
    for (int64_t i = 0; i < m; ++i)
        order[static_cast<size_t>(i)] = i;
    std::stable_sort(order.begin(), order.end(), [&scores](int64_t x, int64_t y) {
        return scores[static_cast<size_t>(x)] > scores[static_cast<size_t>(y)];
    });
    for (int64_t i = 0; i < b; ++i) {
        const auto c = static_cast<size_t>(order[static_cast<size_t>(i)]);
        Query q;
        q.indices = {context.candidates[c]};
        q.imageScores = {scores[c]};
        q.score = scores[c];
        proposal.queries.push_back(std::move(q));
    }
    // LADA's "Mixup after the acquisition by CAL": the pipelined baseline's pairing (uncertainty_strategy.cpp).
    pairQueriesForMixup(proposal, m_options, context.rng);
    diag.selectionSeconds = secondsSince(start);
    return proposal;
}

}  // namespace lada
