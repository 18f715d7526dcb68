// SPDX-License-Identifier: MIT
#include "core/acquisition/pool_features.h"
#include "core/util/seconds_since.h"

#include <torch/nn/functional.h>

#include <algorithm>

namespace lada {

PoolFeatures poolFeatures(AcquisitionContext& context, const std::vector<int64_t>& rows, const std::string& phase)
{
    torch::NoGradGuard noGrad;
    ClassifierImpl& model = context.model;
    const bool wasTraining = model.is_training();
    model.eval();
    const int k = model.numBlocks();
    const torch::Tensor images = context.images.index_select(0, torch::tensor(rows, torch::kLong));
    const int64_t n = images.size(0);
    const int64_t batch = model.inferenceBatch(images);
    std::vector<torch::Tensor> embeddings, probabilities;
    for (int64_t begin = 0; begin < n; begin += batch) {
        context.progress.checkCancel();
        const int64_t end = std::min(n, begin + batch);
        const torch::Tensor z = model.embedding(context.stats.normalize(images.slice(0, begin, end), context.device));
        embeddings.push_back(z);
        probabilities.push_back(torch::softmax(model.head(z, k), 1));
        context.progress(phase, end, n);
    }
    model.train(wasTraining);
    if (embeddings.empty())
        return {};
    return {torch::cat(embeddings), torch::cat(probabilities)};
}

uint64_t drawSeed(std::mt19937_64& rng)
{
    return rng();
}

}  // namespace lada
