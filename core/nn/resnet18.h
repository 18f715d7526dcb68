// SPDX-License-Identifier: MIT
#pragma once

#include "core/nn/classifier.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace lada {

/** The basic residual block of ResNet-18: two 3x3 convolutions with BN and a (projected) shortcut. */
class BasicBlockImpl : public torch::nn::Module {
public:
    BasicBlockImpl(int64_t in, int64_t out, int64_t stride);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr}, m_bn2{nullptr};
    torch::nn::Sequential m_shortcut{nullptr};
};
TORCH_MODULE(BasicBlock);

/**
 * The CIFAR-style ResNet-18 of the paper (3x3 stem, no initial max-pool).
 * Blocks: 1 = stem [64, H, W]; 2 = layer1 [64, H, W]; 3 = layer2 [128, H/2, W/2]; 4 = layer3
 * [256, H/4, W/4]; 5 = layer4 [512, H/8, W/8]; 6 = global average pool [512]; head = linear.
 * The reference LADA mixes at blocks 1 and 2 (both 64 channels at full resolution).
 */
class ResNet18Impl : public ClassifierImpl {
public:
    ResNet18Impl(const InputShape& shape, double dropout);

    int numBlocks() const override { return 6; }
    std::string modelName() const override { return "resnet18"; }

protected:
    torch::Tensor block(const torch::Tensor& x, int index) override;
    torch::Tensor classify(const torch::Tensor& embedding) override;

private:
    torch::nn::Conv2d m_stem{nullptr};
    torch::nn::BatchNorm2d m_stemBn{nullptr};
    torch::nn::Sequential m_layer1{nullptr}, m_layer2{nullptr}, m_layer3{nullptr}, m_layer4{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    torch::nn::Linear m_fc{nullptr};
};
TORCH_MODULE(ResNet18);

}  // namespace lada
