// SPDX-License-Identifier: MIT
#include "core/data/parallel_for.h"

#include "core/error.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace lada {

namespace {

// Small enough to balance 28x28 PNGs against 4000x3000 JPEGs, large enough to keep the shared
// counter off the profile.
constexpr int64_t kChunk = 16;
constexpr auto kProgressInterval = std::chrono::milliseconds(100);

bool isSet(const std::atomic<bool>* flag)
{
    return flag != nullptr && flag->load(std::memory_order_relaxed);
}

}  // namespace

int resolveThreadCount(int threads)
{
    if (threads > 0) {
        return threads;
    }
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void parallelFor(int64_t count, int threads, const std::function<void(int64_t)>& body,
                 const std::function<void(int64_t, int64_t)>& progress, const std::atomic<bool>* cancel)
{
    if (count <= 0) {
        if (isSet(cancel)) {
            throw Cancelled();
        }
        return;
    }
    const int workerCount = static_cast<int>(std::min<int64_t>(resolveThreadCount(threads), count));

    std::atomic<int64_t> next{0};
    std::atomic<int64_t> done{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable finished;
    int running = workerCount;
    std::exception_ptr error;

    auto work = [&] {
        try {
            while (!stop.load(std::memory_order_relaxed) && !isSet(cancel)) {
                const int64_t begin = next.fetch_add(kChunk, std::memory_order_relaxed);
                if (begin >= count) {
                    break;
                }
                const int64_t end = std::min(begin + kChunk, count);
                for (int64_t i = begin; i < end && !stop.load(std::memory_order_relaxed); ++i) {
                    body(i);
                    done.fetch_add(1, std::memory_order_relaxed);
                }
            }
        } catch (...) {
            std::lock_guard lock(mutex);
            if (!error) {
                error = std::current_exception();
            }
            stop = true;
        }
        std::lock_guard lock(mutex);
        --running;
        finished.notify_one();
    };

    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(workerCount));
    // Joins the workers on every way out, including a throwing progress callback: a joinable
    // std::thread destroyed during unwinding would call std::terminate.
    struct Joiner {
        std::vector<std::thread>& pool;
        std::atomic<bool>& stop;
        ~Joiner()
        {
            stop = true;
            for (std::thread& t : pool) {
                if (t.joinable()) {
                    t.join();
                }
            }
        }
    } joiner{pool, stop};
    for (int i = 0; i < workerCount; ++i) {
        pool.emplace_back(work);
    }

    auto lastReport = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex);
    while (running > 0) {
        finished.wait_for(lock, kProgressInterval, [&] { return running == 0; });
        if (isSet(cancel)) {
            stop = true;
        }
        const auto now = std::chrono::steady_clock::now();
        if (progress && running > 0 && now - lastReport >= kProgressInterval) {
            lastReport = now;
            lock.unlock();
            progress(done.load(std::memory_order_relaxed), count);
            lock.lock();
        }
    }
    lock.unlock();
    for (std::thread& t : pool) {
        t.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }
    if (isSet(cancel)) {
        throw Cancelled();
    }
    if (progress) {
        progress(count, count);
    }
}

}  // namespace lada
