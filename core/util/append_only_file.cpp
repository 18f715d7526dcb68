// SPDX-License-Identifier: MIT
#include "core/util/append_only_file.h"

#include "core/error.h"
#include "core/util/durable_io.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string_view>
#include <utility>

namespace lada {

LineScan scanLines(const std::string& path)
{
    LineScan scan;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return scan;
    }
    scan.exists = true;
    const std::string content = readFileText(path);
    std::size_t start = 0;
    int64_t number = 1;
    for (std::size_t end = content.find('\n'); end != std::string::npos; end = content.find('\n', start)) {
        scan.lines.push_back({number++, content.substr(start, end - start)});
        start = end + 1;
    }
    scan.tail = content.substr(start);
    scan.completeBytes = static_cast<int64_t>(start);
    return scan;
}

AppendOnlyFile::~AppendOnlyFile()
{
    close();
}

AppendOnlyFile::AppendOnlyFile(AppendOnlyFile&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_path(std::move(other.m_path))
{
}

AppendOnlyFile& AppendOnlyFile::operator=(AppendOnlyFile&& other) noexcept
{
    if (this != &other) {
        close();
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
    }
    return *this;
}

void AppendOnlyFile::close() noexcept
{
    if (m_fd >= 0) {
        ::close(m_fd);  // also releases the flock
        m_fd = -1;
    }
}

AppendOnlyFile AppendOnlyFile::open(const std::string& path, bool lock)
{
    std::error_code ec;
    const bool existed = std::filesystem::exists(path, ec);
    AppendOnlyFile file;
    file.m_path = path;
    file.m_fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (file.m_fd < 0) {
        throw Error("cannot open \"" + path + "\" for writing: " + systemErrorText(errno));
    }
    if (lock && ::flock(file.m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        if (err == EWOULDBLOCK) {
            throw Error("\"" + path + "\" is open for writing in another window or process; close it there first");
        }
        throw Error("cannot lock \"" + path + "\": " + systemErrorText(err));
    }
    if (!existed) {
        // A new file's name lives in its folder: sync the folder or a crash may lose the file itself.
        if (::fsync(file.m_fd) != 0) {
            throw Error("cannot sync \"" + path + "\": " + systemErrorText(errno));
        }
        const auto parent = std::filesystem::path(path).parent_path();
        syncDirectory(parent.empty() ? "." : parent.string());
    }
    return file;
}

void AppendOnlyFile::append(const std::vector<std::string>& lines)
{
    if (lines.empty()) {
        return;
    }
    std::string bytes;
    for (const auto& line : lines) {
        if (line.find('\n') != std::string::npos) {
            throw Error("internal error: a line for \"" + m_path + "\" holds a line break");
        }
        bytes += line;
        bytes += '\n';
    }
    appendBytes(bytes);
}

void AppendOnlyFile::appendBytes(const std::string& bytes)
{
    if (m_fd < 0) {
        throw Error("\"" + m_path + "\" is not open for writing");
    }
    struct stat before {};
    if (::fstat(m_fd, &before) != 0) {
        throw Error("cannot append to \"" + m_path + "\": " + systemErrorText(errno));
    }
    std::string_view rest(bytes);
    while (!rest.empty()) {
        const ssize_t n = ::write(m_fd, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const int err = errno;
            // Cut the half-written line off, or the next append would be glued onto it.
            [[maybe_unused]] const int ignored = ::ftruncate(m_fd, before.st_size);
            throw Error("cannot append to \"" + m_path + "\": " + systemErrorText(err));
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    // fdatasync also flushes the new file size, which is all the metadata needed to read the data back.
    if (::fdatasync(m_fd) != 0) {
        throw Error("cannot sync \"" + m_path + "\" to disk: " + systemErrorText(errno));
    }
}

void AppendOnlyFile::truncate(int64_t size)
{
    if (m_fd < 0) {
        throw Error("\"" + m_path + "\" is not open for writing");
    }
    if (::ftruncate(m_fd, static_cast<off_t>(size)) != 0 || ::fdatasync(m_fd) != 0) {
        throw Error("cannot cut the torn last line off \"" + m_path + "\": " + systemErrorText(errno));
    }
}

}  // namespace lada
