// SPDX-License-Identifier: MIT
#pragma once

#include "core/loop/labeling_session.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lada {

/** What `lada-cli run` (or any front end without a person) asks for. */
struct RunRequest {
    std::string train, test;  ///< training and test sources (DataSources)
    std::string session;      ///< session folder: created, or continued when it holds session.json; empty = none
    std::string preset;       ///< settings preset for a new session (presets.h); empty = none
    std::string cacheDir;     ///< decoded dataset caches; empty = none
    std::map<std::string, std::string> settings;  ///< setting-table key -> value, over the preset
};

/**
 * The session `request` asks for: the one in `request.session` when that folder holds one (only the
 * run-time settings rounds, threads and device may change it; any other is refused with its key named),
 * else a new session on the loaded splits with its initial set open and, the labels being known,
 * answered. `warnings` receives the reopened journal's warnings. Throws ConfigError (a bad setting,
 * no --train, unlabeled images for the simulated oracle), DataError or Error as loading and reopening do.
 */
std::unique_ptr<LabelingSession> openOrStartRun(const RunRequest& request, const Progress& progress,
                                                std::vector<std::string>& warnings);

}  // namespace lada
