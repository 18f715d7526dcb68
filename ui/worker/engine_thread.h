// SPDX-License-Identifier: MIT
#pragma once

#include "core/error.h"
#include "ui/worker/thread_hand_off.h"

#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace lada::ui {

/** How an engine job ended. */
enum class JobEnd { Done, Cancelled, Failed };

/**
 * The one thread that runs the engine's LibTorch work (training, proposing, t-SNE, opening data) for
 * the worker, so that the worker's own thread stays free to journal answers, undo, import and export
 * at once. Jobs run one at a time in the order posted; each posts its result back to the worker through
 * the worker's HandOffQueue. The thread sets LibTorch's thread count before its first job (libtorch's intra-op pool
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
    /**
     * Queues `work` and hands its result to `done` on the thread `to` lives in (HandOffQueue): the value when
     * it returned, JobEnd::Cancelled when it threw lada::Cancelled, JobEnd::Failed and the message when
     * it threw anything else. Thread-safe.
     */
    template <class T>
    void run(HandOffQueue* to, std::function<T()> work,
             std::function<void(std::optional<T>&, JobEnd, const QString&)> done)
    {
        post([to, work = std::move(work), done = std::move(done)] {
            auto result = std::make_shared<std::optional<T>>();
            JobEnd end = JobEnd::Done;
            QString error;
            try {
                *result = work();
            } catch (const Cancelled&) {
                end = JobEnd::Cancelled;
            } catch (const std::exception& e) {
                end = JobEnd::Failed;
                error = QString::fromStdString(e.what());
            }
            to->post([result, end, error, done] { done(*result, end, error); });
        });
    }
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
