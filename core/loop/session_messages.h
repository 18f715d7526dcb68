// SPDX-License-Identifier: MIT
#pragma once

#include "core/loop/labeling_session.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lada {

// The sentences lada-cli and the workbench print about a labeling session: written once, here.

/** "entropy, model cnn on cpu, budget 10, initial 20, 50 epochs, seed 7, 5,400 pool images". */
std::string sessionDescription(const LabelingSession& session);
/** What reopening `folder` restored: its warnings (a line each), then answers, rounds, the pending cards, answers kept but not applied. */
std::string restoreDescription(const RestoreSummary& restored, const std::string& folder);
/** What a labels CSV import did: imported, new to the labeled set, refused rows (the first one named). */
std::string importDescription(const ImportOutcome& outcome, const std::string& csvPath);
/** What an export wrote (ExportReport::summary) and its warnings, one per line. */
std::string exportDescription(const ExportReport& report);
/** Why no round is proposed: the pool holds fewer images than the budget. */
std::string exhaustedDescription(const LabelingSession& session);
/** What loading read and skipped, one line per split, and how the accuracy is measured without a test split. */
std::vector<std::string> loadDescription(const LabelingSession& session);
/** The message for an undone answer of an earlier round (its image is back in the pool); empty for an open card. */
std::string undoDescription(const LabelingSession& session, int64_t row);

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
