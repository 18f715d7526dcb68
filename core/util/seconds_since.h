// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

namespace lada {

/** Wall seconds on the steady clock since `start`: the per-stage timings of rounds, loads and runs. Any thread. */
inline double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace lada
