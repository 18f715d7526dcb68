// SPDX-License-Identifier: MIT
#include "core/session/staged_target.h"

#include "core/error.h"
#include "core/util/durable_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>  // renameat2, RENAME_NOREPLACE (glibc 2.28)
#include <filesystem>

namespace lada {

namespace fs = std::filesystem;

namespace {

std::string siblingName(const fs::path& target, const char* tag)
{
    static std::atomic<int> counter{0};
    // Built with append: GCC 12 warns falsely (-Wstringop-overflow) on the equivalent chain of '+'.
    std::string name = ".";
    name.append(target.filename().string()).append(".").append(tag);
    name.append("-").append(std::to_string(::getpid())).append("-").append(std::to_string(counter++));
    return (target.parent_path() / name).string();
}

/** Flushes the whole file system holding `path`: one call instead of an fsync per exported image. */
void syncFileSystemOf(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw Error("cannot open \"" + path + "\" to sync it: " + systemErrorText(errno));
    }
    const int rc = ::syncfs(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) {
        throw Error("cannot sync \"" + path + "\" to disk: " + systemErrorText(err));
    }
}

}  // namespace

StagedTarget::StagedTarget(const std::string& target, Kind kind, bool force)
    : m_kind(kind)
    , m_force(force)
{
    if (target.empty()) {
        throw ConfigError("no export target given");
    }
    fs::path path = fs::absolute(target).lexically_normal();
    if (!path.has_filename()) {
        path = path.parent_path();  // "out/" names the folder "out"
    }
    m_target = path.string();
    std::error_code ec;
    if (fs::symlink_status(path, ec).type() != fs::file_type::not_found && !force) {
        throw Error("export target \"" + m_target +
                    "\" already exists; choose another name or pass --force to replace it");
    }
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
        throw Error("cannot export to \"" + m_target + "\": cannot create the folder \"" + path.parent_path().string() +
                    "\": " + ec.message());
    }
    m_temp = siblingName(path, "lada-tmp");
    if (kind == Kind::Folder) {
        if (::mkdir(m_temp.c_str(), 0755) != 0) {
            throw Error("cannot export to \"" + m_target + "\": cannot write in \"" + path.parent_path().string() +
                        "\": " + systemErrorText(errno));
        }
    } else {
        const int fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0) {
            throw Error("cannot export to \"" + m_target + "\": cannot write in \"" + path.parent_path().string() +
                        "\": " + systemErrorText(errno));
        }
        ::close(fd);
    }
}

StagedTarget::~StagedTarget()
{
    if (!m_committed && !m_temp.empty()) {
        std::error_code ec;
        fs::remove_all(m_temp, ec);
    }
}

void StagedTarget::commit()
{
    syncFileSystemOf(m_temp);
    const std::string parent = fs::path(m_target).parent_path().string();
    std::error_code ec;
    const auto existing = fs::symlink_status(m_target, ec).type();
    if (existing == fs::file_type::not_found) {
        // RENAME_NOREPLACE: a target that appeared since the check is still never overwritten.
        if (::renameat2(AT_FDCWD, m_temp.c_str(), AT_FDCWD, m_target.c_str(), RENAME_NOREPLACE) != 0) {
            const int err = errno;
            if (err != EINVAL && err != ENOSYS) {
                throw Error("cannot move the export into place at \"" + m_target + "\": " + systemErrorText(err));
            }
            // The file system lacks RENAME_NOREPLACE: a plain rename, after the check above.
            if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
                throw Error("cannot move the export into place at \"" + m_target + "\": " + systemErrorText(errno));
            }
        }
    } else if (!m_force) {
        throw Error("export target \"" + m_target +
                    "\" already exists; choose another name or pass --force to replace it");
    } else if (m_kind == Kind::File && existing == fs::file_type::regular) {
        // rename() replaces a file atomically: readers see the old export or the new one.
        if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
            throw Error("cannot replace \"" + m_target + "\": " + systemErrorText(errno));
        }
    } else {
        // A folder cannot be renamed over a non-empty one: move the old one aside first.
        const std::string aside = siblingName(fs::path(m_target), "lada-old");
        if (::rename(m_target.c_str(), aside.c_str()) != 0) {
            throw Error("cannot replace \"" + m_target + "\": " + systemErrorText(errno));
        }
        if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
            const int err = errno;
            [[maybe_unused]] const int restored = ::rename(aside.c_str(), m_target.c_str());
            throw Error("cannot replace \"" + m_target + "\": " + systemErrorText(err));
        }
        fs::remove_all(aside, ec);
    }
    m_committed = true;
    syncDirectory(parent);
}

}  // namespace lada
