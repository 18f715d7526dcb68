// SPDX-License-Identifier: MIT
#include "core/data/idx_reader.h"

#include "core/data/binary_io.h"
#include "core/data/gzip_file.h"
#include "core/data/idx_format.h"
#include "core/data/tensor_convert.h"
#include "core/error.h"
#include "core/util/record_path.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace fs = std::filesystem;

namespace lada {

namespace {

std::vector<std::string> numberedClasses(int64_t count)
{
    std::vector<std::string> names;
    for (int64_t i = 0; i < count; ++i) {
        names.push_back(std::to_string(i));
    }
    return names;
}

}  // namespace

fs::path idxLabelsFileFor(const fs::path& imagesFile)
{
    const std::string name = imagesFile.filename().string();
    for (const auto& [from, to] : {std::pair{"images-idx3", "labels-idx1"}, std::pair{"images.idx3", "labels.idx1"}}) {
        const auto at = name.find(from);
        if (at == std::string::npos) {
            continue;
        }
        std::string labels = name;
        labels.replace(at, std::strlen(from), to);
        std::string other =
            labels.size() > 3 && labels.ends_with(".gz") ? labels.substr(0, labels.size() - 3) : labels + ".gz";
        for (const std::string& candidate : {labels, other}) {
            const fs::path path = imagesFile.parent_path() / candidate;
            std::error_code ec;
            if (fs::is_regular_file(path, ec)) {
                return path;
            }
        }
    }
    return {};
}

Dataset readIdxDataset(const fs::path& imagesFile, const LoadOptions& options)
{
    const std::vector<unsigned char> bytes = readFileMaybeGzip(imagesFile);
    const bool gzipped = imagesFile.extension() == ".gz";
    const IdxLayout layout = parseIdxLayout(bytes, kIdxImagesMagic, imagesFile.string(), "image file", gzipped);
    const int64_t n = layout.sizes[0];
    const int64_t rows = layout.sizes[1];
    const int64_t cols = layout.sizes[2];
    if (n == 0 || rows == 0 || cols == 0) {
        throw DataError("cannot read idx image file \"" + imagesFile.string() + "\": it holds no images (" +
                        std::to_string(n) + " x " + std::to_string(rows) + " x " + std::to_string(cols) + ")");
    }

    Dataset dataset;
    dataset.images = torch::empty({n, 1, rows, cols}, torch::kUInt8);
    std::memcpy(dataset.images.data_ptr<uint8_t>(), bytes.data() + layout.dataOffset,
                static_cast<std::size_t>(n * rows * cols));
    dataset.labels = torch::full({n}, -1, torch::kInt64);
    dataset.classNames = options.classNames;

    const fs::path labelsFile = idxLabelsFileFor(imagesFile);
    if (labelsFile.empty() && !options.allowUnlabeled) {
        throw DataError("no labels file next to idx image file \"" + imagesFile.string() +
                        "\" (expected the same name with labels-idx1 for images-idx3)");
    }
    if (!labelsFile.empty()) {
        const std::vector<unsigned char> labelBytes = readFileMaybeGzip(labelsFile);
        const IdxLayout labelLayout = parseIdxLayout(labelBytes, kIdxLabelsMagic, labelsFile.string(), "label file",
                                                     labelsFile.extension() == ".gz");
        const std::vector<int64_t> labels =
            idxLabels(labelBytes, labelLayout, n, static_cast<int64_t>(options.classNames.size()), labelsFile.string(),
                      imagesFile.string());
        std::memcpy(dataset.labels.data_ptr<int64_t>(), labels.data(), labels.size() * sizeof(int64_t));
        if (options.classNames.empty()) {
            dataset.classNames = numberedClasses(*std::max_element(labels.begin(), labels.end()) + 1);
        }
    }

    const std::string name = imagesFile.filename().string();
    dataset.paths.reserve(static_cast<std::size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        dataset.paths.push_back(recordPath(name, i));
    }
    dataset.root = imagesFile.parent_path().string();
    dataset.report.loaded = n;
    applyShapeOptions(dataset, options);
    return dataset;
}

}  // namespace lada
