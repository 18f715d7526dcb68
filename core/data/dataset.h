// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/load_report.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lada {

/**
 * One loaded split: every image decoded into a single uint8 tensor, with labels and source paths.
 * `images` is uint8 [N, C, H, W] on the CPU (or, for a backbone, float16 embeddings [N, D, 1, 1]); `labels` is int64 [N] with values in [0, classNames.size())
 * or -1 where the label is unknown (an unlabeled folder); `paths[i]` is the file image i came from,
 * relative to `root` ("" for idx / CIFAR records, which use "<file>#<index>").
 */
struct Dataset {
    torch::Tensor images;                 ///< uint8 [N, C, H, W], CPU, contiguous
    torch::Tensor labels;                 ///< int64 [N]; -1 = unknown
    std::vector<std::string> paths;       ///< per image, relative to root
    std::vector<std::string> classNames;  ///< index = label
    std::string root;                     ///< folder the paths are relative to
    LoadReport report;

    int64_t size() const { return images.defined() ? images.size(0) : 0; }
    int64_t channels() const { return images.size(1); }
    int64_t height() const { return images.size(2); }
    int64_t width() const { return images.size(3); }
    int64_t numClasses() const { return static_cast<int64_t>(classNames.size()); }
    bool hasLabels() const;  ///< true when no label is -1
    /** True for backbone embeddings (float16 [N, D, 1, 1], loadEmbeddedSplit): no pixels are held. */
    bool isEmbedding() const { return images.defined() && images.scalar_type() != torch::kUInt8; }

    /** The images at `indices` (int64 [M]) as a new Dataset sharing class names and root. */
    Dataset subset(const torch::Tensor& indices) const;
};

}  // namespace lada
