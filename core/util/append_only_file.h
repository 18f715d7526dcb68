// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lada {

/** One complete line of a text file, without its '\n'; `number` counts from 1. */
struct ScannedLine {
    int64_t number = 0;
    std::string text;
};

/** A line file as found on disk: its complete lines and what follows the last '\n'. */
struct LineScan {
    bool exists = false;
    std::vector<ScannedLine> lines;  ///< every line ended by '\n'
    std::string tail;                ///< bytes after the last '\n': a write cut short, normally empty
    int64_t completeBytes = 0;       ///< size of the part made of complete lines
};

/** Reads `path` as lines; a missing file gives `exists == false`. Throws lada::DataError if unreadable. */
LineScan scanLines(const std::string& path);

/**
 * A text file that only grows by whole lines, each append written with one write() and flushed to the
 * disk (fdatasync) before it returns, so that an answer the caller has acknowledged survives a crash
 * of the process or of the machine. Holds an exclusive advisory lock (flock) so that a second writer,
 * in this or another process, is refused. Movable, not copyable, not thread-safe.
 */
class AppendOnlyFile {
public:
    AppendOnlyFile() = default;
    ~AppendOnlyFile();
    AppendOnlyFile(AppendOnlyFile&& other) noexcept;
    AppendOnlyFile& operator=(AppendOnlyFile&& other) noexcept;
    AppendOnlyFile(const AppendOnlyFile&) = delete;
    AppendOnlyFile& operator=(const AppendOnlyFile&) = delete;

    /**
     * Opens `path` for appending, creating it when missing (and then syncing its folder). With `lock`,
     * throws lada::Error when another writer holds the file. Throws lada::Error naming the file otherwise.
     */
    static AppendOnlyFile open(const std::string& path, bool lock);

    /**
     * Appends `lines` (each without '\n') in one write and one fdatasync. On failure (a full disk) the
     * file is cut back to its previous size, so no half line is left, and lada::Error is thrown.
     */
    void append(const std::vector<std::string>& lines);

    /** Appends the missing '\n' after a last line that is complete but was written without one. */
    void terminateLastLine() { appendBytes("\n"); }

    /** Cuts the file to `size` bytes and syncs it: drops a torn last line found by scanLines. */
    void truncate(int64_t size);

    bool isOpen() const { return m_fd >= 0; }
    const std::string& path() const { return m_path; }

private:
    void close() noexcept;
    void appendBytes(const std::string& bytes);

    int m_fd = -1;
    std::string m_path;
};

}  // namespace lada
