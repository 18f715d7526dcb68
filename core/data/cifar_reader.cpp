// SPDX-License-Identifier: MIT
#include "core/data/cifar_reader.h"

#include "core/data/binary_io.h"
#include "core/data/cifar_format.h"
#include "core/data/tensor_convert.h"
#include "core/error.h"
#include "core/util/record_path.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace lada {

namespace {

bool isBin(const fs::path& p)
{
    return p.extension() == ".bin";
}

/** Non-empty lines of a names file, or {} when it is missing or does not have `count` names. */
std::vector<std::string> namesFile(const fs::path& file, int count)
{
    std::ifstream in(file);
    std::vector<std::string> names;
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
            line.pop_back();
        }
        if (!line.empty()) {
            names.push_back(line);
        }
    }
    return static_cast<int>(names.size()) == count ? names : std::vector<std::string>{};
}

std::vector<std::string> defaultClassNames(const CifarFormat& format, const fs::path& folder)
{
    if (format.classes == 10) {
        auto names = namesFile(folder / "batches.meta.txt", 10);
        if (names.empty()) {
            names = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
        }
        return names;
    }
    auto names = namesFile(folder / "fine_label_names.txt", 100);
    if (names.empty()) {
        for (int i = 0; i < 100; ++i) {
            names.push_back(std::to_string(i));
        }
    }
    return names;
}

}  // namespace

bool isCifarFolder(const fs::path& folder)
{
    bool anyBin = false;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(folder, ec)) {
        if (e.is_directory(ec)) {
            return false;
        }
        anyBin = anyBin || (isBin(e.path()) && e.is_regular_file(ec));
    }
    return anyBin;
}

std::vector<fs::path> cifarFiles(const fs::path& source)
{
    std::error_code ec;
    if (!fs::is_directory(source, ec)) {
        return {source};
    }
    std::vector<fs::path> all;
    for (const fs::directory_entry& e : fs::directory_iterator(source, ec)) {
        if (isBin(e.path()) && e.is_regular_file(ec)) {
            all.push_back(e.path());
        }
    }
    std::sort(all.begin(), all.end(), [](const fs::path& a, const fs::path& b) { return a.string() < b.string(); });
    std::vector<fs::path> training;
    std::copy_if(all.begin(), all.end(), std::back_inserter(training), [](const fs::path& p) {
        const std::string stem = p.stem().string();
        return stem.starts_with("data_batch") || stem == "train";
    });
    return training.empty() ? all : training;
}

Dataset readCifarDataset(const std::vector<fs::path>& files, const LoadOptions& options)
{
    if (files.empty()) {
        throw DataError("no CIFAR files to read");
    }
    std::vector<std::vector<unsigned char>> contents;
    std::vector<CifarFormat> formats;
    int64_t n = 0;
    for (const fs::path& file : files) {
        contents.push_back(readWholeFile(file));
        formats.push_back(cifarFormatOf(file.string(), contents.back().size()));
        if (formats.back().classes != formats.front().classes) {
            throw DataError("cannot mix CIFAR-10 and CIFAR-100 files: \"" + files.front().string() + "\" and \"" +
                            file.string() + "\"");
        }
        n += static_cast<int64_t>(contents.back().size() / formats.back().recordBytes());
        if (options.cancel != nullptr && options.cancel->load()) {
            throw Cancelled();
        }
    }
    const CifarFormat format = formats.front();

    Dataset dataset;
    dataset.classNames =
        options.classNames.empty() ? defaultClassNames(format, files.front().parent_path()) : options.classNames;
    dataset.images = torch::empty({n, 3, 32, 32}, torch::kUInt8);
    dataset.labels = torch::empty({n}, torch::kInt64);
    auto* pixels = dataset.images.data_ptr<uint8_t>();
    auto* labels = dataset.labels.data_ptr<int64_t>();
    dataset.paths.reserve(static_cast<std::size_t>(n));
    int64_t at = 0;
    for (std::size_t f = 0; f < files.size(); ++f) {
        const std::vector<unsigned char>& bytes = contents[f];
        const std::string name = files[f].filename().string();
        const std::vector<int64_t> fileLabels =
            cifarLabels(bytes, format, static_cast<int64_t>(dataset.classNames.size()), files[f].string());
        for (std::size_t r = 0; r < fileLabels.size(); ++r, ++at) {
            labels[at] = fileLabels[r];
            std::memcpy(pixels + static_cast<std::size_t>(at) * kCifarPixels,
                        bytes.data() + r * format.recordBytes() + format.labelBytes, kCifarPixels);
            dataset.paths.push_back(recordPath(name, r));
        }
    }
    dataset.root = files.front().parent_path().string();
    dataset.report.loaded = n;
    applyShapeOptions(dataset, options);
    return dataset;
}

}  // namespace lada
