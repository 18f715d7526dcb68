// SPDX-License-Identifier: MIT
#pragma once
// Runs python3 as an independent reader of what the project writes (csv, json modules).

#include <QByteArray>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>

#include <optional>

namespace lada::test {

/**
 * Runs a Python snippet with `args`: stdout on success, an empty array when Python failed (its stderr
 * goes to `errors`), or nullopt when python3 is missing.
 */
inline std::optional<QByteArray> runPython(const QString& code, const QStringList& args, QByteArray* errors = nullptr)
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) {
        return std::nullopt;
    }
    QProcess process;
    process.start(python, QStringList{QStringLiteral("-c"), code} + args);
    process.waitForFinished(60000);
    if (errors != nullptr) {
        *errors = process.readAllStandardError();
    }
    return process.exitCode() == 0 ? std::optional(process.readAllStandardOutput()) : std::optional(QByteArray());
}

}  // namespace lada::test
