// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace lada {

/**
 * An export target written under a temporary sibling name and renamed into place only when complete,
 * so that readers never see half an export and a failed export leaves nothing behind. An existing
 * target is refused unless `force`; with `force` it is replaced only at commit(). Throws lada::Error
 * naming the target and the reason (such as "Permission denied") when the folder cannot be written.
 */
class StagedTarget {
public:
    enum class Kind { File, Folder };

    StagedTarget(const std::string& target, Kind kind, bool force);
    ~StagedTarget();  ///< removes the temporary file or folder unless committed
    StagedTarget(const StagedTarget&) = delete;
    StagedTarget& operator=(const StagedTarget&) = delete;

    /** Where to write: a file path, or a created empty folder. */
    const std::string& tempPath() const { return m_temp; }
    const std::string& target() const { return m_target; }

    /** Flushes the written data to the disk and renames it into place (replacing the old target). */
    void commit();

private:
    std::string m_target;
    std::string m_temp;
    Kind m_kind;
    bool m_force;
    bool m_committed = false;
};

}  // namespace lada
