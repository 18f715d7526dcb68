// SPDX-License-Identifier: MIT
#include "core/nn/classifier.h"

#include "core/error.h"
#include "core/nn/embedding_head.h"
#include "core/nn/resnet18.h"
#include "core/nn/small_cnn.h"

#include <algorithm>

namespace lada {

void ClassifierImpl::checkBlock(int k) const
{
    if (k < 0 || k > numBlocks())
        throw ConfigError("block " + std::to_string(k) + " does not exist in " + modelName() +
                          ": valid mixing layers are 0.." + std::to_string(numBlocks()));
}

torch::Tensor ClassifierImpl::features(const torch::Tensor& x, int k)
{
    checkBlock(k);
    torch::Tensor h = x;
    for (int i = 1; i <= k; ++i)
        h = block(h, i);
    return h;
}

torch::Tensor ClassifierImpl::head(const torch::Tensor& h, int k)
{
    checkBlock(k);
    torch::Tensor out = h;
    for (int i = k + 1; i <= numBlocks(); ++i)
        out = block(out, i);
    return classify(out);
}

int64_t ClassifierImpl::inferenceBatch(const torch::Tensor& images, int64_t maxBatch, int64_t budgetBytes)
{
    if (images.dim() < 2)
        return std::max<int64_t>(1, maxBatch);
    const std::vector<int64_t> shape(images.sizes().begin() + 1, images.sizes().end());
    if (shape != m_probedShape) {
        const bool wasTraining = is_training();
        eval();
        torch::NoGradGuard noGrad;
        const auto params = parameters();
        const torch::Device device = params.empty() ? torch::Device(torch::kCPU) : params.front().device();
        std::vector<int64_t> one = shape;
        one.insert(one.begin(), 1);
        torch::Tensor h = torch::zeros(one, torch::TensorOptions().dtype(torch::kFloat).device(device));
        int64_t largest = h.numel();
        for (int i = 1; i <= numBlocks(); ++i) {
            h = block(h, i);
            largest = std::max<int64_t>(largest, h.numel());
        }
        train(wasTraining);
        m_probedShape = shape;
        m_largestMap = largest;
    }
    const int64_t perImage = std::max<int64_t>(1, m_largestMap * static_cast<int64_t>(sizeof(float)));
    return std::clamp<int64_t>(budgetBytes / perImage, std::min<int64_t>(8, maxBatch), std::max<int64_t>(1, maxBatch));
}

Classifier makeClassifier(const std::string& name, const InputShape& shape, double dropout, int64_t headHidden)
{
    if (name == "head")
        return EmbeddingHead(shape, headHidden, dropout).ptr();
    if (name == "cnn")
        return SmallCnn(shape, dropout).ptr();
    if (name == "resnet18")
        return ResNet18(shape, dropout).ptr();
    throw ConfigError("unknown model \"" + name + "\": expected cnn, resnet18 or head");
}

}  // namespace lada
