// SPDX-License-Identifier: MIT
#include "core/nn/resnet18.h"

#include <torch/nn/functional.h>

namespace lada {

namespace {

torch::nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride)
{
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false));
}

torch::nn::Sequential makeLayer(int64_t in, int64_t out, int64_t stride)
{
    return torch::nn::Sequential(BasicBlock(in, out, stride), BasicBlock(out, out, 1));
}

}  // namespace

BasicBlockImpl::BasicBlockImpl(int64_t in, int64_t out, int64_t stride)
{
    m_conv1 = register_module("conv1", conv3x3(in, out, stride));
    m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(out));
    m_conv2 = register_module("conv2", conv3x3(out, out, 1));
    m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(out));
    m_shortcut = torch::nn::Sequential();
    if (stride != 1 || in != out) {
        m_shortcut->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)));
        m_shortcut->push_back(torch::nn::BatchNorm2d(out));
    }
    register_module("shortcut", m_shortcut);
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor& x)
{
    torch::Tensor out = torch::relu(m_bn1(m_conv1(x)));
    out = m_bn2(m_conv2(out));
    return torch::relu(out + (m_shortcut->is_empty() ? x : m_shortcut->forward(x)));
}

ResNet18Impl::ResNet18Impl(const InputShape& shape, double dropout)
{
    m_stem = register_module("stem", conv3x3(shape.channels, 64, 1));
    m_stemBn = register_module("stem_bn", torch::nn::BatchNorm2d(64));
    m_layer1 = register_module("layer1", makeLayer(64, 64, 1));
    m_layer2 = register_module("layer2", makeLayer(64, 128, 2));
    m_layer3 = register_module("layer3", makeLayer(128, 256, 2));
    m_layer4 = register_module("layer4", makeLayer(256, 512, 2));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
    m_fc = register_module("fc", torch::nn::Linear(512, shape.numClasses));
}

torch::Tensor ResNet18Impl::block(const torch::Tensor& x, int index)
{
    switch (index) {
    case 1: return torch::relu(m_stemBn(m_stem(x)));
    case 2: return m_layer1->forward(x);
    case 3: return m_layer2->forward(x);
    case 4: return m_layer3->forward(x);
    case 5: return m_layer4->forward(x);
    case 6: return x.mean({2, 3});  // global average pool -> [N, 512]
    default: return x;
    }
}

torch::Tensor ResNet18Impl::classify(const torch::Tensor& embedding)
{
    return m_fc(m_dropout(embedding));
}

}  // namespace lada
