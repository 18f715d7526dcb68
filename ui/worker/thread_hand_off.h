// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <deque>
#include <functional>
#include <mutex>

namespace lada::ui {

/**
 * Runs functions posted from any thread on the thread this object lives in, in the order posted. The
 * function travels through a std::mutex, and Qt's queue carries only a wake-up with no data
 * (QMetaObject::invokeMethod by name): unlike invokeMethod with a functor, this hand-off is one
 * ThreadSanitizer sees, since Qt is not built with it (thread_hand_off.cpp). post() is thread-safe; what is
 * still pending when the object is destroyed is dropped, as Qt drops queued calls to a deleted object.
 */
class HandOffQueue : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    void post(std::function<void()> function);

private:
    Q_INVOKABLE void drain();

    std::mutex m_mutex;
    std::deque<std::function<void()>> m_pending;
};

}  // namespace lada::ui
