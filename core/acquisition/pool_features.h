// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/strategy.h"
#include "core/util/seconds_since.h"

#include <torch/types.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace lada {

/** The penultimate embedding and class probabilities of a set of rows, on the context's device. */
struct PoolFeatures {
    torch::Tensor embedding;      ///< float [M, D]: z = f_e(x), the input of the final linear layer
    torch::Tensor probabilities;  ///< float [M, K]: softmax of the logits
};

/**
 * Embeds `rows` of context.images in eval mode, in batches of model.inferenceBatch (bounded activation
 * memory), on context.device. Runs under NoGradGuard rather than InferenceMode: ALFA-Mix takes an
 * autograd gradient with respect to the embedding afterwards, which inference tensors do not allow.
 * Reports phase `phase`; throws Cancelled between batches.
 */
PoolFeatures poolFeatures(AcquisitionContext& context, const std::vector<int64_t>& rows,
                          const std::string& phase = "embedding");

/** A seed for a component's own generator (k-means, torch::Generator), drawn from the run's rng. */
uint64_t drawSeed(std::mt19937_64& rng);

}  // namespace lada
