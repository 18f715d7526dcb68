// SPDX-License-Identifier: MIT
#include "ui/worker/view_builder.h"

#include "core/embedding/tsne.h"
#include "core/training/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace lada::ui {

namespace {

QueryImage imageOf(const Dataset& train, int64_t row)
{
    QueryImage image;
    image.row = row;
    image.path = QString::fromStdString(train.paths[static_cast<size_t>(row)]);
    image.channels = static_cast<int>(train.channels());
    image.height = static_cast<int>(train.height());
    image.width = static_cast<int>(train.width());
    const torch::Tensor pixels = train.images[row].contiguous();
    image.pixels.assign(pixels.data_ptr<uint8_t>(), pixels.data_ptr<uint8_t>() + pixels.numel());
    image.trueLabel = static_cast<int>(train.labels[row].item<int64_t>());
    return image;
}

/** Fills top-3 predictions and the entropy H[y|x] in bits of every image of the cards. */
void addPredictions(ActiveLearner& learner, std::vector<QueryView>& queries)
{
    std::vector<int64_t> rows;
    for (const QueryView& q : queries)
        for (const QueryImage& image : q.images)
            rows.push_back(image.row);
    if (rows.empty())
        return;
    const torch::Tensor images = learner.train().images.index_select(0, torch::tensor(rows, torch::kLong));
    const torch::Tensor logits = predictLogits(learner.model(), images, learner.stats(), learner.device());
    const torch::Tensor logp = torch::log_softmax(logits, 1);
    const torch::Tensor probs = logp.exp();
    // Entropy from log-softmax (LADA.md: a zero probability must not give NaN); bits = nats / ln 2.
    const torch::Tensor entropy = -(probs * logp).sum(1) / std::log(2.0);
    const int64_t k = std::min<int64_t>(3, probs.size(1));
    const auto top = probs.topk(k, 1);
    const torch::Tensor topValues = std::get<0>(top).contiguous(), topIndices = std::get<1>(top).contiguous();
    int64_t i = 0;
    for (QueryView& q : queries)
        for (QueryImage& image : q.images) {
            image.entropy = entropy[i].item<double>();
            for (int64_t j = 0; j < k; ++j) {
                image.topClasses.push_back(static_cast<int>(topIndices[i][j].item<int64_t>()));
                image.topProbabilities.push_back(topValues[i][j].item<float>());
            }
            ++i;
        }
}

float betaSample(double tau, std::mt19937_64& rng)
{
    std::gamma_distribution<double> gamma(tau, 1.0);
    const double a = gamma(rng), b = gamma(rng);
    return a + b > 0.0 ? static_cast<float>(a / (a + b)) : 0.5f;
}

} // namespace

RoundProposal initialProposal(const ActiveLearner& learner, const std::vector<int64_t>& rows)
{
    RoundProposal p;
    p.round = 0;
    p.strategy = QStringLiteral("initial set");
    for (int64_t row : rows) {
        QueryView q;
        q.images.push_back(imageOf(learner.train(), row));
        p.queries.push_back(std::move(q));
    }
    return p;
}

RoundProposal roundProposal(ActiveLearner& learner, const Proposal& proposal, int lambdaSamples, std::mt19937_64& rng)
{
    RoundProposal p;
    p.round = proposal.round;
    p.pairs = proposal.pairs;
    p.strategy = QString::fromStdString(learner.strategy().name());
    p.mixLayer = proposal.diagnostics.mixLayer;
    p.tauAll = proposal.diagnostics.tauAll;
    p.virtualScoreAll = proposal.diagnostics.virtualScoreAll;
    p.meanVirtualScore = proposal.diagnostics.meanVirtualScore;
    for (const Query& query : proposal.queries) {
        QueryView q;
        for (size_t i = 0; i < query.indices.size(); ++i) {
            QueryImage image = imageOf(learner.train(), query.indices[i]);
            if (i < query.imageScores.size())
                image.score = query.imageScores[i];
            q.images.push_back(std::move(image));
        }
        q.score = query.score;
        q.tau = query.tau;
        q.virtualEntropy = query.virtualEntropy;
        if (query.indices.size() == 2 && query.tau > 0.0)
            for (int n = 0; n < lambdaSamples; ++n)
                q.lambdas.push_back(betaSample(query.tau, rng));
        p.queries.push_back(std::move(q));
    }
    addPredictions(learner, p.queries);
    return p;
}

EmbeddingView embeddingView(ActiveLearner& learner, int poolSample, int iterations, std::mt19937_64& rng,
                            const Progress& progress)
{
    const auto start = std::chrono::steady_clock::now();
    EmbeddingView view;
    view.round = learner.round();
    std::vector<int64_t> rows;

    std::vector<int64_t> pool;
    for (int64_t r = 0; r < learner.train().size(); ++r)
        if (learner.isInPool(r))
            pool.push_back(r);
    std::shuffle(pool.begin(), pool.end(), rng);
    pool.resize(std::min<size_t>(pool.size(), static_cast<size_t>(std::max(0, poolSample))));
    std::vector<int64_t> labeled = learner.labeledRows();
    std::shuffle(labeled.begin(), labeled.end(), rng);
    labeled.resize(std::min<size_t>(labeled.size(), 1000));

    std::vector<int64_t> queried;
    if (learner.pendingProposal())
        queried = learner.pendingProposal()->queriedIndices();
    auto add = [&](int64_t row, int role, int label) {
        rows.push_back(row);
        view.role.push_back(role);
        view.label.push_back(label);
    };
    for (int64_t r : pool)
        if (std::find(queried.begin(), queried.end(), r) == queried.end())
            add(r, 0, -1);
    for (int64_t r : labeled)
        add(r, 1, static_cast<int>(learner.labelOf(r)));
    const int firstQueried = static_cast<int>(rows.size());
    for (int64_t r : queried)
        add(r, 2, -1);
    if (learner.pendingProposal() && learner.pendingProposal()->pairs) {
        int next = firstQueried;
        for (const Query& q : learner.pendingProposal()->queries) {
            if (q.indices.size() == 2) {
                EmbeddingView::Pair pair;
                pair.a = next;
                pair.b = next + 1;
                for (int n = 0; n < 5; ++n)
                    pair.lambdas.push_back(betaSample(std::max(q.tau, 1e-3), rng));
                view.pairs.push_back(std::move(pair));
            }
            next += static_cast<int>(q.indices.size());
        }
    }
    if (rows.size() < 4)
        return view;

    c10::InferenceMode inference;
    ClassifierImpl& model = learner.model();
    model.eval();
    const torch::Tensor images = learner.train().images.index_select(0, torch::tensor(rows, torch::kLong));
    std::vector<torch::Tensor> parts;
    const int64_t step = model.inferenceBatch(images);
    for (int64_t i = 0; i < images.size(0); i += step) {
        progress.checkCancel();
        const torch::Tensor batch = images.narrow(0, i, std::min<int64_t>(step, images.size(0) - i));
        parts.push_back(model.embedding(learner.stats().normalize(batch, learner.device())).flatten(1));
    }
    TsneOptions options;
    options.iterations = std::max(50, iterations);
    options.exaggerationIterations = std::min(100, options.iterations / 4);
    options.seed = rng();
    const torch::Tensor map = tsne(torch::cat(parts), options, progress).cpu().contiguous();
    for (int64_t i = 0; i < map.size(0); ++i) {
        view.x.push_back(map[i][0].item<float>());
        view.y.push_back(map[i][1].item<float>());
    }
    view.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return view;
}

} // namespace lada::ui
