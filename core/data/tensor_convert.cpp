// SPDX-License-Identifier: MIT
#include "core/data/tensor_convert.h"

#include <torch/torch.h>

#include <algorithm>
#include <vector>

namespace lada {

namespace {

// 4096 MNIST-sized images make a 13 MB float chunk; large images make fewer per chunk.
constexpr int64_t kChunkPixels = int64_t{1} << 22;

int64_t chunkImages(const torch::Tensor& images)
{
    const int64_t perImage = std::max<int64_t>(1, images.numel() / std::max<int64_t>(1, images.size(0)));
    return std::max<int64_t>(1, kChunkPixels / perImage);
}

}  // namespace

torch::Tensor convertChannels(const torch::Tensor& images, int channels)
{
    const int64_t c = images.size(1);
    if (c == channels) {
        return images;
    }
    if (c == 1) {
        return images.expand({images.size(0), channels, images.size(2), images.size(3)}).contiguous();
    }
    // Y = (4899 R + 9617 G + 1868 B + 2^13) >> 14: cv::cvtColor's integer path for 8-bit images.
    const torch::Tensor weights = torch::tensor({4899, 9617, 1868}, torch::kInt32).view({1, 3, 1, 1});
    std::vector<torch::Tensor> parts;
    const int64_t step = chunkImages(images);
    for (int64_t begin = 0; begin < images.size(0); begin += step) {
        const torch::Tensor chunk = images.narrow(0, begin, std::min(step, images.size(0) - begin)).to(torch::kInt32);
        parts.push_back(((chunk * weights).sum(1, true) + 8192).div(16384, "floor").to(torch::kUInt8));
    }
    return parts.empty() ? torch::empty({0, channels, images.size(2), images.size(3)}, torch::kUInt8)
                         : torch::cat(parts).contiguous();
}

torch::Tensor resizeImages(const torch::Tensor& images, int height, int width)
{
    if (images.size(2) == height && images.size(3) == width) {
        return images;
    }
    namespace F = torch::nn::functional;
    const bool shrinking = images.size(2) * images.size(3) > int64_t{height} * width;
    auto options = F::InterpolateFuncOptions().size(std::vector<int64_t>{height, width});
    if (shrinking) {
        options.mode(torch::kArea);
    } else {
        options.mode(torch::kBilinear).align_corners(false);
    }
    std::vector<torch::Tensor> parts;
    const int64_t step = chunkImages(images);
    for (int64_t begin = 0; begin < images.size(0); begin += step) {
        const torch::Tensor chunk = images.narrow(0, begin, std::min(step, images.size(0) - begin)).to(torch::kFloat32);
        parts.push_back(F::interpolate(chunk, options).round_().clamp_(0, 255).to(torch::kUInt8));
    }
    return parts.empty() ? torch::empty({0, images.size(1), height, width}, torch::kUInt8)
                         : torch::cat(parts).contiguous();
}

void applyShapeOptions(Dataset& dataset, const LoadOptions& options)
{
    if (options.channels != 0 && options.channels != dataset.images.size(1)) {
        dataset.images = convertChannels(dataset.images, options.channels);
        dataset.report.channelsConverted += dataset.size();
    }
    if (options.height != 0 && options.width != 0 &&
        (options.height != dataset.images.size(2) || options.width != dataset.images.size(3))) {
        dataset.images = resizeImages(dataset.images, options.height, options.width);
        dataset.report.resized += dataset.size();
    }
}

}  // namespace lada
