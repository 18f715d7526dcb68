// SPDX-License-Identifier: MIT
#include "core/acquisition/info_mixup.h"

#include "core/acquisition/uncertainty.h"
#include "core/augmentation/beta_sampler.h"
#include "core/augmentation/mixup.h"
#include "core/error.h"

#include <torch/optim/adam.h>

#include <algorithm>
#include <limits>

namespace lada {

namespace {

// Mixed maps b + lambda (a - b) for flat sample indices [s0, s1) of an [S, P] lambda grid (sample-major:
// s = n * P + p). The difference is taken per chunk, so no [P, ...] temporary the size of the maps exists.
torch::Tensor mixChunk(const torch::Tensor& mapsA, const torch::Tensor& mapsB, const torch::Tensor& lambdaFlat,
                       int64_t s0, int64_t s1)
{
    const int64_t pairs = mapsB.size(0);
    const torch::Tensor pairIdx =
        torch::arange(s0, s1, torch::TensorOptions().dtype(torch::kLong).device(mapsB.device())).remainder(pairs);
    std::vector<int64_t> view(static_cast<size_t>(mapsB.dim()), 1);
    view[0] = s1 - s0;
    const torch::Tensor l = lambdaFlat.slice(0, s0, s1).view(view);
    const torch::Tensor b = mapsB.index_select(0, pairIdx);
    return b + l * (mapsA.index_select(0, pairIdx) - b);
}

}  // namespace

torch::Tensor acquisitionScore(const torch::Tensor& logits, AcquisitionScore score)
{
    return score == AcquisitionScore::Entropy ? entropyBits(logits) : variationRatio(logits);
}

FrozenParameters::FrozenParameters(torch::nn::Module& module)
{
    for (torch::Tensor& p : module.parameters()) {
        m_saved.emplace_back(p, p.requires_grad());
        p.set_requires_grad(false);
    }
}

FrozenParameters::~FrozenParameters()
{
    for (auto& [p, flag] : m_saved)
        p.set_requires_grad(flag);
}

torch::Tensor mixedScores(ClassifierImpl& model, int k, const torch::Tensor& mapsA, const torch::Tensor& mapsB,
                          const torch::Tensor& lambda, AcquisitionScore score, int64_t passBatch)
{
    c10::InferenceMode inference;
    model.eval();
    const torch::Tensor flat = lambda.reshape({-1}).to(mapsA.device(), mapsA.scalar_type());
    const int64_t total = flat.size(0);
    std::vector<torch::Tensor> parts;
    for (int64_t s0 = 0; s0 < total; s0 += passBatch) {
        const int64_t s1 = std::min(total, s0 + passBatch);
        parts.push_back(acquisitionScore(model.head(mixChunk(mapsA, mapsB, flat, s0, s1), k), score));
    }
    return torch::cat(parts).view(lambda.sizes());
}

torch::Tensor virtualInstanceScores(ClassifierImpl& model, int k, const torch::Tensor& mapsA,
                                    const torch::Tensor& mapsB, const torch::Tensor& tau, int samples,
                                    AcquisitionScore score, int64_t passBatch, const Progress& progress)
{
    torch::Tensor lambda;
    {
        torch::NoGradGuard noGrad;
        lambda = sampleBeta(tau.detach().to(mapsA.device()).unsqueeze(0).repeat({samples, 1}));
    }
    progress.checkCancel();
    return mixedScores(model, k, mapsA, mapsB, lambda, score, passBatch).mean(0).to(torch::kCPU);
}

torch::Tensor tabulateMixingCurve(ClassifierImpl& model, int k, const torch::Tensor& mapsA, const torch::Tensor& mapsB,
                                  const torch::Tensor& scoresA, const torch::Tensor& scoresB, int points,
                                  AcquisitionScore score, int64_t passBatch)
{
    const int64_t pairs = mapsA.size(0);
    const int64_t g = std::max(2, points);
    const auto opts = mapsA.options();
    torch::Tensor table = torch::empty({pairs, g}, opts);
    table.select(1, 0).copy_(scoresB.to(opts));
    table.select(1, g - 1).copy_(scoresA.to(opts));
    if (g > 2) {
        const torch::Tensor inner = torch::linspace(0.0, 1.0, g, opts).slice(0, 1, g - 1);  // [G - 2]
        const torch::Tensor s = mixedScores(model, k, mapsA, mapsB, inner.unsqueeze(1).repeat({1, pairs}), score,
                                            passBatch);  // [G - 2, P]
        table.slice(1, 1, g - 1).copy_(s.t());
    }
    return table;
}

torch::Tensor interpolateCurve(const torch::Tensor& table, const torch::Tensor& lambda)
{
    const int64_t g = table.size(1);
    const torch::Tensor pos = lambda.to(table.scalar_type()) * double(g - 1);
    const torch::Tensor i0 = pos.detach().floor().clamp(0, double(g - 2)).to(torch::kLong);
    const torch::Tensor frac = pos - i0.to(pos.scalar_type());
    return table.gather(1, i0) * (1.0 - frac) + table.gather(1, i0 + 1) * frac;
}

InfoMixupResult trainMixingPolicy(ClassifierImpl& model, int k, const torch::Tensor& mapsA, const torch::Tensor& mapsB,
                                  PolicyGenerator& policy, const InfoMixupOptions& options, const Progress& progress,
                                  const torch::Tensor& curveTable)
{
    const int64_t pairs = mapsA.size(0);
    const int n = options.lambdaSamples;
    if (n < 1 || options.epochs < 1 || options.batchPairs < 1)
        throw ConfigError("policy training needs N >= 1 lambda samples, >= 1 epoch and >= 1 pair per batch");
    const bool curve = options.objective == "curve";
    if (!curve && options.objective != "exact")
        throw ConfigError("unknown policy objective \"" + options.objective + "\": expected exact or curve");

    model.eval();
    // Freeze the classifier: the policy's gradient only needs d(loss)/d(h_mix), not d(loss)/d(theta).
    FrozenParameters frozen(model);
    policy->to(mapsA.device());
    policy->train();
    torch::optim::Adam optimizer(policy->parameters(), torch::optim::AdamOptions(options.learningRate));

    if (curve && (!curveTable.defined() || curveTable.size(0) != pairs))
        throw ConfigError("the curve objective needs a table of the pairs' scores (tabulateMixingCurve)");

    const int64_t micro = std::clamp<int64_t>(
        options.microBatchPairs > 0 ? options.microBatchPairs : options.batchPairs, 1, options.batchPairs);
    InfoMixupResult result;
    double best = std::numeric_limits<double>::infinity();
    torch::Tensor epochTau = torch::zeros({pairs}, mapsA.options());
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        const torch::Tensor order =
            torch::randperm(pairs, torch::TensorOptions().dtype(torch::kLong).device(mapsA.device()));
        double epochLoss = 0.0;
        for (int64_t begin = 0; begin < pairs; begin += options.batchPairs) {
            progress.checkCancel();
            const torch::Tensor batch = order.slice(0, begin, std::min(pairs, begin + options.batchPairs));
            optimizer.zero_grad();
            double loss = 0.0;
            // L_pi is a sum over the batch's pairs, so its gradient is accumulated over micro-batches of
            // pairs (the policy's input for 100 resnet18 pairs at k = 1 is 40 MB, and its convolution
            // holds several copies); one Adam step per batch of the paper's size.
            for (int64_t m0 = 0; m0 < batch.size(0); m0 += micro) {
                const torch::Tensor idx = batch.slice(0, m0, std::min(batch.size(0), m0 + micro));
                const torch::Tensor a = mapsA.index_select(0, idx), bb = mapsB.index_select(0, idx);
                const torch::Tensor tau = policy->forward(a, bb);                          // [B]
                const torch::Tensor lambda = sampleBeta(tau.unsqueeze(0).repeat({n, 1}));  // [N, B], pathwise
                if (curve) {
                    const torch::Tensor s = interpolateCurve(curveTable.index_select(0, idx), lambda.t());
                    const torch::Tensor l = -s.sum() / double(n);
                    l.backward();
                    loss += l.item<double>();
                } else {
                    // One batched pass over the N x B mixed maps, chunked to bound memory: the chunks'
                    // d loss / d lambda accumulate in a leaf copy, then flow to phi in one backward.
                    const torch::Tensor leaf = lambda.detach().reshape({-1}).requires_grad_(true);
                    const int64_t total = leaf.size(0);
                    for (int64_t s0 = 0; s0 < total; s0 += options.passBatch) {
                        const int64_t s1 = std::min(total, s0 + options.passBatch);
                        const torch::Tensor mixed = mixChunk(a, bb, leaf, s0, s1);
                        const torch::Tensor l =
                            -acquisitionScore(model.head(mixed, k), options.score).sum() / double(n);
                        l.backward();
                        loss += l.item<double>();
                    }
                    lambda.backward(leaf.grad().view(lambda.sizes()));
                }
                epochTau.index_copy_(0, idx, tau.detach());
            }
            optimizer.step();
            epochLoss += loss;
        }
        result.epochLoss.push_back(epochLoss);
        if (epochLoss < best) {
            best = epochLoss;
            result.bestEpoch = epoch;
            result.tau = epochTau.clone();
        }
        progress("policy training", epoch + 1, options.epochs);
    }
    policy->eval();
    return result;
}

}  // namespace lada
