// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"

#include <torch/types.h>

#include <vector>

namespace lada {

/**
 * Per-channel mean and standard deviation of a training split, in units of [0, 1] intensity; for
 * backbone embeddings (float16 / float32 [N, D, 1, 1]) per embedding dimension, on their own scale.
 */
struct ChannelStats {
    std::vector<float> mean;  ///< [C]
    std::vector<float> std;   ///< [C], never 0 (a constant channel gets 1)

    /** Computes the statistics over all pixels of `images` (uint8 [N, C, H, W]). */
    static ChannelStats compute(const torch::Tensor& images);

    /**
     * uint8 [N, C, H, W] -> float32 [N, C, H, W] on `device`: (x / 255 - mean) / std (embeddings: (x - mean) / std).
     * The uint8 batch is moved first, so a CUDA device receives 4x fewer bytes.
     */
    torch::Tensor normalize(const torch::Tensor& images, const torch::Device& device) const;
};

}  // namespace lada
