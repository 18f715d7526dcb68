// SPDX-License-Identifier: MIT
#include "core/acquisition/alfa_mix_strategy.h"

#include "core/acquisition/alfa_mix.h"
#include "core/acquisition/pool_features.h"

#include <algorithm>
#include <chrono>

namespace lada {

Proposal AlfaMixStrategy::propose(AcquisitionContext& context)
{
    Proposal proposal;
    AcquisitionDiagnostics& diag = proposal.diagnostics;
    const int64_t m = static_cast<int64_t>(context.candidates.size());
    const int64_t b = std::min<int64_t>(context.budget, m);
    diag.candidates = m;
    if (b <= 0) {
        diag.alfaMixCandidates = 0;
        return proposal;
    }

    auto start = std::chrono::steady_clock::now();
    ClassifierImpl& model = context.model;
    const PoolFeatures pool = poolFeatures(context, context.candidates);
    const int64_t classes = pool.probabilities.size(1);
    AlfaMixSearch search;
    {
        const bool wasTraining = model.is_training();
        model.eval();  // the head without dropout, as the embeddings were computed
        const int k = model.numBlocks();
        const FeatureHead head = [&model, k](const torch::Tensor& z) { return model.head(z, k); };
        torch::Tensor anchors;
        if (!context.labeled.empty()) {
            const torch::Tensor labeled = poolFeatures(context, context.labeled, "embedding labeled").embedding;
            anchors = alfaMixAnchors(labeled, context.labels, classes);
        } else {
            anchors = torch::zeros({0, pool.embedding.size(1)}, pool.embedding.options());
        }
        search = alfaMixSearch(pool.embedding, anchors, head, b);
        model.train(wasTraining);
    }
    diag.alfaMixCandidates = search.count;
    diag.alfaMixEpsilon = search.lastCap;
    diag.scoringSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    std::vector<int64_t> candidateRows;  // positions in context.candidates
    for (int64_t i = 0; i < m; ++i)
        if (search.candidate[static_cast<size_t>(i)]) {
            candidateRows.push_back(i);
            diag.candidateSet.push_back(context.candidates[static_cast<size_t>(i)]);
        }
    std::vector<int64_t> picks;
    const uint64_t seed = drawSeed(context.rng);  // drawn every round, so the rng advances alike for any |I|
    if (!candidateRows.empty()) {
        const torch::Tensor rows = torch::tensor(candidateRows, torch::kLong).to(pool.embedding.device());
        const torch::Tensor z = pool.embedding.index_select(0, rows);
        // The authors cluster the L2-normalised original embeddings (not the mixed ones).
        const torch::Tensor normalised = z / z.norm(2, 1, true).clamp_min(1e-12);
        for (const int64_t c : nearestToCentres(normalised, b, seed))
            picks.push_back(candidateRows[static_cast<size_t>(c)]);
    }
    picks = alfaMixFill(std::move(picks), search.candidate, b);

    for (const int64_t i : picks) {
        const auto s = static_cast<size_t>(i);
        Query q;
        q.indices = {context.candidates[s]};
        AlfaMixQuery info;
        info.candidate = search.candidate[s] != 0;
        info.flipClasses = search.flipClasses[s];
        info.predictionBefore = search.predictionBefore[s];
        info.predictionAfter = search.predictionAfter[s];
        info.alphaNorm = search.alphaNorm[s];
        info.epsilon = search.epsilon[s];
        q.score = info.candidate ? info.epsilon : 0.0;
        q.imageScores = {q.score};
        q.alfaMix = std::move(info);
        proposal.queries.push_back(std::move(q));
    }
    diag.selectionSeconds = secondsSince(start);
    return proposal;
}

}  // namespace lada
