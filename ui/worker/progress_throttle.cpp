// SPDX-License-Identifier: MIT
#include "ui/worker/progress_throttle.h"

#include <utility>

namespace lada::ui {

ProgressThrottle::ProgressThrottle(Emit emit, int intervalMs)
    : m_emit(std::move(emit))
    , m_intervalMs(intervalMs)
{
}

void ProgressThrottle::report(const QString& phase, qint64 done, qint64 total)
{
    const bool phaseChanged = phase != m_lastPhase;
    const bool finished = total > 0 && done >= total;
    if (!phaseChanged && !finished && m_sinceLast.isValid() && m_sinceLast.elapsed() < m_intervalMs)
        return;
    m_lastPhase = phase;
    m_sinceLast.start();
    m_emit(phase, done, total);
}

Progress throttledProgress(std::atomic<bool>* cancel, ProgressThrottle::Emit emit, int intervalMs)
{
    auto throttle = std::make_shared<ProgressThrottle>(std::move(emit), intervalMs);
    Progress progress;
    progress.cancel = cancel;
    progress.report = [throttle](const std::string& phase, int64_t done, int64_t total) {
        throttle->report(QString::fromStdString(phase), done, total);
    };
    return progress;
}

}  // namespace lada::ui
