// SPDX-License-Identifier: MIT
#include "core/nn/classifier.h"

#include "core/error.h"
#include "core/nn/resnet18.h"
#include "core/nn/small_cnn.h"

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

Classifier makeClassifier(const std::string& name, const InputShape& shape, double dropout)
{
    if (name == "cnn")
        return SmallCnn(shape, dropout).ptr();
    if (name == "resnet18")
        return ResNet18(shape, dropout).ptr();
    throw ConfigError("unknown model \"" + name + "\": expected cnn or resnet18");
}

} // namespace lada
