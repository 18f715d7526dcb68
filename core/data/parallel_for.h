// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

namespace lada {

/** The number of worker threads `threads` asks for: itself when positive, else hardware_concurrency (at least 1). */
int resolveThreadCount(int threads);

/**
 * Runs `body(i)` for every i in [0, count) on std::thread workers (`threads`, 0 = hardware_concurrency)
 * that take indices in small chunks. Meanwhile the calling thread calls `progress(done, count)` at
 * most every ~100 ms (and once at the end) and watches `cancel`.
 * `body` must be safe to call concurrently for different i; it runs on the workers.
 * Throws Cancelled when `*cancel` is set (workers stop after their current item); rethrows the first
 * exception a body or the progress callback threw, after every worker has stopped.
 */
void parallelFor(int64_t count, int threads, const std::function<void(int64_t index)>& body,
                 const std::function<void(int64_t done, int64_t total)>& progress = {},
                 const std::atomic<bool>* cancel = nullptr);

}  // namespace lada
