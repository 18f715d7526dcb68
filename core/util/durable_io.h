// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace lada {

/** `err` (an errno value) in words, as strerror gives it, safe to call from any thread. */
std::string systemErrorText(int err);

/**
 * Flushes a folder's entries to the disk (fsync on the folder), so that files created, renamed or
 * removed in it survive a power loss. Throws lada::Error naming the folder and the reason.
 */
void syncDirectory(const std::string& dir);

/**
 * Replaces `path` with `bytes` so that a crash leaves either the old file or the new one, never a mix:
 * write a temporary sibling, fsync it, rename it over `path`, fsync the folder. Throws lada::Error
 * naming `path` and the reason (the temporary file is removed).
 */
void writeFileAtomically(const std::string& path, std::string_view bytes);

/** The whole content of a file. Throws lada::DataError naming the file and the reason. */
std::string readFileText(const std::string& path);

/** The current time as ISO 8601 UTC with milliseconds: "2024-05-01T12:34:56.789Z". */
std::string utcTimestampNow();

}  // namespace lada
