// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace lada::ui {

/**
 * The one thread that runs the engine's LibTorch work (training, proposing, t-SNE, opening data) for
 * the worker, so that the worker's own thread stays free to journal answers, undo, import and export
 * at once. Jobs run one at a time in the order posted; each posts its result back to the worker with a
 * queued call. The thread sets LibTorch's thread count before its first job (libtorch's intra-op pool
 * serves the thread that sets it). The destructor waits for the running job: cancel it first.
 */
class EngineThread {
public:
    /** `threads` LibTorch threads for the jobs (0 = all cores). */
    explicit EngineThread(int threads = 0);
    ~EngineThread();
    EngineThread(const EngineThread&) = delete;
    EngineThread& operator=(const EngineThread&) = delete;

    /** Queues `job`; thread-safe. */
    void post(std::function<void()> job);
    /** Sets the LibTorch thread count used from the next job on (0 = all cores). */
    void setThreads(int threads);

private:
    void loop();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    bool m_stop = false;
    int m_threads = 0;
    int m_configured = -1;
    std::thread m_thread;
};

}  // namespace lada::ui
