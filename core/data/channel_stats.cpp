// SPDX-License-Identifier: MIT
#include "core/data/channel_stats.h"

#include "core/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace lada {

namespace {

// Sums run in float64 over chunks of 4M values (32 MB): all 60,000 MNIST images as one float64 copy
// would take 376 MB, and float32 sums of 47 million values lose the low digits.
constexpr int64_t kChunkPixels = int64_t{1} << 22;

void checkImages(const torch::Tensor& images, const char* what)
{
    if (!images.defined() || images.dim() != 4 ||
        (images.scalar_type() != torch::kUInt8 && images.scalar_type() != torch::kHalf &&
         images.scalar_type() != torch::kFloat)) {
        throw DataError(std::string(what) + " needs uint8 images or float embeddings [N, C, H, W]");
    }
}

/** Pixels are on the 0-255 scale, embeddings (float16, float32) on their own. */
double scaleOf(const torch::Tensor& images)
{
    return images.scalar_type() == torch::kUInt8 ? 255.0 : 1.0;
}

}  // namespace

ChannelStats ChannelStats::compute(const torch::Tensor& images)
{
    checkImages(images, "ChannelStats::compute");
    if (images.size(0) == 0 || images.size(2) * images.size(3) == 0) {
        throw DataError("ChannelStats::compute needs at least one image with pixels");
    }
    const int64_t c = images.size(1);
    const int64_t perImage = std::max<int64_t>(1, images[0].numel());
    const int64_t step = std::max<int64_t>(1, kChunkPixels / perImage);
    torch::Tensor sum = torch::zeros({c}, torch::kFloat64);
    torch::Tensor sumSquares = torch::zeros({c}, torch::kFloat64);
    for (int64_t begin = 0; begin < images.size(0); begin += step) {
        const torch::Tensor chunk =
            images.narrow(0, begin, std::min(step, images.size(0) - begin)).to(torch::kFloat64).div_(scaleOf(images));
        sum += chunk.sum({0, 2, 3});
        sumSquares += chunk.square().sum({0, 2, 3});
    }
    const double count = static_cast<double>(images.size(0) * images.size(2) * images.size(3));
    const torch::Tensor mean = sum / count;
    // Population variance; clamp the rounding error that can make a constant channel's variance negative.
    const torch::Tensor variance = (sumSquares / count - mean.square()).clamp_min(0.0);
    ChannelStats stats;
    for (int64_t i = 0; i < c; ++i) {
        stats.mean.push_back(static_cast<float>(mean[i].item<double>()));
        const double sd = std::sqrt(variance[i].item<double>());
        // A constant channel would divide by zero; 1 leaves it centred and unscaled.
        stats.std.push_back(sd < 1e-6 ? 1.0f : static_cast<float>(sd));
    }
    return stats;
}

torch::Tensor ChannelStats::normalize(const torch::Tensor& images, const torch::Device& device) const
{
    checkImages(images, "ChannelStats::normalize");
    const auto c = static_cast<std::size_t>(images.size(1));
    if (c != mean.size() || c != std.size()) {
        throw DataError("ChannelStats::normalize: the images have " + std::to_string(c) + " channels, the statistics " +
                        std::to_string(mean.size()));
    }
    const auto shape = std::vector<int64_t>{1, images.size(1), 1, 1};
    const torch::Tensor m = torch::tensor(mean, torch::kFloat32).view(shape).to(device);
    const torch::Tensor s = torch::tensor(std, torch::kFloat32).view(shape).to(device);
    // Move the uint8 batch first: a quarter of the bytes of its float32 version cross the bus.
    return images.to(device).to(torch::kFloat32).div_(scaleOf(images)).sub_(m).div_(s);
}

}  // namespace lada
