// SPDX-License-Identifier: MIT
#include "core/nn/small_cnn.h"

#include <torch/nn/functional.h>

namespace lada {

namespace F = torch::nn::functional;

SmallCnnImpl::SmallCnnImpl(const InputShape& shape, double dropout)
{
    m_conv1 = register_module(
        "conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(shape.channels, 16, 3).padding(1).bias(false)));
    m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(16));
    m_conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 32, 3).padding(1).bias(false)));
    m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(32));
    const int64_t flat = 32 * (shape.height / 4) * (shape.width / 4);
    m_fc1 = register_module("fc1", torch::nn::Linear(flat, 128));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
    m_fc2 = register_module("fc2", torch::nn::Linear(128, shape.numClasses));
}

torch::Tensor SmallCnnImpl::block(const torch::Tensor& x, int index)
{
    switch (index) {
    case 1: return F::max_pool2d(torch::relu(m_bn1(m_conv1(x))), F::MaxPool2dFuncOptions(2));
    case 2: return F::max_pool2d(torch::relu(m_bn2(m_conv2(x))), F::MaxPool2dFuncOptions(2));
    case 3: return torch::relu(m_fc1(x.flatten(1)));
    default: return x;
    }
}

torch::Tensor SmallCnnImpl::classify(const torch::Tensor& embedding)
{
    return m_fc2(m_dropout(embedding));
}

}  // namespace lada
