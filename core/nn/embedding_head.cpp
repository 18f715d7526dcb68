// SPDX-License-Identifier: MIT
#include "core/nn/embedding_head.h"

#include "core/error.h"

namespace lada {

EmbeddingHeadImpl::EmbeddingHeadImpl(const InputShape& shape, int64_t hidden, double dropout)
{
    if (shape.height != 1 || shape.width != 1)
        throw ConfigError("the head model takes backbone embeddings [N, D, 1, 1], not " + std::to_string(shape.height) +
                          " x " + std::to_string(shape.width) +
                          " images: give --backbone FILE, or use --model cnn or resnet18 for pixels");
    m_fc1 = register_module("fc1", torch::nn::Linear(shape.channels, hidden));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
    m_fc2 = register_module("fc2", torch::nn::Linear(hidden, shape.numClasses));
}

torch::Tensor EmbeddingHeadImpl::block(const torch::Tensor& x, int index)
{
    return index == 1 ? torch::relu(m_fc1(x.flatten(1))) : x;
}

torch::Tensor EmbeddingHeadImpl::classify(const torch::Tensor& embedding)
{
    // head(features(x, 0), 0) passes [N, D, 1, 1] through block 1; a [N, D] map from k = 0 works the same.
    return m_fc2(m_dropout(embedding));
}

}  // namespace lada
