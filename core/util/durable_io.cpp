// SPDX-License-Identifier: MIT
#include "core/util/durable_io.h"

#include "core/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lada {

namespace fs = std::filesystem;

std::string systemErrorText(int err)
{
    // std::strerror may share a static buffer between threads; the GNU strerror_r returns the text.
    char buffer[256];
    return strerror_r(err, buffer, sizeof buffer);
}

void syncDirectory(const std::string& dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        throw Error("cannot open folder \"" + dir + "\" to sync it: " + systemErrorText(errno));
    }
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    // Some file systems (and tmpfs) refuse fsync on folders with EINVAL; they have nothing to flush.
    if (rc != 0 && err != EINVAL) {
        throw Error("cannot sync folder \"" + dir + "\": " + systemErrorText(err));
    }
}

namespace {

void writeAll(int fd, std::string_view bytes, const std::string& what)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw Error("cannot write \"" + what + "\": " + systemErrorText(errno));
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

std::string parentOf(const std::string& path)
{
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace

void writeFileAtomically(const std::string& path, std::string_view bytes)
{
    const fs::path target(path);
    // Built with append: GCC 12 warns falsely (-Wstringop-overflow) on the equivalent chain of '+'.
    std::string tempName = ".";
    tempName.append(target.filename().string()).append(".tmp-").append(std::to_string(::getpid()));
    const std::string temp = (target.parent_path() / tempName).string();
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw Error("cannot write \"" + path + "\": " + systemErrorText(errno));
    }
    try {
        writeAll(fd, bytes, path);
        if (::fsync(fd) != 0) {
            throw Error("cannot sync \"" + path + "\": " + systemErrorText(errno));
        }
    } catch (...) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        throw Error("cannot replace \"" + path + "\": " + systemErrorText(err));
    }
    syncDirectory(parentOf(path));
}

std::string readFileText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw DataError("cannot read \"" + path + "\": " + systemErrorText(errno));
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        throw DataError("cannot read \"" + path + "\": read error");
    }
    return content.str();
}

std::string utcTimestampNow()
{
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms % 1000));
    return std::string(text) + millis;
}

}  // namespace lada
