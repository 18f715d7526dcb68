// SPDX-License-Identifier: MIT
// ThreadSanitizer and Qt's event queue. Qt is not built with TSan: the worker, the engine thread and the window
// hand each other data through Qt's queued calls, whose lock is a futex inside libQt6Core that TSan cannot see,
// so every hand-off looked like a race between the writer's frames and the reader's (the first run reported
// one in the first test). Our own queued functions go through HandOffQueue's std::mutex, which TSan sees. For
// signals, in a TSan build one synchronisation object stands for Qt's event queues: every event delivered
// acquires it (QInternal::EventNotifyCallback, in the receiving thread), and every signal emitted releases it
// before and after Qt queues it (the signal-spy hook, in the emitting thread; the queued copy of the arguments
// is made in between). That is more order than Qt gives: a race hidden by a signal emitted in between is not
// seen, and a signal's copied arguments read before the emitter returned from Qt could still be reported.
#include "ui/worker/thread_hand_off.h"

#if defined(__SANITIZE_THREAD__)
#include <QObject>

extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);

// Qt's hook for QSignalSpy-like tools (QtCore/private/qobject_p.h, exported by libQt6Core).
struct QSignalSpyCallbackSet {
    using BeginCallback = void (*)(QObject* caller, int signalOrMethodIndex, void** argv);
    using EndCallback = void (*)(QObject* caller, int signalOrMethodIndex);
    BeginCallback signal_begin_callback, slot_begin_callback;
    EndCallback signal_end_callback, slot_end_callback;
};
Q_CORE_EXPORT void qt_register_signal_spy_callbacks(QSignalSpyCallbackSet* callbackSet);

namespace {

char g_queue;  // stands for Qt's event queues

void signalEmitted(QObject*, int, void**)
{
    __tsan_release(&g_queue);
}

void signalQueued(QObject*, int)
{
    __tsan_release(&g_queue);
}

bool eventDelivered(void**)
{
    __tsan_acquire(&g_queue);
    return false;  // Qt delivers the event as usual
}

QSignalSpyCallbackSet g_callbacks{signalEmitted, nullptr, signalQueued, nullptr};

const bool g_installed = [] {
    qt_register_signal_spy_callbacks(&g_callbacks);
    QInternal::registerCallback(QInternal::EventNotifyCallback, eventDelivered);
    return true;
}();

}  // namespace

#endif

namespace lada::ui {

void HandOffQueue::post(std::function<void()> function)
{
    {
        const std::lock_guard lock(m_mutex);
        m_pending.push_back(std::move(function));
    }
    QMetaObject::invokeMethod(this, "drain", Qt::QueuedConnection);
}

void HandOffQueue::drain()
{
    std::deque<std::function<void()>> ready;
    {
        const std::lock_guard lock(m_mutex);
        ready.swap(m_pending);
    }
    for (auto& function : ready)
        function();
}

}  // namespace lada::ui
