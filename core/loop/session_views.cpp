// SPDX-License-Identifier: MIT
#include "core/loop/session_views.h"

#include "core/acquisition/uncertainty.h"
#include "core/augmentation/beta_sampler.h"
#include "core/data/binary_io.h"
#include "core/data/photo_codec.h"
#include "core/embedding/tsne.h"
#include "core/loop/active_learner.h"
#include "core/training/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

namespace lada {

namespace {

ImageView imageOf(const Dataset& train, int64_t row)
{
    ImageView image;
    image.row = row;
    image.path = train.paths[static_cast<size_t>(row)];
    // idx and CIFAR records are "<file>#<index>": no file of their own to open.
    if (!image.path.empty() && image.path.find('#') == std::string::npos)
        image.file = (std::filesystem::path(train.root) / image.path).lexically_normal().string();
    image.trueLabel = static_cast<int>(train.labels[row].item<int64_t>());
    if (train.isEmbedding()) {
        // The pool holds embeddings only: decode the original photo for the card.
        std::vector<unsigned char> bytes;
        std::string reason;
        DisplayImage shown;
        if (readFileBytes(image.file, bytes, reason))
            shown = decodeForDisplay(bytes, kDisplayLongSide);
        if (!shown.pixels.empty()) {
            image.channels = 3;
            image.height = shown.height;
            image.width = shown.width;
            image.pixels = std::move(shown.pixels);
        } else {
            // A photo deleted or damaged since its embedding was computed: a grey square, named in the tooltip.
            image.channels = 1;
            image.height = image.width = 8;
            image.pixels.assign(64, 128);
        }
        return image;
    }
    image.channels = static_cast<int>(train.channels());
    image.height = static_cast<int>(train.height());
    image.width = static_cast<int>(train.width());
    const torch::Tensor pixels = train.images[row].contiguous();
    image.pixels.assign(pixels.data_ptr<uint8_t>(), pixels.data_ptr<uint8_t>() + pixels.numel());
    return image;
}

/** Fills top-3 predictions and the entropy H[y|x] in bits (entropyBits, Eq. 1) of every image of the cards. */
void addPredictions(ActiveLearner& learner, std::vector<QueryCard>& queries)
{
    std::vector<int64_t> rows;
    for (const QueryCard& q : queries)
        for (const ImageView& image : q.images)
            rows.push_back(image.row);
    if (rows.empty())
        return;
    const torch::Tensor images = learner.train().images.index_select(0, torch::tensor(rows, torch::kLong));
    const torch::Tensor logits = predictLogits(learner.model(), images, learner.stats(), learner.device());
    const torch::Tensor entropy = entropyBits(logits).to(torch::kDouble).contiguous();
    const torch::Tensor probs = torch::softmax(logits, 1);
    const int64_t k = std::min<int64_t>(3, probs.size(1));
    const auto top = probs.topk(k, 1);
    const torch::Tensor topValues = std::get<0>(top).contiguous(), topIndices = std::get<1>(top).contiguous();
    int64_t i = 0;
    for (QueryCard& q : queries)
        for (ImageView& image : q.images) {
            image.entropy = entropy[i].item<double>();
            for (int64_t j = 0; j < k; ++j) {
                image.topClasses.push_back(static_cast<int>(topIndices[i][j].item<int64_t>()));
                image.topProbabilities.push_back(topValues[i][j].item<float>());
            }
            ++i;
        }
}

}  // namespace

namespace {

/** Penultimate features (float [rows, D]) of training rows, in inference batches; checks `progress` between them. */
torch::Tensor penultimate(ActiveLearner& learner, const std::vector<int64_t>& rows, const Progress& progress)
{
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
    return torch::cat(parts);
}

std::string className(const ActiveLearner& learner, int label)
{
    const auto& names = learner.train().classNames;
    return label >= 0 && label < static_cast<int>(names.size()) ? names[static_cast<size_t>(label)]
                                                                : std::to_string(label);
}

std::string fixed(double v, int digits)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, v);
    return text;
}

/**
 * Why each query was chosen, in words: ALFA-Mix's flipping anchors and predictions (Eq. 5-6), or for
 * Coreset and BADGE the distance to the nearest labeled image in the penultimate features (k-center's
 * own quantity; BADGE's gradient embedding scales these features per class).
 */
void addReasons(ActiveLearner& learner, const Proposal& proposal, std::vector<QueryCard>& cards)
{
    for (size_t i = 0; i < cards.size() && i < proposal.queries.size(); ++i) {
        const std::optional<AlfaMixQuery>& a = proposal.queries[i].alfaMix;
        if (!a)
            continue;
        if (!a->candidate) {
            cards[i].reason = "filled in: fewer than b images flip under any anchor mix";
            continue;
        }
        // The anchors by name when few flip it, else their count; ||alpha*|| stays in the results file (it
        // is huge where the image and the anchor share zero features, so it means little on a card).
        std::string anchors;
        for (int c : a->flipClasses)
            anchors += (anchors.empty() ? "" : ", ") + className(learner, c);
        if (a->flipClasses.size() > 3)
            anchors = std::to_string(a->flipClasses.size()) + " classes";
        cards[i].reason = "a mix toward the anchor of " + anchors + " flips the prediction " +
                          className(learner, a->predictionBefore) + " \u2192 " +
                          className(learner, a->predictionAfter) + " (\u03b5 = " + fixed(a->epsilon, 2) + ")";
    }
    const StrategyKind kind = learner.config().strategy.kind;
    const std::vector<int64_t>& labeled = learner.labeledRows();
    if ((kind != StrategyKind::Coreset && kind != StrategyKind::Badge) || labeled.empty() || proposal.pairs)
        return;
    std::vector<int64_t> rows;
    for (const Query& q : proposal.queries)
        rows.push_back(q.indices.front());
    if (rows.empty())
        return;
    const torch::Tensor distance =
        std::get<0>(torch::cdist(penultimate(learner, rows, {}), penultimate(learner, labeled, {})).min(1))
            .to(torch::kCPU, torch::kDouble)
            .contiguous();
    for (size_t i = 0; i < cards.size() && i < rows.size(); ++i) {
        cards[i].nearestLabeledDistance = distance[static_cast<int64_t>(i)].item<double>();
        cards[i].reason = "nearest labeled image at distance " + fixed(cards[i].nearestLabeledDistance, 2) +
                          " (penultimate features)";
    }
}

}  // namespace

std::vector<float> displayLambdas(double tau, int n, uint64_t seed)
{
    if (n <= 0 || !(tau > 0.0))
        return {};
    at::Generator generator = torch::make_generator<at::CPUGeneratorImpl>(seed);
    const torch::Tensor lambda = sampleBeta(torch::full({n}, tau, torch::kFloat), generator).contiguous();
    return {lambda.data_ptr<float>(), lambda.data_ptr<float>() + n};
}

RoundCards roundPlotData(const RoundReport& report)
{
    RoundCards p;
    const Proposal& proposal = report.proposal;
    const AcquisitionDiagnostics& d = proposal.diagnostics;
    p.round = report.round;
    p.mixLayer = d.mixLayer;
    p.pairs = d.mixLayer >= 0;
    p.tauAll = d.tauAll;
    p.virtualScoreAll = d.virtualScoreAll;
    p.meanVirtualScore = d.meanVirtualScore;
    for (const Query& q : proposal.queries) {
        if (!(q.tau > 0.0))
            continue;
        QueryCard card;
        card.images.resize(2);  // a pair: the plots need its tau* only
        card.tau = q.tau;
        card.virtualEntropy = q.virtualEntropy;
        p.queries.push_back(std::move(card));
    }
    return p;
}

RoundCards initialCards(const ActiveLearner& learner, const std::vector<int64_t>& rows)
{
    RoundCards p;
    p.round = 0;
    p.strategy = "initial set";
    for (int64_t row : rows) {
        QueryCard q;
        q.images.push_back(imageOf(learner.train(), row));
        p.queries.push_back(std::move(q));
    }
    return p;
}

RoundCards proposalCards(ActiveLearner& learner, const Proposal& proposal, int lambdaSamples, uint64_t seed)
{
    RoundCards p;
    p.round = proposal.round;
    p.pairs = proposal.pairs;
    p.strategy = learner.strategy().name();
    p.mixLayer = proposal.diagnostics.mixLayer;
    p.tauAll = proposal.diagnostics.tauAll;
    p.virtualScoreAll = proposal.diagnostics.virtualScoreAll;
    p.meanVirtualScore = proposal.diagnostics.meanVirtualScore;
    uint64_t cardSeed = seed;
    for (const Query& query : proposal.queries) {
        QueryCard q;
        for (size_t i = 0; i < query.indices.size(); ++i) {
            ImageView image = imageOf(learner.train(), query.indices[i]);
            if (i < query.imageScores.size())
                image.score = query.imageScores[i];
            q.images.push_back(std::move(image));
        }
        q.score = query.score;
        q.tau = query.tau;
        q.virtualEntropy = query.virtualEntropy;
        if (query.indices.size() == 2)
            q.lambdas = displayLambdas(query.tau, lambdaSamples, ++cardSeed);
        p.queries.push_back(std::move(q));
    }
    addPredictions(learner, p.queries);
    addReasons(learner, proposal, p.queries);
    return p;
}

EmbeddingMap embeddingMap(ActiveLearner& learner, const Proposal* proposal, int poolPoints, int iterations,
                          uint64_t seed, const Progress& progress)
{
    const auto start = std::chrono::steady_clock::now();
    std::mt19937_64 rng(seed);
    EmbeddingMap view;
    view.round = learner.round();
    std::vector<int64_t> rows;

    std::vector<int64_t> pool;
    for (int64_t r = 0; r < learner.train().size(); ++r)
        if (learner.isInPool(r))
            pool.push_back(r);
    std::shuffle(pool.begin(), pool.end(), rng);
    pool.resize(std::min<size_t>(pool.size(), static_cast<size_t>(std::max(0, poolPoints))));
    std::vector<int64_t> labeled = learner.labeledRows();
    std::shuffle(labeled.begin(), labeled.end(), rng);
    labeled.resize(std::min<size_t>(labeled.size(), 1000));

    std::vector<int64_t> queried, candidates;
    if (proposal) {
        queried = proposal->queriedIndices();
        candidates = proposal->diagnostics.candidateSet;  // ALFA-Mix's I (Eq. 6): as many as the pool sample
        std::shuffle(candidates.begin(), candidates.end(), rng);
        candidates.resize(std::min<size_t>(candidates.size(), static_cast<size_t>(std::max(0, poolPoints))));
    }
    auto isIn = [](const std::vector<int64_t>& v, int64_t r) { return std::find(v.begin(), v.end(), r) != v.end(); };
    auto add = [&](int64_t row, int role, int label) {
        rows.push_back(row);
        view.role.push_back(role);
        view.label.push_back(label);
    };
    for (int64_t r : pool)
        if (!isIn(queried, r) && !isIn(candidates, r))
            add(r, 0, -1);
    for (int64_t r : candidates)
        if (!isIn(queried, r))
            add(r, 3, -1);
    for (int64_t r : labeled)
        add(r, 1, static_cast<int>(learner.labelOf(r)));
    const int firstQueried = static_cast<int>(rows.size());
    for (int64_t r : queried)
        add(r, 2, -1);
    if (proposal && proposal->pairs) {
        int next = firstQueried;
        for (const Query& q : proposal->queries) {
            if (q.indices.size() == 2) {
                EmbeddingMap::Pair pair;
                pair.a = next;
                pair.b = next + 1;
                pair.lambdas = displayLambdas(std::max(q.tau, 1e-3), 5, rng());
                view.pairs.push_back(std::move(pair));
            }
            next += static_cast<int>(q.indices.size());
        }
    }
    if (rows.size() < 4)
        return view;

    const torch::Tensor features = penultimate(learner, rows, progress);
    c10::InferenceMode inference;
    TsneOptions options;
    options.iterations = std::max(50, iterations);
    options.exaggerationIterations = std::min(100, options.iterations / 4);
    options.seed = rng();
    const torch::Tensor map = tsne(features, options, progress).cpu().contiguous();
    for (int64_t i = 0; i < map.size(0); ++i) {
        view.x.push_back(map[i][0].item<float>());
        view.y.push_back(map[i][1].item<float>());
    }
    view.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return view;
}

}  // namespace lada
