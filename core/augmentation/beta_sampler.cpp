// SPDX-License-Identifier: MIT
#include "core/augmentation/beta_sampler.h"

#include <ATen/ATen.h>

namespace lada {

torch::Tensor sampleBeta(const torch::Tensor& tau, c10::optional<at::Generator> generator)
{
    const torch::Tensor g1 = at::_standard_gamma(tau, generator);
    const torch::Tensor g2 = at::_standard_gamma(tau, generator);
    // Tiny tau lets both gammas underflow to 0; clamping keeps lambda finite (0/0 would be NaN).
    const torch::Tensor sum = (g1 + g2).clamp_min(1e-30);
    return (g1 / sum).clamp(1e-6, 1.0 - 1e-6);
}

}  // namespace lada
