// SPDX-License-Identifier: MIT
#include "core/acquisition/lada_strategy.h"

#include "core/augmentation/beta_sampler.h"
#include "core/error.h"
#include "core/util/device.h"
#include "core/util/seconds_since.h"

#include <algorithm>
#include <chrono>

namespace lada {

namespace {

std::vector<float> toVector(const torch::Tensor& t)
{
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat).contiguous();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

}  // namespace

/**
 * Every chunk size of one round, derived once from byte budgets so that peak memory is bounded whatever
 * the pool size (a resnet18 acquisition stays under 1 GB). Budgets are on the largest block output of a
 * pass (ClassifierImpl::inferenceBatch: 8 MiB is 41 resnet18 images at 28x28 whatever k, 128 for cnn).
 * The sizes bound memory and change what is computed only up to floating-point rounding; the policy
 * micro-batch also sets the order of the lambda draws within a batch (InfoMixupOptions::microBatchPairs).
 */
struct LadaStrategy::MemoryPlan {
    /// Candidates per h^k extraction pass (step 3): the 8 MiB inference batch rounded down to an even
    /// number, at least 2, so that a chunk never splits a pair (40 resnet18 images, 128 cnn).
    int64_t extractionChunk = 2;
    /// Mixed maps per head() pass without backward (the curve table, Eq. 13's virtual term): the
    /// passBatch option capped by the 8 MiB inference batch (41 resnet18 maps, 128 cnn).
    int64_t passBatch = 1;
    /// Mixed maps per head() pass of the exact policy objective (Eq. 11-12), whose chunks also keep their
    /// activations for backward: passBatch capped by a 4 MiB inference batch, half the maps (20 resnet18).
    int64_t policyPassBatch = 1;
    /// Policy input (both maps of a pair, 2 C_k H W floats) per policy forward/backward: 8 MiB.
    static constexpr int64_t kPolicyInputBytes = int64_t{8} << 20;

    /** The plan for `images` (uint8 [N, C, H, W]) through `model`; `passBatchOption` below 1 counts as 1. */
    static MemoryPlan forRound(ClassifierImpl& model, const torch::Tensor& images, int64_t passBatchOption)
    {
        MemoryPlan plan;
        const int64_t inference = model.inferenceBatch(images);
        plan.extractionChunk = std::max<int64_t>(2, inference & ~int64_t{1});
        plan.passBatch = std::min<int64_t>(std::max<int64_t>(1, passBatchOption), inference);
        plan.policyPassBatch = std::min<int64_t>(plan.passBatch, model.inferenceBatch(images, 128, int64_t{4} << 20));
        return plan;
    }

    /**
     * Pairs per policy forward/backward (InfoMixupOptions::microBatchPairs): kPolicyInputBytes of input,
     * at least 1 (20 resnet18 pairs at k = 1; cnn's batches of 100 stay whole). The one size that needs
     * h^k, float [P, ...] with P >= 1, so it is read after step (a).
     */
    int64_t policyMicroBatch(const torch::Tensor& mapsA) const
    {
        const int64_t pairBytes = 2 * mapsA[0].numel() * static_cast<int64_t>(mapsA.element_size());
        return std::max<int64_t>(1, kPolicyInputBytes / std::max<int64_t>(1, pairBytes));
    }
};

/** Step (a)'s pairs: pair p is candidates (2p, 2p + 1); an odd last candidate is left out. */
struct LadaStrategy::CandidatePairs {
    int64_t count = 0;     ///< P = floor(M / 2) for M candidates
    torch::Tensor mapsA;   ///< h^k(x_p), float [P, C_k, H, W] ([P, D] at the embedding) on the device, no graph
    torch::Tensor mapsB;   ///< h^k(x'_p), the same shape
    torch::Tensor scores;  ///< s(x) of the 2P paired candidates in candidate order, double [2P] on the CPU

    /** s(x_p), double [P]: a strided view of `scores`. */
    torch::Tensor scoresA() const { return scores.slice(0, 0, 2 * count, 2); }
    /** s(x'_p), double [P]: a strided view of `scores`. */
    torch::Tensor scoresB() const { return scores.slice(0, 1, 2 * count, 2); }
};

/** Step (b)'s mixing policy per pair. */
struct LadaStrategy::LearnedTau {
    torch::Tensor tau;               ///< tau*_p, float [P] on the maps' device
    torch::Tensor curve;             ///< the curve objective's table float [P, G]; undefined otherwise
    std::vector<double> policyLoss;  ///< L_pi per policy epoch (Eq. 12); empty for a fixed tau
    int bestEpoch = -1;              ///< the epoch whose tau outputs were kept; -1 for a fixed tau
};

/** Step (c)'s scores. */
struct LadaStrategy::PairScores {
    torch::Tensor virtualScore;  ///< (1/N) sum_n s(h_mix^n(tau*_p)), double [P] on the CPU
    torch::Tensor total;         ///< Eq. 13: s(x_p) + s(x'_p) + gamma * virtualScore, double [P] on the CPU
};

LadaStrategy::LadaStrategy(StrategyOptions options)
    : m_options(std::move(options))
    , m_score(m_options.kind == StrategyKind::LadaVarMix || m_options.kind == StrategyKind::LadaVarMixFixed
                  ? AcquisitionScore::VariationRatio
                  : AcquisitionScore::Entropy)
    , m_learnedTau(!usesFixedTau(m_options.kind))
{
    if (m_options.mixLayerMin > m_options.mixLayerMax)
        throw ConfigError("mixing layers " + std::to_string(m_options.mixLayerMin) + ":" +
                          std::to_string(m_options.mixLayerMax) + " are empty: use kmin:kmax with kmin <= kmax");
}

Proposal LadaStrategy::propose(AcquisitionContext& context)
{
    Proposal proposal;
    proposal.pairs = true;
    AcquisitionDiagnostics& diag = proposal.diagnostics;
    ClassifierImpl& model = context.model;
    model.checkBlock(m_options.mixLayerMin);
    model.checkBlock(m_options.mixLayerMax);
    model.to(context.device);
    model.eval();
    const MemoryPlan plan = MemoryPlan::forRound(model, context.images, m_options.passBatch);

    // Step 2, the mixing layer k: the round's only draw from the run's generator (the candidates arrive
    // shuffled, so step 1's pairing draws nothing).
    std::uniform_int_distribution<int> layer(m_options.mixLayerMin, m_options.mixLayerMax);
    const int k = layer(context.rng);
    diag.mixLayer = k;

    // (a) Steps 1 and 3: the pairs, their h^k (Eq. 8) and every candidate's score.
    auto start = std::chrono::steady_clock::now();
    const CandidatePairs pairs = extractPairs(context, k, plan);
    diag.candidates = 2 * pairs.count;
    diag.featureSeconds = secondsSince(start);
    releaseFreeHeap();  // the chunks' activations: what glibc kept of them would add to the policy stage's peak

    // (b) Steps 4-5: tau* per pair (Eq. 9-12).
    start = std::chrono::steady_clock::now();
    LearnedTau learned = learnTau(context, k, pairs, plan);
    diag.policyLoss = std::move(learned.policyLoss);
    diag.bestPolicyEpoch = learned.bestEpoch;
    diag.policySeconds = secondsSince(start);
    releaseFreeHeap();

    // (c) Step 6: Eq. 13 per pair.
    start = std::chrono::steady_clock::now();
    const PairScores scores = scorePairs(context, k, pairs, learned, plan);
    diag.scoringSeconds = secondsSince(start);
    diag.tauAll = toVector(learned.tau);
    diag.virtualScoreAll = toVector(scores.virtualScore);
    diag.meanVirtualScore = pairs.count > 0 ? scores.virtualScore.mean().item<double>() : 0.0;

    // (d) Step 7: the queries and the round's virtual pairs (Eq. 14).
    start = std::chrono::steady_clock::now();
    selectTopPairs(context, pairs, learned, scores, proposal);
    diag.selectionSeconds = secondsSince(start);
    return proposal;
}

LadaStrategy::CandidatePairs LadaStrategy::extractPairs(AcquisitionContext& context, int k,
                                                        const MemoryPlan& plan) const
{
    ClassifierImpl& model = context.model;
    CandidatePairs pairs;
    pairs.count = static_cast<int64_t>(context.candidates.size()) / 2;
    const int64_t m = 2 * pairs.count;
    const torch::Tensor rows =
        torch::tensor(std::vector<int64_t>(context.candidates.begin(), context.candidates.begin() + m), torch::kLong);
    // NoGradGuard rather than InferenceMode: the maps are saved for backward by the policy's mixing,
    // which inference tensors cannot be. Each chunk's maps go straight into the two sides' tensors, so
    // peak memory holds h^k once (for resnet18 at k = 1 and 2,000 images that is 400 MB) plus one chunk.
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> scoreParts;
    for (int64_t begin = 0; begin < m; begin += plan.extractionChunk) {
        context.progress.checkCancel();
        const int64_t end = std::min(m, begin + plan.extractionChunk);
        const torch::Tensor idx = rows.slice(0, begin, end);
        const torch::Tensor h =
            model.features(context.stats.normalize(context.images.index_select(0, idx), context.device), k);
        if (!pairs.mapsA.defined()) {
            std::vector<int64_t> shape = h.sizes().vec();
            shape[0] = pairs.count;
            pairs.mapsA = torch::empty(shape, h.options());
            pairs.mapsB = torch::empty(shape, h.options());
        }
        pairs.mapsA.narrow(0, begin / 2, (end - begin) / 2).copy_(h.slice(0, 0, end - begin, 2));
        pairs.mapsB.narrow(0, begin / 2, (end - begin) / 2).copy_(h.slice(0, 1, end - begin, 2));
        scoreParts.push_back(acquisitionScore(model.head(h, k), m_score).to(torch::kCPU, torch::kDouble));
        context.progress("feature extraction", end, m);
    }
    // Checked before the concatenation, which throws its own message for an empty list.
    if (!pairs.mapsA.defined())
        throw Error("LADA needs at least two pool candidates to pair");
    pairs.scores = torch::cat(scoreParts);
    return pairs;
}

LadaStrategy::LearnedTau LadaStrategy::learnTau(AcquisitionContext& context, int k, const CandidatePairs& pairs,
                                                const MemoryPlan& plan)
{
    LearnedTau learned;
    if (!m_learnedTau) {
        const double fixed = m_options.fixedTauFor(k);
        learned.tau = torch::full({pairs.count}, fixed, pairs.mapsA.options());
        return learned;
    }
    ClassifierImpl& model = context.model;
    auto it = m_policies.find(k);
    if (it == m_policies.end() || !m_options.warmStartPolicy) {
        PolicyGeneratorOptions po;
        po.mapChannels = pairs.mapsA.size(1);
        po.height = pairs.mapsA.dim() == 4 ? pairs.mapsA.size(2) : 1;
        po.width = pairs.mapsA.dim() == 4 ? pairs.mapsA.size(3) : 1;
        po.tauMax = m_options.tauMax;
        it = m_policies.insert_or_assign(k, PolicyGenerator(po)).first;
    }
    InfoMixupOptions io;
    io.score = m_score;
    io.lambdaSamples = m_options.lambdaSamples;
    io.epochs = m_options.policyEpochs;
    io.batchPairs = m_options.policyBatch;
    io.learningRate = m_options.policyLearningRate;
    io.objective = toString(m_options.policyObjective);
    io.curvePoints = m_options.curvePoints;
    io.passBatch = plan.policyPassBatch;
    io.microBatchPairs = plan.policyMicroBatch(pairs.mapsA);
    if (io.objective == "curve")
        learned.curve = tabulateMixingCurve(model, k, pairs.mapsA, pairs.mapsB, pairs.scoresA(), pairs.scoresB(),
                                            m_options.curvePoints, m_score, plan.passBatch);
    releaseFreeHeap();
    InfoMixupResult trained =
        trainMixingPolicy(model, k, pairs.mapsA, pairs.mapsB, it->second, io, context.progress, learned.curve);
    learned.tau = trained.tau;
    learned.policyLoss = std::move(trained.epochLoss);
    learned.bestEpoch = trained.bestEpoch;
    return learned;
}

LadaStrategy::PairScores LadaStrategy::scorePairs(AcquisitionContext& context, int k, const CandidatePairs& pairs,
                                                  const LearnedTau& learned, const MemoryPlan& plan) const
{
    PairScores scores;
    if (learned.curve.defined()) {
        // The curve objective reads Eq. 13's virtual term from the same table, with fresh lambdas.
        torch::NoGradGuard noGrad;
        const torch::Tensor lambda = sampleBeta(learned.tau.unsqueeze(1).repeat({1, m_options.lambdaSamples}));
        scores.virtualScore = interpolateCurve(learned.curve, lambda).mean(1).to(torch::kCPU, torch::kDouble);
    } else {
        scores.virtualScore = virtualInstanceScores(context.model, k, pairs.mapsA, pairs.mapsB, learned.tau,
                                                    m_options.lambdaSamples, m_score, plan.passBatch, context.progress)
                                  .to(torch::kDouble);
    }
    scores.total = pairs.scoresA() + pairs.scoresB() + m_options.gamma * scores.virtualScore;
    return scores;
}

void LadaStrategy::selectTopPairs(const AcquisitionContext& context, const CandidatePairs& pairs,
                                  const LearnedTau& learned, const PairScores& scores, Proposal& proposal)
{
    const int64_t count = pairs.count;
    std::vector<int64_t> order(static_cast<size_t>(count));
    for (int64_t p = 0; p < count; ++p)
        order[static_cast<size_t>(p)] = p;
    const torch::Tensor pairScoreC = scores.total.contiguous();  // keeps the data alive for the pointer
    const double* ps = pairScoreC.data_ptr<double>();
    std::stable_sort(order.begin(), order.end(), [ps](int64_t x, int64_t y) { return ps[x] > ps[y]; });
    const int64_t take = std::min<int64_t>(context.budget / 2, count);
    const torch::Tensor tauCpu = learned.tau.to(torch::kCPU, torch::kDouble).contiguous();
    const torch::Tensor sAc = pairs.scoresA().contiguous(), sBc = pairs.scoresB().contiguous();
    std::vector<bool> chosen(static_cast<size_t>(count), false);
    for (int64_t i = 0; i < take; ++i) {
        const int64_t p = order[static_cast<size_t>(i)];
        chosen[static_cast<size_t>(p)] = true;
        Query q;
        q.indices = {context.candidates[static_cast<size_t>(2 * p)],
                     context.candidates[static_cast<size_t>(2 * p + 1)]};
        q.imageScores = {sAc[p].item<double>(), sBc[p].item<double>()};
        q.score = ps[p];
        q.tau = tauCpu[p].item<double>();
        q.virtualEntropy = scores.virtualScore[p].item<double>();
        proposal.virtualPairs.push_back({q.indices[0], q.indices[1], q.tau});
        proposal.queries.push_back(std::move(q));
    }
    if (context.budget % 2 == 1) {
        int64_t bestRow = -1;
        double bestScore = -1.0;
        const torch::Tensor singleC = pairs.scores.contiguous();
        const double* sc = singleC.data_ptr<double>();
        for (int64_t c = 0; c < 2 * count; ++c)
            if (!chosen[static_cast<size_t>(c / 2)] && sc[c] > bestScore) {
                bestScore = sc[c];
                bestRow = c;
            }
        if (bestRow >= 0) {
            Query q;
            q.indices = {context.candidates[static_cast<size_t>(bestRow)]};
            q.imageScores = {bestScore};
            q.score = bestScore;
            proposal.queries.push_back(std::move(q));
        }
    }
}

VirtualInstanceView inspectVirtualInstance(ClassifierImpl& model, const torch::Tensor& imageA,
                                           const torch::Tensor& imageB, int k, double lambda, const ChannelStats& stats,
                                           const torch::Device& device)
{
    c10::InferenceMode inference;
    model.to(device);
    model.eval();
    model.checkBlock(k);
    const torch::Tensor both = stats.normalize(torch::stack({imageA, imageB}), device);
    const torch::Tensor h = model.features(both, k);
    const torch::Tensor hm = lambda * h.narrow(0, 0, 1) + (1.0 - lambda) * h.narrow(0, 1, 1);
    VirtualInstanceView view;
    view.featureMix = toVector(torch::softmax(model.head(hm, k), 1).squeeze(0));
    if (imageA.scalar_type() != torch::kUInt8) {
        // Backbone embeddings: the input-level mix is the mixed embedding, and there are no pixels to show.
        const torch::Tensor e = stats.normalize(torch::stack({imageA, imageB}), device);
        const torch::Tensor em = lambda * e.narrow(0, 0, 1) + (1.0 - lambda) * e.narrow(0, 1, 1);
        view.inputMix = toVector(torch::softmax(model.forward(em), 1).squeeze(0));
        return view;
    }
    const torch::Tensor mixedU8 = (lambda * imageA.to(torch::kFloat) + (1.0 - lambda) * imageB.to(torch::kFloat))
                                      .round()
                                      .clamp(0, 255)
                                      .to(torch::kUInt8)
                                      .contiguous();
    view.inputMix =
        toVector(torch::softmax(model.forward(stats.normalize(mixedU8.unsqueeze(0), device)), 1).squeeze(0));
    view.mixedImage.assign(mixedU8.data_ptr<uint8_t>(), mixedU8.data_ptr<uint8_t>() + mixedU8.numel());
    return view;
}

}  // namespace lada
