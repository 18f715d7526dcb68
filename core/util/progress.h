// SPDX-License-Identifier: MIT
#pragma once

#include "core/error.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace lada {

/**
 * How long work reports and stops: `report(phase, done, total)` is called from the working thread
 * between batches; `cancel` is read there too. Both may be empty. ui/worker turns this into signals.
 */
struct Progress {
    std::function<void(const std::string& phase, int64_t done, int64_t total)> report;
    const std::atomic<bool>* cancel = nullptr;

    void operator()(const std::string& phase, int64_t done, int64_t total) const
    {
        if (report)
            report(phase, done, total);
    }
    /** Throws lada::Cancelled when the cancel flag is set; call between batches. */
    void checkCancel() const
    {
        if (cancel && cancel->load(std::memory_order_relaxed))
            throw Cancelled();
    }
};

}  // namespace lada
