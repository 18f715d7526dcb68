// SPDX-License-Identifier: MIT
#pragma once
// Timing and memory helpers shared by the benchmarks.

#include "core/util/device.h"

#include <chrono>
#include <fstream>
#include <string>

namespace lada::bench {

inline double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/**
 * Resets the kernel's peak-RSS counter of this process (Linux >= 4.0: "5" to clear_refs), after handing
 * the allocator's free pages back (releaseFreeHeap), so that the next peak counts live memory plus what the
 * measured step allocates, not heap pages an earlier step freed but glibc kept.
 */
inline void resetPeakMemory()
{
    releaseFreeHeap();
    std::ofstream("/proc/self/clear_refs") << "5";
}

/** Peak resident memory since the last reset, in MiB (VmHWM of /proc/self/status). */
inline double peakMemoryMiB()
{
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmHWM:") {
            double kb = 0;
            status >> kb;
            return kb / 1024.0;
        }
        std::getline(status, key);
    }
    return 0.0;
}

}  // namespace lada::bench
