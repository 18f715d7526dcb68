// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/dataset_loader.h"

#include <torch/types.h>

namespace lada {

/**
 * uint8 [N, C, H, W] -> uint8 [N, channels, H, W] for C, channels in {1, 3}: gray is repeated into
 * RGB; RGB becomes gray with OpenCV's fixed-point BT.601 weights, so that a binary split converts like
 * an image folder.
 */
torch::Tensor convertChannels(const torch::Tensor& images, int channels);

/**
 * uint8 [N, C, H, W] -> uint8 [N, C, height, width]: area averaging when the image shrinks, bilinear
 * interpolation when it grows (as the image decoder does), in chunks to bound the float copy.
 */
torch::Tensor resizeImages(const torch::Tensor& images, int height, int width);

/**
 * Applies the channel count and size `options` ask for (0 = keep) to a split decoded from a binary
 * format, counting every changed image in `dataset.report`.
 */
void applyShapeOptions(Dataset& dataset, const LoadOptions& options);

}  // namespace lada
