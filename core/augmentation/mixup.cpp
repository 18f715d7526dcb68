// SPDX-License-Identifier: MIT
#include "core/augmentation/mixup.h"

#include "core/error.h"

namespace lada {

torch::Tensor mixMaps(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& lambda)
{
    if (a.sizes() != b.sizes())
        throw ConfigError("mixMaps: the two batches differ in shape");
    const int64_t pairs = a.size(0);
    if (lambda.size(-1) != pairs)
        throw ConfigError("mixMaps: one lambda per pair expected");
    std::vector<int64_t> view(static_cast<size_t>(a.dim()), 1);
    view[0] = pairs;
    if (lambda.dim() == 1) {
        // lambda a + (1 - lambda) b is exact at lambda = 0 and 1 (b + lambda (a - b) is not, in floats).
        const torch::Tensor l = lambda.to(a.dtype()).view(view);
        return l * a + (1.0 - l) * b;
    }
    // [S, P] -> [S, P, 1, ...] broadcast against [1, P, ...], then flatten the sample axis.
    view.insert(view.begin(), lambda.size(0));
    const torch::Tensor l = lambda.to(a.dtype()).view(view);
    return (l * a.unsqueeze(0) + (1.0 - l) * b.unsqueeze(0)).flatten(0, 1);
}

torch::Tensor mixLabels(const torch::Tensor& ya, const torch::Tensor& yb, const torch::Tensor& lambda, int64_t classes)
{
    const torch::Tensor l = lambda.to(torch::kFloat).unsqueeze(1);
    const auto opts = torch::TensorOptions().dtype(torch::kFloat).device(lambda.device());
    const torch::Tensor oa = torch::zeros({ya.size(0), classes}, opts).scatter_(1, ya.unsqueeze(1), 1.0);
    const torch::Tensor ob = torch::zeros({yb.size(0), classes}, opts).scatter_(1, yb.unsqueeze(1), 1.0);
    return l * oa + (1.0 - l) * ob;
}

torch::Tensor softCrossEntropy(const torch::Tensor& logits, const torch::Tensor& targets)
{
    return -(targets * torch::log_softmax(logits, 1)).sum(1).mean();
}

}  // namespace lada
