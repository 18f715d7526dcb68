// SPDX-License-Identifier: MIT
#include "core/backbone/embedding_cache.h"

#include "core/error.h"
#include "core/util/durable_io.h"
#include "core/util/mapped_file.h"

#include <torch/torch.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace lada {

namespace {

constexpr char kMagic[8] = {'L', 'A', 'D', 'A', 'E', 'M', 'B', '1'};
constexpr uint32_t kVersion = 1;
constexpr int64_t kHeaderBytes = 4096;
constexpr int64_t kKeyOffset = 48;
constexpr int64_t kMaxDimension = int64_t{1} << 20;

struct Header {
    uint32_t version = 0;
    uint32_t keyLength = 0;
    int64_t entries = 0, dimension = 0, done = 0, rows = 0;
};

int64_t rowsOffset(int64_t entries)
{
    return kHeaderBytes + (entries + 63) / 64 * 64;
}

/** A key too long for the header is stored as its hash: the comparison still tells keys apart. */
std::string storedKey(const std::string& key)
{
    if (static_cast<int64_t>(key.size()) <= kHeaderBytes - kKeyOffset)
        return key;
    uint64_t h = 1469598103934665603ull;
    for (const char c : key) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return "fnv64:" + std::to_string(h);
}

bool fullRead(int fd, void* out, size_t bytes, off_t at)
{
    auto* p = static_cast<char*>(out);
    while (bytes > 0) {
        const ssize_t got = ::pread(fd, p, bytes, at);
        if (got <= 0)
            return false;
        p += got;
        bytes -= static_cast<size_t>(got);
        at += got;
    }
    return true;
}

void fullWrite(int fd, const void* data, size_t bytes, off_t at, const std::string& file)
{
    const auto* p = static_cast<const char*>(data);
    while (bytes > 0) {
        const ssize_t put = ::pwrite(fd, p, bytes, at);
        if (put < 0) {
            if (errno == EINTR)
                continue;
            throw DataError("cannot write embedding cache \"" + file + "\": " + systemErrorText(errno));
        }
        p += put;
        bytes -= static_cast<size_t>(put);
        at += put;
    }
}

/** The header of an open file, checked against its size; false with `whyNot` for anything off. */
bool readHeader(int fd, Header& h, std::string& key, std::string& whyNot)
{
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size < kHeaderBytes) {
        whyNot = "shorter than its header";
        return false;
    }
    char magic[8];
    if (!fullRead(fd, magic, 8, 0) || std::memcmp(magic, kMagic, 8) != 0) {
        whyNot = "not an embedding cache (bad magic)";
        return false;
    }
    if (!fullRead(fd, &h.version, 4, 8) || !fullRead(fd, &h.keyLength, 4, 12) || !fullRead(fd, &h.entries, 8, 16) ||
        !fullRead(fd, &h.dimension, 8, 24) || !fullRead(fd, &h.done, 8, 32) || !fullRead(fd, &h.rows, 8, 40)) {
        whyNot = "unreadable header";
        return false;
    }
    if (h.version != kVersion) {
        whyNot = "version " + std::to_string(h.version) + ", expected " + std::to_string(kVersion);
        return false;
    }
    if (h.keyLength > kHeaderBytes - kKeyOffset || h.entries < 0 || h.entries > (int64_t{1} << 40) || h.dimension < 1 ||
        h.dimension > kMaxDimension || h.done < 0 || h.done > h.entries || h.rows < 0 || h.rows > h.done) {
        whyNot = "damaged header";
        return false;
    }
    // Only now, with every count bounded, compare the size the header implies with the file's.
    if (st.st_size < rowsOffset(h.entries) + h.rows * h.dimension * 2) {
        whyNot = "truncated (the header counts more rows than the file holds)";
        return false;
    }
    key.assign(h.keyLength, '\0');
    if (!fullRead(fd, key.data(), h.keyLength, kKeyOffset)) {
        whyNot = "unreadable key";
        return false;
    }
    return true;
}

}  // namespace

EmbeddingCache::EmbeddingCache(EmbeddingCache&& other) noexcept
{
    *this = std::move(other);
}

EmbeddingCache& EmbeddingCache::operator=(EmbeddingCache&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_file = std::move(other.m_file);
        m_key = std::move(other.m_key);
        m_fd = std::exchange(other.m_fd, -1);
        m_entries = other.m_entries;
        m_dimension = other.m_dimension;
        m_done = other.m_done;
        m_rows = other.m_rows;
    }
    return *this;
}

EmbeddingCache::~EmbeddingCache()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

int64_t EmbeddingCache::dimensionOf(const std::string& file, const std::string& key, int64_t entries)
{
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    Header h;
    std::string stored, whyNot;
    const bool ok = readHeader(fd, h, stored, whyNot) && stored == storedKey(key) && h.entries == entries;
    ::close(fd);
    return ok ? h.dimension : 0;
}

EmbeddingCache EmbeddingCache::openOrCreate(const std::string& file, const std::string& key, int64_t entries,
                                            int64_t dimension)
{
    EmbeddingCache cache;
    cache.m_file = file;
    cache.m_key = storedKey(key);
    cache.m_entries = entries;
    cache.m_fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
    if (cache.m_fd >= 0) {
        Header h;
        std::string stored, whyNot;
        if (readHeader(cache.m_fd, h, stored, whyNot) && stored == cache.m_key && h.entries == entries &&
            (dimension == 0 || dimension == h.dimension)) {
            cache.m_dimension = h.dimension;
            cache.m_done = h.done;
            cache.m_rows = h.rows;
            // Drop rows a crash left after the last header update.
            if (::ftruncate(cache.m_fd, rowsOffset(entries) + h.rows * h.dimension * 2) != 0)
                throw DataError("cannot resume embedding cache \"" + file + "\": " + systemErrorText(errno));
            return cache;
        }
        ::close(cache.m_fd);
        cache.m_fd = -1;
    }
    if (dimension < 1 || dimension > kMaxDimension)
        throw DataError("embedding cache \"" + file + "\": dimension " + std::to_string(dimension) + " is outside 1.." +
                        std::to_string(kMaxDimension));
    // A new inode, never the old file truncated: a pool mapped from the old file (another session, or
    // this process before the backbone changed) keeps its data instead of seeing it rewritten.
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::path(file).parent_path();
    if (!parent.empty())
        std::filesystem::create_directories(parent, ec);
    ::unlink(file.c_str());
    cache.m_fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (cache.m_fd < 0)
        throw DataError("cannot create embedding cache \"" + file + "\": " + systemErrorText(errno));
    cache.m_dimension = dimension;
    const std::vector<char> zeros(static_cast<size_t>(rowsOffset(entries)), 0);
    fullWrite(cache.m_fd, zeros.data(), zeros.size(), 0, file);
    fullWrite(cache.m_fd, kMagic, 8, 0, file);
    fullWrite(cache.m_fd, &kVersion, 4, 8, file);
    const auto keyLength = static_cast<uint32_t>(cache.m_key.size());
    fullWrite(cache.m_fd, &keyLength, 4, 12, file);
    fullWrite(cache.m_fd, &entries, 8, 16, file);
    fullWrite(cache.m_fd, &dimension, 8, 24, file);
    fullWrite(cache.m_fd, cache.m_key.data(), cache.m_key.size(), kKeyOffset, file);
    cache.writeHeader();
    return cache;
}

std::unique_ptr<EmbeddingCache> EmbeddingCache::openComplete(const std::string& file, const std::string& key,
                                                             int64_t entries, std::string& whyNot)
{
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        whyNot = "no embedding cache yet";
        return nullptr;
    }
    Header h;
    std::string stored;
    const bool ok = readHeader(fd, h, stored, whyNot);
    ::close(fd);
    if (!ok)
        return nullptr;
    if (stored != storedKey(key) || h.entries != entries) {
        whyNot = "made for other images, another backbone file or another input transform";
        return nullptr;
    }
    if (h.done != h.entries) {
        whyNot = "incomplete (" + std::to_string(h.done) + " of " + std::to_string(h.entries) + " images)";
        return nullptr;
    }
    auto cache = std::unique_ptr<EmbeddingCache>(new EmbeddingCache());
    cache->m_file = file;
    cache->m_key = stored;
    cache->m_entries = h.entries;
    cache->m_dimension = h.dimension;
    cache->m_done = h.done;
    cache->m_rows = h.rows;
    return cache;
}

void EmbeddingCache::writeHeader()
{
    fullWrite(m_fd, &m_done, 8, 32, m_file);
    fullWrite(m_fd, &m_rows, 8, 40, m_file);
}

void EmbeddingCache::append(const std::vector<bool>& ok, const torch::Tensor& rows)
{
    const auto count = static_cast<int64_t>(ok.size());
    int64_t embedded = 0;
    std::vector<char> status(ok.size());
    for (size_t i = 0; i < ok.size(); ++i) {
        status[i] = ok[i] ? 1 : 2;
        embedded += ok[i] ? 1 : 0;
    }
    if (m_done + count > m_entries ||
        (embedded > 0 && (rows.dim() != 2 || rows.size(0) != embedded || rows.size(1) != m_dimension)))
        throw DataError("embedding cache \"" + m_file + "\": rows do not match the entries appended");
    if (embedded > 0) {
        const torch::Tensor half = rows.to(torch::kCPU, torch::kHalf).contiguous();
        fullWrite(m_fd, half.data_ptr(), static_cast<size_t>(half.numel()) * 2,
                  static_cast<off_t>(rowsOffset(m_entries) + m_rows * m_dimension * 2), m_file);
    }
    fullWrite(m_fd, status.data(), status.size(), static_cast<off_t>(kHeaderBytes + m_done), m_file);
    // The rows must be on disk before the header counts them, or a crash would leave garbage counted.
    if (::fdatasync(m_fd) != 0)
        throw DataError("cannot write embedding cache \"" + m_file + "\": " + systemErrorText(errno));
    m_done += count;
    m_rows += embedded;
    writeHeader();
}

std::vector<bool> EmbeddingCache::embeddedEntries() const
{
    std::vector<char> status(static_cast<size_t>(m_entries));
    const int fd = ::open(m_file.c_str(), O_RDONLY | O_CLOEXEC);
    const bool ok = fd >= 0 && fullRead(fd, status.data(), status.size(), kHeaderBytes);
    if (fd >= 0)
        ::close(fd);
    if (!ok)
        throw DataError("cannot read embedding cache \"" + m_file + "\"");
    std::vector<bool> out(status.size());
    for (size_t i = 0; i < status.size(); ++i)
        out[i] = status[i] == 1;
    return out;
}

torch::Tensor EmbeddingCache::rows() const
{
    if (m_rows == 0)
        return torch::zeros({0, m_dimension}, torch::kHalf);
    try {
        return mapFileRegion(m_file, static_cast<uint64_t>(rowsOffset(m_entries)), {m_rows, m_dimension}, torch::kHalf);
    } catch (const std::runtime_error& e) {
        throw DataError(std::string("embedding cache: ") + e.what());
    }
}

}  // namespace lada
