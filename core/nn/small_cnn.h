// SPDX-License-Identifier: MIT
#pragma once

#include "core/nn/classifier.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace lada {

/**
 * A small convolutional net that trains at thousands of images per second on 2 CPU cores.
 * Blocks: 1 = conv3x3(C->16)+BN+ReLU+maxpool [16, H/2, W/2]; 2 = conv3x3(16->32)+BN+ReLU+maxpool
 * [32, H/4, W/4]; 3 = flatten + linear(->128) + ReLU [128]; head = dropout + linear(->classes).
 */
class SmallCnnImpl : public ClassifierImpl {
public:
    SmallCnnImpl(const InputShape& shape, double dropout);

    int numBlocks() const override { return 3; }
    std::string modelName() const override { return "cnn"; }

protected:
    torch::Tensor block(const torch::Tensor& x, int index) override;
    torch::Tensor classify(const torch::Tensor& embedding) override;

private:
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr}, m_bn2{nullptr};
    torch::nn::Linear m_fc1{nullptr}, m_fc2{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(SmallCnn);

}  // namespace lada
