// SPDX-License-Identifier: MIT
#include "core/acquisition/policy_generator.h"

#include "core/error.h"

#include <torch/nn/functional.h>

namespace lada {

namespace F = torch::nn::functional;

namespace {
// Ceil-mode pooling keeps a 1-pixel map at 1 pixel; for even sizes it equals the paper's floor pooling.
torch::Tensor pool2(const torch::Tensor& x)
{
    return F::max_pool2d(x, F::MaxPool2dFuncOptions(2).ceil_mode(true));
}
int64_t pooled(int64_t n)
{
    return (n + 1) / 2;
}
}  // namespace

PolicyGeneratorImpl::PolicyGeneratorImpl(const PolicyGeneratorOptions& options)
    : m_options(options)
{
    if (options.mapChannels <= 0 || options.height <= 0 || options.width <= 0 || options.tauMax <= 0)
        throw ConfigError("policy generator: map shape and tauMax must be positive");
    m_vector = options.height == 1 && options.width == 1;
    if (m_vector) {
        // Embeddings have no spatial layout to convolve: the paper's fully connected part on the pair.
        m_flatten = 2 * options.mapChannels;
    } else {
        const int64_t h1 = pooled(options.height), w1 = pooled(options.width);
        m_padSecond = h1 < 5 || w1 < 5;
        const int64_t shrink = m_padSecond ? 0 : 4;
        m_flatten = 16 * pooled(h1 - shrink) * pooled(w1 - shrink);
        m_conv1 = register_module(
            "conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(2 * options.mapChannels, 6, 5).padding(2)));
        m_conv2 = register_module("conv2",
                                  torch::nn::Conv2d(torch::nn::Conv2dOptions(6, 16, 5).padding(m_padSecond ? 2 : 0)));
    }
    m_fc1 = register_module("fc1", torch::nn::Linear(m_flatten, 120));
    m_fc2 = register_module("fc2", torch::nn::Linear(120, 60));
    m_fc3 = register_module("fc3", torch::nn::Linear(60, 1));
}

torch::Tensor PolicyGeneratorImpl::trunk(const torch::Tensor& x)
{
    torch::Tensor h = x;
    if (!m_vector) {
        h = pool2(torch::relu(m_conv1(h)));
        h = pool2(torch::relu(m_conv2(h)));
    }
    h = torch::tanh(m_fc1(h.flatten(1)));
    h = torch::tanh(m_fc2(h));
    return torch::sigmoid(m_fc3(h)).squeeze(1);
}

torch::Tensor PolicyGeneratorImpl::forward(const torch::Tensor& mapA, const torch::Tensor& mapB)
{
    if (mapA.sizes() != mapB.sizes())
        throw ConfigError("policy generator: the two maps of a pair differ in shape");
    torch::Tensor x = torch::cat({mapA, mapB}, 1);
    if (x.dim() == 2)
        x = x.view({x.size(0), x.size(1), 1, 1});  // an embedding is a 1x1 map
    if (x.size(1) != 2 * m_options.mapChannels || x.size(2) != m_options.height || x.size(3) != m_options.width)
        throw ConfigError("policy generator built for maps [" + std::to_string(m_options.mapChannels) + ", " +
                          std::to_string(m_options.height) + ", " + std::to_string(m_options.width) + "] received [" +
                          std::to_string(mapA.size(1)) + ", " + std::to_string(x.size(2)) + ", " +
                          std::to_string(x.size(3)) + "]");
    return m_options.tauMax * trunk(x);
}

}  // namespace lada
