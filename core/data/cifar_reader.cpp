// SPDX-License-Identifier: MIT
#include "core/data/cifar_reader.h"

#include "core/data/binary_io.h"
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

constexpr std::size_t kPixels = 3 * 32 * 32;

/** Record layout of one CIFAR flavour. */
struct CifarFormat {
    int labelBytes = 1;  ///< 1 for CIFAR-10, 2 (coarse, fine) for CIFAR-100
    int classes = 10;
    const char* name = "CIFAR-10";
    std::size_t recordBytes() const { return static_cast<std::size_t>(labelBytes) + kPixels; }
};

constexpr CifarFormat kCifar10{1, 10, "CIFAR-10"};
constexpr CifarFormat kCifar100{2, 100, "CIFAR-100"};

bool isBin(const fs::path& p)
{
    return p.extension() == ".bin";
}

/** The flavour of one file from its name, else from which record size divides its size. */
CifarFormat formatOf(const fs::path& file, std::size_t size)
{
    // Appended rather than "\"" + ...: GCC 12 warns falsely (-Wstringop-overflow) on that form here.
    std::string quoted(1, '"');
    quoted += file.string();
    quoted += '"';
    if (size == 0) {
        throw DataError("cannot read CIFAR file " + quoted + ": empty file");
    }
    const std::string stem = file.stem().string();
    const CifarFormat* format = nullptr;
    if (stem.starts_with("data_batch") || stem == "test_batch") {
        format = &kCifar10;
    } else if (stem == "train" || stem == "test") {
        format = &kCifar100;
    } else if (size % kCifar10.recordBytes() == 0) {
        format = &kCifar10;
    } else if (size % kCifar100.recordBytes() == 0) {
        format = &kCifar100;
    }
    if (format == nullptr) {
        const std::size_t r = kCifar10.recordBytes();
        throw DataError("cannot read CIFAR file " + quoted + ": truncated or not CIFAR: " + std::to_string(size) +
                        " bytes is not a whole number of 3073-byte (CIFAR-10) or 3074-byte (CIFAR-100) records;"
                        " expected " +
                        std::to_string((size / r + 1) * r) + " bytes for CIFAR-10, found " + std::to_string(size));
    }
    const std::size_t r = format->recordBytes();
    if (size % r != 0) {
        throw DataError("cannot read " + std::string(format->name) + " file " + quoted + ": truncated: expected " +
                        std::to_string((size / r + 1) * r) + " bytes (" + std::to_string(size / r + 1) +
                        " records of " + std::to_string(r) + "), found " + std::to_string(size));
    }
    return *format;
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
        formats.push_back(formatOf(file, contents.back().size()));
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
        const std::size_t records = bytes.size() / format.recordBytes();
        for (std::size_t r = 0; r < records; ++r, ++at) {
            const unsigned char* record = bytes.data() + r * format.recordBytes();
            // CIFAR-100 stores the coarse label first; the fine label is the class.
            const int64_t label = record[format.labelBytes - 1];
            if (label >= static_cast<int64_t>(dataset.classNames.size())) {
                throw DataError("cannot read " + std::string(format.name) + " file \"" + files[f].string() +
                                "\": record " + std::to_string(r) + " has label " + std::to_string(label) +
                                ", outside the " + std::to_string(dataset.classNames.size()) + " classes");
            }
            labels[at] = label;
            std::memcpy(pixels + static_cast<std::size_t>(at) * kPixels, record + format.labelBytes, kPixels);
            dataset.paths.push_back(recordPath(name, r));
        }
    }
    dataset.root = files.front().parent_path().string();
    dataset.report.loaded = n;
    applyShapeOptions(dataset, options);
    return dataset;
}

}  // namespace lada
