// SPDX-License-Identifier: MIT
#pragma once

#include "core/loop/round_report.h"
#include "core/session/session_info.h"
#include "ui/worker/worker_types.h"

#include <map>
#include <string>

namespace lada::ui {

/**
 * How the workbench keeps a run in a core Session and reads it back: the settings as flat key/values
 * in session.json, and one history.jsonl record per finished round (the engine's round record plus the
 * window's accuracy source), from which a reopened session restores its plots and round count.
 */

/** The settings as session.json's flat "settings" map; keys are those of applySetting (--set KEY=VALUE). */
std::map<std::string, std::string> settingsToMap(const SessionSettings& settings);

/** The settings back from session.json; unknown keys and bad values keep `defaults`' value. */
SessionSettings settingsFromMap(const std::map<std::string, std::string>& map, SessionSettings defaults);

/** The OpenRequest that loads the session's splits again (class names given for unlabeled folders). */
OpenRequest openRequestFor(const SessionInfo& info, bool unlabeled, const QString& cacheFolder);

/** One history.jsonl record: roundToJson(report) plus a "workbench" object holding `metrics`. */
std::string historyRecord(const RoundReport& report, const RoundMetrics& metrics);

/** A round restored from a history record: its report (no proposal), metrics and plot data. */
struct RestoredRound {
    RoundReport report;       ///< round, counts, accuracy, loss, seconds (the proposal is not restored)
    RoundMetrics metrics;
    RoundProposal plotData;   ///< tau* of every pair (or their quantiles), selected pairs' tau*, virtual scores
};

/** Parses a record written by historyRecord; throws lada::DataError for a record that is not one. */
RestoredRound restoreRound(const std::string& record);

} // namespace lada::ui
