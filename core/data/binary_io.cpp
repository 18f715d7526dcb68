// SPDX-License-Identifier: MIT
#include "core/data/binary_io.h"

#include "core/error.h"
#include "core/util/memory_budget.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace lada {

namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

bool readFileBytes(const std::filesystem::path& file, std::vector<unsigned char>& out, std::string& reason,
                   std::size_t maxBytes)
{
    out.clear();
    // stdio rather than iostreams: decoding 60,000 small files is dominated by open/read overhead.
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(file.c_str(), "rb"));
    if (!f) {
        reason = errno == ENOENT ? "file not found" : std::string("cannot open file: ") + std::strerror(errno);
        return false;
    }
    if (std::fseek(f.get(), 0, SEEK_END) != 0) {
        reason = std::string("cannot read file: ") + std::strerror(errno);
        return false;
    }
    const long size = std::ftell(f.get());
    if (size < 0) {
        reason = "cannot read file (not a regular file?)";
        return false;
    }
    std::rewind(f.get());
    const std::size_t wanted = std::min(static_cast<std::size_t>(size), maxBytes);
    // The size is the file's real length, but a file larger than memory must be a message, not an OOM kill.
    if (const uint64_t available = availableMemoryBytes(); wanted > available) {
        reason = "the file's " + formatBytes(wanted) + " do not fit in the " + formatBytes(available) +
                 " of memory available";
        return false;
    }
    out.resize(wanted);
    if (wanted > 0 && std::fread(out.data(), 1, wanted, f.get()) != wanted) {
        reason = std::string("cannot read file: ") + (std::ferror(f.get()) ? std::strerror(errno) : "file shrank");
        out.clear();
        return false;
    }
    return true;
}

std::vector<unsigned char> readWholeFile(const std::filesystem::path& file)
{
    std::vector<unsigned char> bytes;
    std::string reason;
    if (!readFileBytes(file, bytes, reason)) {
        throw DataError("cannot read \"" + file.string() + "\": " + reason);
    }
    return bytes;
}

}  // namespace lada
