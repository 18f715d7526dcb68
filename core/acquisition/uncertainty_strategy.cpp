// SPDX-License-Identifier: MIT
#include "core/acquisition/uncertainty_strategy.h"

#include "core/acquisition/uncertainty.h"
#include "core/error.h"
#include "core/training/trainer.h"
#include "core/util/seconds_since.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace lada {

namespace {

// BALD: T dropout passes over the penultimate embedding, which is computed once.
torch::Tensor baldScores(AcquisitionContext& context, const torch::Tensor& images, int passes, double p)
{
    c10::InferenceMode inference;
    ClassifierImpl& model = context.model;
    model.eval();
    const int k = model.numBlocks();
    std::vector<torch::Tensor> parts;
    const int64_t n = images.size(0);
    const int64_t batch = model.inferenceBatch(images);
    for (int64_t begin = 0; begin < n; begin += batch) {
        context.progress.checkCancel();
        const int64_t end = std::min(n, begin + batch);
        const torch::Tensor emb = model.embedding(context.stats.normalize(images.slice(0, begin, end), context.device));
        std::vector<torch::Tensor> mc;
        for (int t = 0; t < passes; ++t)
            mc.push_back(model.head(torch::dropout(emb, p, /*train=*/true), k));
        parts.push_back(baldBits(torch::stack(mc)).to(torch::kCPU));
        context.progress("scoring", end, n);
    }
    return torch::cat(parts);
}

}  // namespace

UncertaintyStrategy::UncertaintyStrategy(StrategyOptions options)
    : m_options(std::move(options))
{
}

torch::Tensor UncertaintyStrategy::score(AcquisitionContext& context, const torch::Tensor& images) const
{
    const StrategyKind n = m_options.kind;
    if (n == StrategyKind::Random)
        return torch::zeros({images.size(0)});
    if (n == StrategyKind::Bald)
        return baldScores(context, images, m_options.mcPasses, m_options.mcDropout);
    const torch::Tensor logits =
        predictLogits(context.model, images, context.stats, context.device, 0, context.progress);
    return n == StrategyKind::VarRatio ? variationRatio(logits) : entropyBits(logits);
}

Proposal UncertaintyStrategy::propose(AcquisitionContext& context)
{
    Proposal proposal;
    AcquisitionDiagnostics& diag = proposal.diagnostics;
    const int64_t m = static_cast<int64_t>(context.candidates.size());
    const int64_t b = std::min<int64_t>(context.budget, m);
    diag.candidates = m;

    auto start = std::chrono::steady_clock::now();
    const torch::Tensor rows = torch::tensor(context.candidates, torch::kLong);
    // Gather the candidates a slice at a time: all of a million-row embedding pool at once would copy
    // 1 GB beside the memory-mapped pool (each image's score depends on that image alone).
    constexpr int64_t kGatherRows = 65536;
    std::vector<torch::Tensor> parts;
    for (int64_t begin = 0; begin < m; begin += kGatherRows) {
        const torch::Tensor slice = rows.slice(0, begin, std::min(m, begin + kGatherRows));
        parts.push_back(score(context, context.images.index_select(0, slice)).to(torch::kDouble));
    }
    const torch::Tensor scores = parts.empty() ? torch::empty({0}, torch::kDouble) : torch::cat(parts);
    diag.scoringSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    // Random keeps the candidates' random order; the others take the top b (ties: candidate order).
    std::vector<int64_t> order(static_cast<size_t>(m));
    for (int64_t i = 0; i < m; ++i)
        order[static_cast<size_t>(i)] = i;
    const double* s = scores.data_ptr<double>();
    if (m_options.kind != StrategyKind::Random)
        std::stable_sort(order.begin(), order.end(), [s](int64_t x, int64_t y) { return s[x] > s[y]; });
    for (int64_t i = 0; i < b; ++i) {
        const int64_t c = order[static_cast<size_t>(i)];
        Query q;
        q.indices = {context.candidates[static_cast<size_t>(c)]};
        q.imageScores = {s[c]};
        q.score = s[c];
        proposal.queries.push_back(std::move(q));
    }
    if (m_options.kind == StrategyKind::EntManifoldMixup) {
        pairQueriesForMixup(proposal, m_options, context.rng);  // the pipelined baseline
    }
    diag.selectionSeconds = secondsSince(start);
    return proposal;
}

}  // namespace lada
