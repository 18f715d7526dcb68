// SPDX-License-Identifier: MIT
#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace lada {

/**
 * A classifier split into blocks so that LADA can mix hidden feature maps (Manifold Mixup, Eq. 8).
 * Block k = 0 is the input; blocks 1..numBlocks() are the network's stages, the last one being the
 * penultimate embedding [N, D]; head(h, k) runs blocks k+1..numBlocks() and the final linear layer.
 * Invariant: head(features(x, k), k) == forward(x) for every k in [0, numBlocks()].
 */
class ClassifierImpl : public torch::nn::Module {
public:
    /** The map after block k: x is float [N, C, H, W] (normalised); k in [0, numBlocks()]. */
    torch::Tensor features(const torch::Tensor& x, int k);
    /** Logits [N, classes] from a block-k map (the shape features(x, k) returns). */
    torch::Tensor head(const torch::Tensor& h, int k);
    /** Number of blocks; features(x, numBlocks()) is the penultimate embedding [N, D]. */
    virtual int numBlocks() const = 0;
    /** Short model name ("cnn", "resnet18"). */
    virtual std::string modelName() const = 0;

    /** Logits [N, classes] of normalised images [N, C, H, W]. */
    torch::Tensor forward(const torch::Tensor& x) { return head(features(x, 0), 0); }
    /** The penultimate embedding [N, D], used by BALD's MC dropout and the t-SNE view. */
    torch::Tensor embedding(const torch::Tensor& x) { return features(x, numBlocks()); }

    /** Checks k in [0, numBlocks()]; throws ConfigError naming the model and the valid range. */
    void checkBlock(int k) const;

    /**
     * Images per inference pass over `images` (float or uint8 [N, C, H, W]) such that the largest block
     * output of the pass (the input included) holds at most `budgetBytes` of floats, clamped to
     * [8, maxBatch]. Bounds the activation memory of scoring: resnet18's 28x28 stem output is
     * 64 * 28 * 28 * 4 B = 196 KiB an image, so the default 8 MiB gives 41 images (about 5 such maps are
     * alive at once in a residual block); cnn's maps are small enough for maxBatch. Small batches cost no
     * speed on the CPU, they gain: on the 2-core development machine resnet18 scored 2,000 MNIST images in
     * 9-13 s in batches of 10-41 and in 18 s in batches of 500, cnn 10,000 in 1.2-1.3 s in batches of
     * 64-167 and in 2.0-2.1 s in batches of 500 (cache locality). The sizes are
     * measured once per image shape by one zero image through the blocks in eval mode on the model's
     * device, without gradient; the training flag is restored.
     */
    int64_t inferenceBatch(const torch::Tensor& images, int64_t maxBatch = 128, int64_t budgetBytes = int64_t{8} << 20);

protected:
    /** Block `index` in [1, numBlocks()] applied to the previous block's output. */
    virtual torch::Tensor block(const torch::Tensor& x, int index) = 0;
    /** The final layer: penultimate embedding [N, D] -> logits [N, classes]. */
    virtual torch::Tensor classify(const torch::Tensor& embedding) = 0;

private:
    std::vector<int64_t> m_probedShape;  ///< [C, H, W] that m_largestMap was measured for
    int64_t m_largestMap = 0;            ///< floats in the largest block output of one image
};

using Classifier = std::shared_ptr<ClassifierImpl>;

/** Shape of the images a classifier is built for. */
struct InputShape {
    int64_t channels = 1;
    int64_t height = 28;
    int64_t width = 28;
    int64_t numClasses = 10;
};

/**
 * Builds "cnn", "resnet18" or "head" (embeddings [N, D, 1, 1]; `headHidden` units) for `shape`, weights
 * initialised from torch's current seed. `dropout` is the probability applied before the final linear
 * layer in training (0 = none). Throws ConfigError for an unknown name or a head on images.
 */
Classifier makeClassifier(const std::string& name, const InputShape& shape, double dropout = 0.0,
                          int64_t headHidden = 256);

}  // namespace lada
