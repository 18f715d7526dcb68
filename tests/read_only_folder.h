// SPDX-License-Identifier: MIT
#pragma once
// A folder made read-only for the test that holds it (issue 14's read-only sessions), core and window tests.

#include <QFile>
#include <QProcess>
#include <QString>

#include <unistd.h>

namespace lada::testing {

/**
 * Makes `folder` read-only while it lives: a read-only bind mount when the test runs as root (whom
 * permission bits do not stop), else the owner's write permission taken away; undone by the destructor.
 * ok() is false when it could not be done (root without the right to mount): the test then skips.
 */
class ReadOnlyFolder {
public:
    explicit ReadOnlyFolder(const QString& folder)
        : m_folder(folder)
    {
        if (geteuid() == 0) {
            m_mounted = QProcess::execute(QStringLiteral("mount"), {QStringLiteral("--bind"), folder, folder}) == 0;
            if (m_mounted &&
                QProcess::execute(QStringLiteral("mount"),
                                  {QStringLiteral("-o"), QStringLiteral("remount,ro,bind"), folder}) != 0) {
                QProcess::execute(QStringLiteral("umount"), {folder});
                m_mounted = false;
            }
            m_ok = m_mounted;
        } else {
            m_ok = QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner);
        }
    }
    ~ReadOnlyFolder()
    {
        if (m_mounted)
            QProcess::execute(QStringLiteral("umount"), {m_folder});
        else if (m_ok)
            QFile::setPermissions(m_folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    ReadOnlyFolder(const ReadOnlyFolder&) = delete;
    ReadOnlyFolder& operator=(const ReadOnlyFolder&) = delete;

    bool ok() const { return m_ok; }
    static constexpr const char* kCannot =
        "running as root without the right to mount: a read-only folder cannot be made here";

private:
    QString m_folder;
    bool m_mounted = false;
    bool m_ok = false;
};

}  // namespace lada::testing
