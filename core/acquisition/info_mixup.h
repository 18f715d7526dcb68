// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/policy_generator.h"
#include "core/nn/classifier.h"
#include "core/util/progress.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace lada {

/** The acquisition score a virtual instance is judged by: entropy (EntMix) or variation ratio (VarMix). */
enum class AcquisitionScore { Entropy, VariationRatio };

/** entropyBits or variationRatio of logits [N, C] -> [N], differentiable. */
torch::Tensor acquisitionScore(const torch::Tensor& logits, AcquisitionScore score);

/** Settings of InfoMixup policy training (Eq. 10-12). */
struct InfoMixupOptions {
    AcquisitionScore score = AcquisitionScore::Entropy;
    int lambdaSamples = 10;  ///< N
    int epochs = 10;
    int batchPairs = 100;
    double learningRate = 5e-5;       ///< Adam
    std::string objective = "exact";  ///< "exact": N head passes per pair and step; "curve": see below
    int curvePoints = 9;              ///< lambda nodes of the "curve" objective
    int64_t passBatch = 512;          ///< mixed samples per head pass (bounds peak memory)
    /// Pairs per policy forward/backward within a batch (0 = the whole batch): the gradient of a batch is
    /// accumulated over its micro-batches and Adam steps once per batch, so only memory changes (and the
    /// order in which the lambda samples are drawn).
    int64_t microBatchPairs = 0;
};

/**
 * The score along each pair's mixing line, tabulated at G evenly spaced lambdas: table[p][g] =
 * s(head(lambda_g h_a + (1 - lambda_g) h_b)), lambda_g = g / (G - 1), float [P, G] (a plain tensor).
 * The end nodes are the pure images (lambda 0 is h_b, lambda 1 is h_a): they are copied from
 * `scoresB`, `scoresA` (float [P]) rather than recomputed, so G - 2 head passes per pair are run.
 */
torch::Tensor tabulateMixingCurve(ClassifierImpl& model, int k, const torch::Tensor& mapsA, const torch::Tensor& mapsB,
                                  const torch::Tensor& scoresA, const torch::Tensor& scoresB, int points,
                                  AcquisitionScore score, int64_t passBatch);

/** Linear interpolation of a curve table [P, G] at lambda [P, N] in [0, 1] -> [P, N], differentiable in lambda. */
torch::Tensor interpolateCurve(const torch::Tensor& table, const torch::Tensor& lambda);

/** What policy training produced. */
struct InfoMixupResult {
    torch::Tensor tau;              ///< float [P] on the maps' device: tau* of the best epoch
    std::vector<double> epochLoss;  ///< L_pi summed over the pairs, per epoch (lower = more uncertain)
    int bestEpoch = -1;
};

/**
 * Trains pi_phi to maximise the acquisition score of virtual instances (Eq. 10-12) and returns the tau
 * outputs of the epoch with the lowest loss. `mapsA`, `mapsB` are the block-k maps of the P pairs
 * (float [P, ...], plain tensors made under NoGradGuard, on the model's device). The classifier is in
 * eval mode with its weights frozen for the duration (restored after): only d loss / d h_mix flows.
 * Objective "exact": each step draws N lambdas per pair with the pathwise Beta gradient and runs all
 * N x B mixed maps through head() in chunks of passBatch, accumulating d loss / d lambda.
 * Objective "curve": the N samples read s(lambda) from `curveTable` (tabulateMixingCurve, required)
 * by linear interpolation: the same estimator of E_lambda[s] with a piecewise-linear s, and no head
 * pass per step; bench_lada measures what it keeps of the exact objective's virtual entropy.
 * Progress phase "policy training" per epoch; throws Cancelled.
 */
InfoMixupResult trainMixingPolicy(ClassifierImpl& model, int k, const torch::Tensor& mapsA, const torch::Tensor& mapsB,
                                  PolicyGenerator& policy, const InfoMixupOptions& options,
                                  const Progress& progress = {}, const torch::Tensor& curveTable = {});

/**
 * Mean acquisition score of N virtual instances per pair, lambda ~ Beta(tau, tau) drawn fresh:
 * (1/N) sum_n s(head(lambda_n h_a + (1 - lambda_n) h_b)), the last term of Eq. 13.
 * `tau` float [P]; returns float [P] on the CPU. Runs under InferenceMode in chunks of passBatch.
 */
torch::Tensor virtualInstanceScores(ClassifierImpl& model, int k, const torch::Tensor& mapsA,
                                    const torch::Tensor& mapsB, const torch::Tensor& tau, int samples,
                                    AcquisitionScore score, int64_t passBatch, const Progress& progress = {});

/**
 * Scores of the mixes at given lambdas: lambda float [S, P] -> scores float [S, P] (no gradient),
 * chunked by passBatch. Used by virtualInstanceScores, the "curve" table and the benchmarks.
 */
torch::Tensor mixedScores(ClassifierImpl& model, int k, const torch::Tensor& mapsA, const torch::Tensor& mapsB,
                          const torch::Tensor& lambda, AcquisitionScore score, int64_t passBatch);

/** Sets requires_grad(false) on a module's parameters for its lifetime and restores them after. */
class FrozenParameters {
public:
    explicit FrozenParameters(torch::nn::Module& module);
    ~FrozenParameters();
    FrozenParameters(const FrozenParameters&) = delete;
    FrozenParameters& operator=(const FrozenParameters&) = delete;

private:
    std::vector<std::pair<torch::Tensor, bool>> m_saved;
};

}  // namespace lada
