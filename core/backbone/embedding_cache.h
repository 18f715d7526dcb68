// SPDX-License-Identifier: MIT
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lada {

/**
 * A file of float16 embeddings, one row per listed image, written as they are computed and read back
 * memory-mapped, so that a pool of a million embeddings opens without reading it whole (Linux mmap).
 * Layout: a 4,096-byte header (magic "LADAEMB1", the key, N entries, D, entries done, rows written), a
 * status byte per entry (0 = not yet, 1 = embedded, 2 = could not be decoded), then the rows of the
 * embedded entries in order, float16 [rows, D]. The key (the dataset's fingerprint, the backbone file's
 * hash and the input transform) decides whether a file may be reused; a file with another key, a damaged
 * header, or a size that disagrees with its header is never trusted (nothing is allocated from a header
 * before the file's size confirms it). Not thread-safe; one writer per file.
 */
class EmbeddingCache {
public:
    /**
     * Opens `file` for resuming or reading when it holds `key` for `entries` images of dimension `dimension`
     * (0 = whatever D the file has), else creates it anew (dimension must then be positive).
     * Throws DataError naming the file when it cannot be created or written.
     */
    static EmbeddingCache openOrCreate(const std::string& file, const std::string& key, int64_t entries,
                                       int64_t dimension);
    /**
     * The complete file for `key` and `entries` when there is one (every entry done), else nullptr; never
     * throws for a damaged or foreign file (returns nullptr with `whyNot` set).
     */
    static std::unique_ptr<EmbeddingCache> openComplete(const std::string& file, const std::string& key,
                                                        int64_t entries, std::string& whyNot);
    /** The D of an existing file for `key` (0 when none or unusable): lets a resume skip the probe. */
    static int64_t dimensionOf(const std::string& file, const std::string& key, int64_t entries);

    EmbeddingCache(EmbeddingCache&&) noexcept;
    EmbeddingCache& operator=(EmbeddingCache&&) noexcept;
    ~EmbeddingCache();

    int64_t entries() const { return m_entries; }
    int64_t dimension() const { return m_dimension; }
    int64_t entriesDone() const { return m_done; }
    int64_t rowsWritten() const { return m_rows; }
    bool complete() const { return m_done == m_entries; }

    /**
     * Appends the next entries: `ok[i]` says whether entry entriesDone()+i was embedded; `rows` float
     * [count(ok), D] holds those embeddings in order (stored as float16). The header is updated after the
     * rows are written, so a crash loses at most this call's rows. Throws DataError on a write error.
     */
    void append(const std::vector<bool>& ok, const torch::Tensor& rows);
    /** Status per entry: true = embedded (its row is in rows()), false = could not be decoded. Complete files only. */
    std::vector<bool> embeddedEntries() const;
    /**
     * The rows float16 [rowsWritten, D], memory-mapped read-only from the file (the mapping lives as long as
     * any tensor viewing it). Throws DataError when the file cannot be mapped.
     */
    torch::Tensor rows() const;

private:
    EmbeddingCache() = default;
    void writeHeader();

    std::string m_file;
    std::string m_key;
    int m_fd = -1;
    int64_t m_entries = 0;
    int64_t m_dimension = 0;
    int64_t m_done = 0;
    int64_t m_rows = 0;
};

}  // namespace lada
