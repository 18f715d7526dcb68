// SPDX-License-Identifier: MIT
#pragma once

#include "core/loop/experiment_config.h"
#include "ui/worker/worker_types.h"

namespace lada::ui {

/**
 * The engine's ExperimentConfig for the window's settings. Rounds are open-ended in the workbench (the
 * person or --quit-after-rounds decides when to stop), so config.rounds is 0.
 */
ExperimentConfig experimentConfig(const SessionSettings& settings);

} // namespace lada::ui
