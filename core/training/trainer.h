// SPDX-License-Identifier: MIT
#pragma once

#include "core/config/experiment_config.h"
#include "core/data/channel_stats.h"
#include "core/nn/classifier.h"
#include "core/util/progress.h"

#include <torch/types.h>

namespace lada {

/**
 * The mixed virtual set X_M of one round (Eq. 14): pairs of labeled images mixed at block `mixLayer`
 * with a fresh lambda ~ Beta(tau_i, tau_i) every epoch, trained on with soft labels.
 */
struct VirtualSet {
    torch::Tensor imagesA, imagesB;  ///< uint8 [P, C, H, W]
    torch::Tensor labelsA, labelsB;  ///< int64 [P]
    torch::Tensor tau;               ///< float [P], > 0
    int mixLayer = 0;
    int64_t numClasses = 0;  ///< width of the soft labels

    int64_t size() const { return imagesA.defined() ? imagesA.size(0) : 0; }
};

/** What one training run did. */
struct TrainStats {
    double meanLoss = 0.0;  ///< mean cross-entropy of the last epoch (labeled batches)
    double seconds = 0.0;
    int64_t samples = 0;  ///< images and virtual instances passed forward, all epochs
};

/**
 * Trains `model` in place on labeled images (uint8 [N, C, H, W], labels int64 [N]) and, when given,
 * the virtual set (Eq. 14). Each epoch: shuffled labeled batches of plain cross-entropy, then virtual
 * batches of soft-label cross-entropy on head(lambda h_a + (1 - lambda) h_b, k). Gradients are zeroed
 * before every step. Reports progress per epoch as phase "training"; throws Cancelled.
 */
TrainStats trainClassifier(ClassifierImpl& model, const torch::Tensor& images, const torch::Tensor& labels,
                           const ChannelStats& stats, const torch::Device& device, const TrainOptions& options,
                           const VirtualSet* virtualSet = nullptr, const Progress& progress = {});

/**
 * Logits float [N, classes] (CPU) of images uint8 [N, C, H, W], in eval mode under InferenceMode,
 * in batches of `batchSize` (0: model.inferenceBatch(images), which bounds the activation memory);
 * every image is scored (no batch is rounded away).
 */
torch::Tensor predictLogits(ClassifierImpl& model, const torch::Tensor& images, const ChannelStats& stats,
                            const torch::Device& device, int64_t batchSize = 0, const Progress& progress = {});

/** Top-1 accuracy in [0, 1] of `model` on a labeled split. */
double evaluateAccuracy(ClassifierImpl& model, const torch::Tensor& images, const torch::Tensor& labels,
                        const ChannelStats& stats, const torch::Device& device, const Progress& progress = {});

}  // namespace lada
