// SPDX-License-Identifier: MIT
#include "ui/worker/engine_thread.h"

#include "core/util/device.h"

namespace lada::ui {

EngineThread::EngineThread(int threads)
    : m_threads(threads)
    , m_thread([this] { loop(); })
{
}

EngineThread::~EngineThread()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_jobs.clear();
    }
    m_wake.notify_all();
    m_thread.join();
}

void EngineThread::post(std::function<void()> job)
{
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void EngineThread::setThreads(int threads)
{
    std::lock_guard lock(m_mutex);
    m_threads = threads;
}

void EngineThread::loop()
{
    for (;;) {
        std::function<void()> job;
        int threads = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_stop)
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
            threads = m_threads;
        }
        if (threads != m_configured) {
            // LibTorch's intra-op pool serves the thread that sets it: this thread does all torch work.
            configureThreads(threads);
            m_configured = threads;
        }
        job();  // jobs catch their own exceptions and report through the worker
    }
}

}  // namespace lada::ui
