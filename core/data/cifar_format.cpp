// SPDX-License-Identifier: MIT
#include "core/data/cifar_format.h"

#include "core/error.h"

#include <filesystem>

namespace lada {

namespace {

constexpr CifarFormat kCifar10{1, 10, "CIFAR-10"};
constexpr CifarFormat kCifar100{2, 100, "CIFAR-100"};

}  // namespace

CifarFormat cifarFormatOf(const std::string& file, std::size_t size)
{
    // Appended rather than "\"" + ...: GCC 12 warns falsely (-Wstringop-overflow) on that form here.
    std::string quoted(1, '"');
    quoted += file;
    quoted += '"';
    if (size == 0) {
        throw DataError("cannot read CIFAR file " + quoted + ": empty file");
    }
    const std::string stem = std::filesystem::path(file).stem().string();
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

std::vector<int64_t> cifarLabels(const std::vector<unsigned char>& bytes, const CifarFormat& format, int64_t classCount,
                                 const std::string& file)
{
    const std::size_t records = bytes.size() / format.recordBytes();
    std::vector<int64_t> labels(records);
    for (std::size_t r = 0; r < records; ++r) {
        // CIFAR-100 stores the coarse label first; the fine label is the class.
        const int64_t label = bytes[r * format.recordBytes() + static_cast<std::size_t>(format.labelBytes) - 1];
        if (label >= classCount) {
            throw DataError("cannot read " + std::string(format.name) + " file \"" + file + "\": record " +
                            std::to_string(r) + " has label " + std::to_string(label) + ", outside the " +
                            std::to_string(classCount) + " classes");
        }
        labels[r] = label;
    }
    return labels;
}

}  // namespace lada
