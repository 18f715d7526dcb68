// SPDX-License-Identifier: MIT
#include "core/acquisition/uncertainty.h"

#include <cmath>

namespace lada {

namespace {
const double kInvLn2 = 1.0 / std::log(2.0);

// -sum p log2 p from log-probabilities along the last dimension.
torch::Tensor entropyFromLogProbs(const torch::Tensor& logp)
{
    return -(logp.exp() * logp).sum(-1) * kInvLn2;
}
}  // namespace

torch::Tensor entropyBits(const torch::Tensor& logits)
{
    return entropyFromLogProbs(torch::log_softmax(logits.to(torch::kFloat), -1));
}

torch::Tensor variationRatio(const torch::Tensor& logits)
{
    return 1.0 - std::get<0>(torch::softmax(logits.to(torch::kFloat), -1).max(-1));
}

torch::Tensor baldBits(const torch::Tensor& mcLogits)
{
    const torch::Tensor logp = torch::log_softmax(mcLogits.to(torch::kFloat), -1);  // [T, N, C]
    const torch::Tensor meanEntropy = entropyFromLogProbs(logp).mean(0);            // [N]
    // log of the mean probability, computed stably: logsumexp_t(logp) - log T.
    const torch::Tensor logMean = torch::logsumexp(logp, 0) - std::log(double(mcLogits.size(0)));
    return (entropyFromLogProbs(logMean) - meanEntropy).clamp_min(0.0);
}

}  // namespace lada
