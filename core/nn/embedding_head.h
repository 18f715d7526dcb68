// SPDX-License-Identifier: MIT
#pragma once

#include "core/nn/classifier.h"

#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace lada {

/**
 * The classifier on backbone embeddings (`--model head`): an MLP with one hidden layer.
 * Input: normalised embeddings float [N, D, 1, 1] (the pool's layout, so every strategy treats them as
 * 1 x 1 images) or [N, D]. Blocks: k = 0 the embedding itself, k = 1 = linear(D -> hidden) + ReLU
 * [N, hidden] (the penultimate embedding); head = dropout + linear(hidden -> classes). LADA mixes at
 * k = 0 (Manifold Mixup of the backbone's embeddings) or k = 1 (the hidden layer).
 */
class EmbeddingHeadImpl : public ClassifierImpl {
public:
    /** `shape.channels` is D (height and width 1); `hidden` the hidden width; `dropout` before the last layer. */
    EmbeddingHeadImpl(const InputShape& shape, int64_t hidden, double dropout);
    int numBlocks() const override { return 1; }
    std::string modelName() const override { return "head"; }

protected:
    torch::Tensor block(const torch::Tensor& x, int index) override;
    torch::Tensor classify(const torch::Tensor& embedding) override;

private:
    torch::nn::Linear m_fc1{nullptr}, m_fc2{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(EmbeddingHead);

}  // namespace lada
