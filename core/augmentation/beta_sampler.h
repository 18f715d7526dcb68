// SPDX-License-Identifier: MIT
#pragma once

#include <ATen/core/Generator.h>
#include <torch/types.h>

namespace lada {

/**
 * Draws lambda ~ Beta(tau, tau) elementwise with a pathwise (implicit reparameterisation) gradient
 * d lambda / d tau, as PyTorch's Beta.rsample (supplementary S-C): lambda = g1 / (g1 + g2) with
 * g1, g2 ~ Gamma(tau, 1) from at::_standard_gamma, whose backward is the implicit gradient.
 * `tau` is float [...] > 0; returns float [...] in (0, 1), same shape, on tau's device.
 * Draws from `generator`, or from torch's default generator of that device (seed it with
 * torch::manual_seed) when none is given; the workbench's displays pass their own, so that showing a
 * card never changes what training draws.
 */
torch::Tensor sampleBeta(const torch::Tensor& tau, c10::optional<at::Generator> generator = c10::nullopt);

}  // namespace lada
