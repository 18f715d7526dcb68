// SPDX-License-Identifier: MIT
#include "core/util/memory_budget.h"

#include "core/error.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace lada {

uint64_t availableMemoryBytes()
{
    std::ifstream meminfo("/proc/meminfo");
    for (std::string line; std::getline(meminfo, line);) {
        unsigned long long kib = 0;
        if (std::sscanf(line.c_str(), "MemAvailable: %llu kB", &kib) == 1) {
            return static_cast<uint64_t>(kib) * 1024;
        }
    }
    const long pages = sysconf(_SC_AVPHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0) {
        return static_cast<uint64_t>(pages) * static_cast<uint64_t>(pageSize);
    }
    return uint64_t{1} << 62;
}

std::string formatBytes(uint64_t bytes)
{
    const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (bytes < 1024) {
        return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    }
    double value = static_cast<double>(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 5) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, value < 10.0 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    return text;
}

void checkMemoryFor(uint64_t bytes, const std::string& what)
{
    const uint64_t available = availableMemoryBytes();
    if (bytes > available) {
        throw DataError("cannot read " + what + ": it needs " + formatBytes(bytes) + " of memory, " +
                        formatBytes(available) + " available");
    }
}

}  // namespace lada
