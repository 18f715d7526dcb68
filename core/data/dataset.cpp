// SPDX-License-Identifier: MIT
#include "core/data/dataset.h"

#include "core/error.h"

#include <torch/torch.h>

namespace lada {

bool Dataset::hasLabels() const
{
    return !labels.defined() ? size() == 0 : labels.numel() == 0 || labels.min().item<int64_t>() >= 0;
}

Dataset Dataset::subset(const torch::Tensor& indices) const
{
    const torch::Tensor index = indices.to(torch::kCPU, torch::kInt64).contiguous().view({-1});
    const int64_t n = size();
    const auto* at = index.data_ptr<int64_t>();
    for (int64_t i = 0; i < index.numel(); ++i) {
        if (at[i] < 0 || at[i] >= n) {
            throw DataError("subset index " + std::to_string(at[i]) + " is outside a split of " + std::to_string(n) +
                            " images");
        }
    }
    Dataset out;
    out.images = images.index_select(0, index);
    out.labels = labels.index_select(0, index);
    out.paths.reserve(static_cast<std::size_t>(index.numel()));
    for (int64_t i = 0; i < index.numel(); ++i) {
        out.paths.push_back(paths[static_cast<std::size_t>(at[i])]);
    }
    out.classNames = classNames;
    out.root = root;
    // The subset's report describes the subset; what the original load skipped stays with the original.
    out.report.source = report.source;
    out.report.fromCache = report.fromCache;
    out.report.loaded = index.numel();
    return out;
}

}  // namespace lada
