// SPDX-License-Identifier: MIT
#include "core/acquisition/lada_strategy.h"

#include "core/augmentation/beta_sampler.h"
#include "core/augmentation/mixup.h"
#include "core/error.h"
#include "core/util/device.h"

#include <algorithm>
#include <chrono>

namespace lada {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<float> toVector(const torch::Tensor& t)
{
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat).contiguous();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

} // namespace

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

    // Step 1: random pairs (the candidates arrive shuffled), step 2: the mixing layer k.
    const int64_t pairs = static_cast<int64_t>(context.candidates.size()) / 2;
    const int64_t m = 2 * pairs;
    diag.candidates = m;
    std::uniform_int_distribution<int> layer(m_options.mixLayerMin, m_options.mixLayerMax);
    const int k = layer(context.rng);
    diag.mixLayer = k;

    // Step 3: h^k and the score of every candidate, once. NoGradGuard rather than InferenceMode: the
    // maps are saved for backward by the policy's mixing, which inference tensors cannot be.
    auto start = std::chrono::steady_clock::now();
    const torch::Tensor rows = torch::tensor(std::vector<int64_t>(context.candidates.begin(),
                                                                  context.candidates.begin() + m), torch::kLong);
    // Pair p = candidates (2p, 2p + 1): each chunk's maps go straight into the two sides' tensors, so
    // peak memory holds h^k once (for resnet18 at k = 1 and 2,000 images that is 400 MB) plus one chunk.
    torch::Tensor mapsA, mapsB, single;
    {
        torch::NoGradGuard noGrad;
        std::vector<torch::Tensor> scoreParts;
        // Even, so that a chunk never splits a pair; small enough to bound the forward's activations.
        const int64_t chunk = std::max<int64_t>(2, model.inferenceBatch(context.images) & ~int64_t{1});
        for (int64_t begin = 0; begin < m; begin += chunk) {
            context.progress.checkCancel();
            const int64_t end = std::min(m, begin + chunk);
            const torch::Tensor idx = rows.slice(0, begin, end);
            const torch::Tensor h = model.features(context.stats.normalize(context.images.index_select(0, idx), context.device), k);
            if (!mapsA.defined()) {
                std::vector<int64_t> shape = h.sizes().vec();
                shape[0] = pairs;
                mapsA = torch::empty(shape, h.options());
                mapsB = torch::empty(shape, h.options());
            }
            mapsA.narrow(0, begin / 2, (end - begin) / 2).copy_(h.slice(0, 0, end - begin, 2));
            mapsB.narrow(0, begin / 2, (end - begin) / 2).copy_(h.slice(0, 1, end - begin, 2));
            scoreParts.push_back(acquisitionScore(model.head(h, k), m_score).to(torch::kCPU, torch::kDouble));
            context.progress("feature extraction", end, m);
        }
        single = torch::cat(scoreParts);
    }
    if (!mapsA.defined())
        throw Error("LADA needs at least two pool candidates to pair");
    // Chunks of mixed maps through head() small enough that their activations (saved ones too, for the
    // exact objective's backward) stay bounded: the largest block map of a chunk within 8 MiB (41 resnet18
    // maps at 28x28, whatever k; 128 for cnn), and never more than the passBatch option.
    const int64_t passBatch = std::min<int64_t>(std::max<int64_t>(1, m_options.passBatch), model.inferenceBatch(context.images));
    diag.featureSeconds = secondsSince(start);
    releaseFreeHeap();  // the chunks' activations: what glibc kept of them would add to the policy stage's peak

    // Steps 4-5: tau* per pair.
    start = std::chrono::steady_clock::now();
    torch::Tensor tau, curve;
    if (m_learnedTau) {
        auto it = m_policies.find(k);
        if (it == m_policies.end() || !m_options.warmStartPolicy) {
            PolicyGeneratorOptions po;
            po.mapChannels = mapsA.size(1);
            po.height = mapsA.dim() == 4 ? mapsA.size(2) : 1;
            po.width = mapsA.dim() == 4 ? mapsA.size(3) : 1;
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
        // The exact objective's chunks also keep their activations for backward: half the maps per chunk.
        io.passBatch = std::min<int64_t>(passBatch, model.inferenceBatch(context.images, 128, int64_t{4} << 20));
        // The policy's input is both maps of a pair: micro-batches of at most 8 MiB of it (20 resnet18
        // pairs at k = 1; cnn's batches of 100 stay whole).
        const int64_t pairBytes = 2 * mapsA[0].numel() * static_cast<int64_t>(mapsA.element_size());
        io.microBatchPairs = std::max<int64_t>(1, (int64_t{8} << 20) / std::max<int64_t>(1, pairBytes));
        if (io.objective == "curve")
            curve = tabulateMixingCurve(model, k, mapsA, mapsB, single.slice(0, 0, m, 2),
                                        single.slice(0, 1, m, 2), m_options.curvePoints, m_score, passBatch);
        releaseFreeHeap();
        InfoMixupResult trained = trainMixingPolicy(model, k, mapsA, mapsB, it->second, io,
                                                    context.progress, curve);
        tau = trained.tau;
        diag.policyLoss = trained.epochLoss;
        diag.bestPolicyEpoch = trained.bestEpoch;
    } else {
        const double fixed = m_options.fixedTauFor(k);
        tau = torch::full({pairs}, fixed, mapsA.options());
    }
    diag.policySeconds = secondsSince(start);
    releaseFreeHeap();

    // Step 6: Eq. 13 with fresh lambda samples.
    start = std::chrono::steady_clock::now();
    torch::Tensor virtualScore;
    if (curve.defined()) {
        // The curve objective reads Eq. 13's virtual term from the same table, with fresh lambdas.
        torch::NoGradGuard noGrad;
        const torch::Tensor lambda = sampleBeta(tau.unsqueeze(1).repeat({1, m_options.lambdaSamples}));
        virtualScore = interpolateCurve(curve, lambda).mean(1).to(torch::kCPU, torch::kDouble);
    } else {
        virtualScore = virtualInstanceScores(model, k, mapsA, mapsB, tau,
                                             m_options.lambdaSamples, m_score, passBatch, context.progress)
                           .to(torch::kDouble);
    }
    const torch::Tensor sA = single.slice(0, 0, m, 2), sB = single.slice(0, 1, m, 2);
    const torch::Tensor pairScore = sA + sB + m_options.gamma * virtualScore;
    diag.scoringSeconds = secondsSince(start);
    diag.tauAll = toVector(tau);
    diag.virtualScoreAll = toVector(virtualScore);
    diag.meanVirtualScore = pairs > 0 ? virtualScore.mean().item<double>() : 0.0;

    // Step 7: the top floor(b/2) pairs; an odd budget adds the best remaining single image.
    start = std::chrono::steady_clock::now();
    std::vector<int64_t> order(static_cast<size_t>(pairs));
    for (int64_t p = 0; p < pairs; ++p)
        order[static_cast<size_t>(p)] = p;
    const torch::Tensor pairScoreC = pairScore.contiguous();  // keeps the data alive for the pointer
    const double* ps = pairScoreC.data_ptr<double>();
    std::stable_sort(order.begin(), order.end(), [ps](int64_t x, int64_t y) { return ps[x] > ps[y]; });
    const int64_t take = std::min<int64_t>(context.budget / 2, pairs);
    const torch::Tensor tauCpu = tau.to(torch::kCPU, torch::kDouble).contiguous();
    const torch::Tensor sAc = sA.contiguous(), sBc = sB.contiguous();
    std::vector<bool> chosen(static_cast<size_t>(pairs), false);
    for (int64_t i = 0; i < take; ++i) {
        const int64_t p = order[static_cast<size_t>(i)];
        chosen[static_cast<size_t>(p)] = true;
        Query q;
        q.indices = {context.candidates[static_cast<size_t>(2 * p)], context.candidates[static_cast<size_t>(2 * p + 1)]};
        q.imageScores = {sAc[p].item<double>(), sBc[p].item<double>()};
        q.score = ps[p];
        q.tau = tauCpu[p].item<double>();
        q.virtualEntropy = virtualScore[p].item<double>();
        proposal.virtualPairs.push_back({q.indices[0], q.indices[1], q.tau});
        proposal.queries.push_back(std::move(q));
    }
    if (context.budget % 2 == 1) {
        int64_t bestRow = -1;
        double bestScore = -1.0;
        const torch::Tensor singleC = single.contiguous();
        const double* sc = singleC.data_ptr<double>();
        for (int64_t c = 0; c < m; ++c)
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
    diag.selectionSeconds = secondsSince(start);
    return proposal;
}

VirtualInstanceView inspectVirtualInstance(ClassifierImpl& model, const torch::Tensor& imageA,
                                           const torch::Tensor& imageB, int k, double lambda,
                                           const ChannelStats& stats, const torch::Device& device)
{
    c10::InferenceMode inference;
    model.to(device);
    model.eval();
    model.checkBlock(k);
    const torch::Tensor both = stats.normalize(torch::stack({imageA, imageB}), device);
    const torch::Tensor h = model.features(both, k);
    const torch::Tensor hm = lambda * h.narrow(0, 0, 1) + (1.0 - lambda) * h.narrow(0, 1, 1);
    const torch::Tensor mixedU8 = (lambda * imageA.to(torch::kFloat) + (1.0 - lambda) * imageB.to(torch::kFloat))
                                      .round().clamp(0, 255).to(torch::kUInt8).contiguous();
    VirtualInstanceView view;
    view.featureMix = toVector(torch::softmax(model.head(hm, k), 1).squeeze(0));
    view.inputMix = toVector(torch::softmax(model.forward(stats.normalize(mixedU8.unsqueeze(0), device)), 1).squeeze(0));
    view.mixedImage.assign(mixedU8.data_ptr<uint8_t>(), mixedU8.data_ptr<uint8_t>() + mixedU8.numel());
    return view;
}

} // namespace lada
