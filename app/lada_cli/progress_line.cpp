// SPDX-License-Identifier: MIT
#include "app/lada_cli/progress_line.h"

#include <chrono>
#include <cstdio>
#include <memory>

#include <unistd.h>

namespace lada::cli {

Progress progressLine(bool quiet)
{
    Progress p;
    if (quiet || !isatty(fileno(stderr)))
        return p;
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    p.report = [last](const std::string& phase, int64_t done, int64_t total) {
        const auto now = std::chrono::steady_clock::now();
        if (done < total && now - *last < std::chrono::milliseconds(500))
            return;
        *last = now;
        std::fprintf(stderr, "\r  %-26s %6lld / %-6lld%s", phase.c_str(), static_cast<long long>(done),
                     static_cast<long long>(total), done >= total ? "\r\033[K" : "");
        std::fflush(stderr);
    };
    return p;
}

}  // namespace lada::cli
