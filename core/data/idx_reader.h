// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/dataset_loader.h"

#include <filesystem>

namespace lada {

/**
 * The labels file next to an MNIST idx image file: "train-images-idx3-ubyte[.gz]" ->
 * "train-labels-idx1-ubyte[.gz]" (also the "images.idx3" spelling); empty when none exists.
 */
std::filesystem::path idxLabelsFileFor(const std::filesystem::path& imagesFile);

/**
 * Reads an idx3 unsigned-byte image file (raw or gzip) into uint8 [N, 1, H, W] and its sibling idx1
 * labels into int64 [N]; paths are "<file name>#<index>", class names `options.classNames` or "0" up
 * to the largest label. The channel count and size in `options` are applied afterwards.
 * Throws DataError naming the file for: a bad magic number, a truncated file (bytes expected and
 * found), a label count that differs from the image count, a label outside `options.classNames`,
 * a missing labels file (unless `options.allowUnlabeled`; labels are then -1).
 */
Dataset readIdxDataset(const std::filesystem::path& imagesFile, const LoadOptions& options);

}  // namespace lada
