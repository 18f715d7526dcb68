// SPDX-License-Identifier: MIT
#pragma once

#include "core/util/progress.h"

namespace lada::cli {

/**
 * Progress on stderr as one line per phase ("  training  12 / 50"), rewritten at most every 0.5 s and
 * cleared when the phase ends. Empty (silent) when `quiet` or when stderr is not a terminal: a log file
 * gets the per-round lines only. No cancel flag: Ctrl+C ends lada-cli (the journal is already on disk).
 */
Progress progressLine(bool quiet);

}  // namespace lada::cli
