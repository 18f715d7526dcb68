// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace lada {

/**
 * Bytes of memory the system can still give this process without swapping: MemAvailable from
 * /proc/meminfo, else free physical pages (sysconf), else 2^62 when neither can be read.
 * Any thread; reads the file on each call (microseconds).
 */
uint64_t availableMemoryBytes();

/** "1.5 GiB", "320 MiB", "12 KiB", "17 bytes": a size for a message. */
std::string formatBytes(uint64_t bytes);

/**
 * Checks before an allocation of `bytes` that a file (`what`, e.g. `"idx file \"x\""`) asks for: throws
 * lada::DataError "cannot read <what>: it needs <size> of memory, <size> available" when `bytes` exceeds
 * the memory available now. Called with sizes already checked against the file's real length, so it
 * refuses a genuine dataset too large for this machine, not a header's claim.
 */
void checkMemoryFor(uint64_t bytes, const std::string& what);

}  // namespace lada
