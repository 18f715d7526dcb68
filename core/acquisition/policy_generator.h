// SPDX-License-Identifier: MIT
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace lada {

/** Shape of the feature maps pi_phi receives and the range of its output. */
struct PolicyGeneratorOptions {
    int64_t mapChannels = 64;  ///< C_k of ONE map; the input is two maps concatenated (2 C_k)
    int64_t height = 28;       ///< H of the map (1 for a vector embedding)
    int64_t width = 28;
    double tauMax = 1.0;  ///< tau = tauMax * sigmoid(.)
};

/**
 * The mixing-policy generator pi_phi of Eq. 9 (supplementary Tables 2-3): conv 6@5x5 pad 2, ReLU,
 * max-pool 2; conv 16@5x5, ReLU, max-pool 2; FC 120 tanh; FC 60 tanh; FC 1 sigmoid, scaled by tauMax.
 * Sized from the map it receives: the flatten size is 400 at 28x28 and 576 at 32x32 as in the paper;
 * maps too small for the second 5x5 convolution get padding 2 there and ceil-mode pooling, so any k works.
 * Vector form, for embeddings ([B, D] or 1 x 1 maps: the head model): no convolutions, the FC part on the
 * concatenated pair [B, 2D] -> 120 -> 60 -> 1, tau in (0, tauMax) as for the conv form.
 * forward: h_a, h_b float [B, C_k, H, W] (or [B, D] embeddings) -> tau float [B] in (0, tauMax).
 */
class PolicyGeneratorImpl : public torch::nn::Module {
public:
    explicit PolicyGeneratorImpl(const PolicyGeneratorOptions& options);
    torch::Tensor forward(const torch::Tensor& mapA, const torch::Tensor& mapB);

    const PolicyGeneratorOptions& options() const { return m_options; }
    int64_t flattenSize() const { return m_flatten; }

private:
    torch::Tensor trunk(const torch::Tensor& x);

    PolicyGeneratorOptions m_options;
    int64_t m_flatten = 0;
    bool m_padSecond = false;
    bool m_vector = false;  ///< 1 x 1 maps (embeddings): the fully connected part only
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr};
    torch::nn::Linear m_fc1{nullptr}, m_fc2{nullptr}, m_fc3{nullptr};
};
TORCH_MODULE(PolicyGenerator);

}  // namespace lada
