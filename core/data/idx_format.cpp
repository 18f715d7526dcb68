// SPDX-License-Identifier: MIT
#include "core/data/idx_format.h"

#include "core/data/binary_io.h"
#include "core/error.h"

#include <cstdio>

namespace lada {

namespace {

std::string hex32(uint32_t value)
{
    char text[11];
    std::snprintf(text, sizeof text, "0x%08x", value);
    return text;
}

}  // namespace

IdxLayout parseIdxLayout(const std::vector<unsigned char>& bytes, uint32_t magic, const std::string& fileName,
                         const char* what, bool gzipped)
{
    const std::size_t dims = magic & 0xff;
    const std::string name = "cannot read idx " + std::string(what) + " \"" + fileName + "\": ";
    const std::size_t header = 4 + 4 * dims;
    const std::string gz = gzipped ? " (after gunzip)" : "";
    if (bytes.size() < 4) {
        throw DataError(name + "truncated: expected at least " + std::to_string(header) + " bytes, found " +
                        std::to_string(bytes.size()) + gz);
    }
    const uint32_t found = readBigEndian32(bytes.data());
    if (found != magic) {
        throw DataError(name + "bad magic number " + hex32(found) + " (expected " + hex32(magic) + ")");
    }
    if (bytes.size() < header) {
        throw DataError(name + "truncated header: expected " + std::to_string(header) + " bytes, found " +
                        std::to_string(bytes.size()) + gz);
    }
    // A corrupt header can claim 2^96 bytes: refuse anything past 1 TiB before it overflows.
    constexpr uint64_t kLimit = uint64_t{1} << 40;
    IdxLayout layout;
    layout.dataOffset = header;
    uint64_t expected = 1;
    for (std::size_t d = 0; d < dims; ++d) {
        const uint32_t size = readBigEndian32(bytes.data() + 4 + 4 * d);
        if (size != 0 && expected > kLimit / size) {
            throw DataError(name + "implausible sizes in header");
        }
        expected *= size;
        layout.sizes.push_back(size);
    }
    expected += header;
    if (bytes.size() != expected) {
        const bool truncated = bytes.size() < expected;
        throw DataError(name + (truncated ? "truncated: " : "trailing data: ") + "expected " +
                        std::to_string(expected) + " bytes, found " + std::to_string(bytes.size()) + gz);
    }
    return layout;
}

std::vector<int64_t> idxLabels(const std::vector<unsigned char>& bytes, const IdxLayout& layout, int64_t imageCount,
                               int64_t classCount, const std::string& fileName, const std::string& imagesName)
{
    const int64_t count = layout.sizes.at(0);
    if (count != imageCount) {
        throw DataError("idx label file \"" + fileName + "\" holds " + std::to_string(count) + " labels for the " +
                        std::to_string(imageCount) + " images of \"" + imagesName + "\"");
    }
    std::vector<int64_t> labels(static_cast<std::size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
        labels[static_cast<std::size_t>(i)] = bytes[layout.dataOffset + static_cast<std::size_t>(i)];
        if (classCount > 0 && labels[static_cast<std::size_t>(i)] >= classCount) {
            throw DataError("idx label file \"" + fileName + "\": record " + std::to_string(i) + " has label " +
                            std::to_string(labels[static_cast<std::size_t>(i)]) + ", outside the " +
                            std::to_string(classCount) + " given classes");
        }
    }
    return labels;
}

}  // namespace lada
