// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QString>

#include "core/util/progress.h"

#include <atomic>

#include <cstdint>
#include <functional>

namespace lada::ui {

/**
 * Lets at most one progress report through every `intervalMs`, plus every change of phase and every
 * finished phase, so that a fast inner loop cannot flood the GUI thread's event queue.
 * Used on the worker thread only.
 */
class ProgressThrottle {
public:
    using Emit = std::function<void(const QString& phase, qint64 done, qint64 total)>;

    explicit ProgressThrottle(Emit emit, int intervalMs = 100);

    /** Forwards the report when the interval has passed, the phase changed, or done == total. */
    void report(const QString& phase, qint64 done, qint64 total);

private:
    Emit m_emit;
    int m_intervalMs;
    QElapsedTimer m_sinceLast;
    QString m_lastPhase;
};

/** A core Progress that checks `cancel` and reports through a new ProgressThrottle to `emit`. */
Progress throttledProgress(std::atomic<bool>* cancel, ProgressThrottle::Emit emit, int intervalMs = 100);

}  // namespace lada::ui
