// SPDX-License-Identifier: MIT
#include "core/data/idx_reader.h"

#include "core/data/binary_io.h"
#include "core/data/gzip_file.h"
#include "core/data/tensor_convert.h"
#include "core/error.h"
#include "core/util/record_path.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>

namespace fs = std::filesystem;

namespace lada {

namespace {

constexpr uint32_t kImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr uint32_t kLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension

std::string hex32(uint32_t value)
{
    char text[11];
    std::snprintf(text, sizeof text, "0x%08x", value);
    return text;
}

/** Checks the magic and the byte count of an idx file whose header holds `dims` sizes. */
void checkIdx(const std::vector<unsigned char>& bytes, uint32_t magic, std::size_t dims, const fs::path& file,
              const char* what)
{
    const std::string name = "\"" + file.string() + "\"";
    const std::size_t header = 4 + 4 * dims;
    const std::string gz = file.extension() == ".gz" ? " (after gunzip)" : "";
    if (bytes.size() < 4) {
        throw DataError("cannot read idx " + std::string(what) + " " + name + ": truncated: expected at least " +
                        std::to_string(header) + " bytes, found " + std::to_string(bytes.size()) + gz);
    }
    const uint32_t found = readBigEndian32(bytes.data());
    if (found != magic) {
        throw DataError("cannot read idx " + std::string(what) + " " + name + ": bad magic number " + hex32(found) +
                        " (expected " + hex32(magic) + ")");
    }
    if (bytes.size() < header) {
        throw DataError("cannot read idx " + std::string(what) + " " + name + ": truncated header: expected " +
                        std::to_string(header) + " bytes, found " + std::to_string(bytes.size()) + gz);
    }
    // A corrupt header can claim 2^96 bytes: refuse anything past 1 TiB before it overflows.
    constexpr uint64_t kLimit = uint64_t{1} << 40;
    uint64_t expected = 1;
    for (std::size_t d = 0; d < dims; ++d) {
        const uint64_t size = readBigEndian32(bytes.data() + 4 + 4 * d);
        if (size != 0 && expected > kLimit / size) {
            throw DataError("cannot read idx " + std::string(what) + " " + name + ": implausible sizes in header");
        }
        expected *= size;
    }
    expected += header;
    if (bytes.size() != expected) {
        const bool truncated = bytes.size() < expected;
        throw DataError("cannot read idx " + std::string(what) + " " + name + ": " +
                        (truncated ? "truncated: " : "trailing data: ") + "expected " + std::to_string(expected) +
                        " bytes, found " + std::to_string(bytes.size()) + gz);
    }
}

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
    checkIdx(bytes, kImagesMagic, 3, imagesFile, "image file");
    const int64_t n = readBigEndian32(bytes.data() + 4);
    const int64_t rows = readBigEndian32(bytes.data() + 8);
    const int64_t cols = readBigEndian32(bytes.data() + 12);
    if (n == 0 || rows == 0 || cols == 0) {
        throw DataError("cannot read idx image file \"" + imagesFile.string() + "\": it holds no images (" +
                        std::to_string(n) + " x " + std::to_string(rows) + " x " + std::to_string(cols) + ")");
    }

    Dataset dataset;
    dataset.images = torch::empty({n, 1, rows, cols}, torch::kUInt8);
    std::memcpy(dataset.images.data_ptr<uint8_t>(), bytes.data() + 16, static_cast<std::size_t>(n * rows * cols));
    dataset.labels = torch::full({n}, -1, torch::kInt64);
    dataset.classNames = options.classNames;

    const fs::path labelsFile = idxLabelsFileFor(imagesFile);
    if (labelsFile.empty() && !options.allowUnlabeled) {
        throw DataError("no labels file next to idx image file \"" + imagesFile.string() +
                        "\" (expected the same name with labels-idx1 for images-idx3)");
    }
    if (!labelsFile.empty()) {
        const std::vector<unsigned char> labelBytes = readFileMaybeGzip(labelsFile);
        checkIdx(labelBytes, kLabelsMagic, 1, labelsFile, "label file");
        const int64_t count = readBigEndian32(labelBytes.data() + 4);
        if (count != n) {
            throw DataError("idx label file \"" + labelsFile.string() + "\" holds " + std::to_string(count) +
                            " labels for the " + std::to_string(n) + " images of \"" + imagesFile.string() + "\"");
        }
        auto* labels = dataset.labels.data_ptr<int64_t>();
        int64_t maxLabel = 0;
        for (int64_t i = 0; i < n; ++i) {
            labels[i] = labelBytes[static_cast<std::size_t>(8 + i)];
            maxLabel = std::max(maxLabel, labels[i]);
        }
        if (options.classNames.empty()) {
            dataset.classNames = numberedClasses(maxLabel + 1);
        } else if (maxLabel >= static_cast<int64_t>(options.classNames.size())) {
            throw DataError("idx label file \"" + labelsFile.string() + "\" holds label " + std::to_string(maxLabel) +
                            ", outside the " + std::to_string(options.classNames.size()) + " given classes");
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
