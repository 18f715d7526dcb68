// SPDX-License-Identifier: MIT
#pragma once

#include "core/experiment/experiment_grid.h"

#include <string>
#include <vector>

namespace lada {

/** Where a run of an experiment folder stands. */
enum class RunState {
    Finished,  ///< result.json's last round is the run's rounds: skipped, untouched
    Resume,    ///< a readable session/session.json: continued from its history
    New,       ///< nothing usable: the folder is wiped and the run started over
};

/** A run's state as read from its folder (inspectRun). */
struct RunStatus {
    RunState state = RunState::New;
    int completedRounds = -1;  ///< last round of the session's history.jsonl; -1 = none (round 0 not trained)
};

/** What every run of one experiment shares when it is started. */
struct RunSetup {
    std::string out;       ///< the experiment folder, absolute
    std::string cacheDir;  ///< the shared --cache-dir
    int threads = 1;       ///< --threads of each run
};

/**
 * Reads `<out>/<run.folder>`: finished when result.json's last round equals run.rounds; else resumable
 * when session/session.json is a session, counting its completed rounds from session/history.jsonl (the
 * session's own record: result.json can lag a round behind after a crash); else new. Throws ConfigError
 * naming the run, the settings that differ and suggesting another --out when the folder holds a run
 * made with other settings (the configuration recorded in session.json or result.json differs: only
 * rounds, threads and device may; command.json's settings, when they agree, spare reading it, and when they
 * are spelled otherwise, as a default given explicitly or a default changed since, the recorded
 * configuration decides), or one with more rounds than asked. Reads files only.
 */
RunStatus inspectRun(const std::string& out, const ExperimentRun& run);

/** "finished", "resume at round 4" (the next round to run), "new". */
std::string describeStatus(const RunStatus& status);

/**
 * `lada-cli run`'s arguments (without the program) for a run from the start: --train, --test, --preset,
 * every setting of the run in the setting table's order, --threads, --cache-dir, --session
 * <folder>/session, --out <folder>/result.json, --quiet.
 */
std::vector<std::string> newRunArguments(const ExperimentRun& run, const RunSetup& setup);

/**
 * The arguments that continue a run's session: --session, --rounds (the rounds still to run; 0 when the
 * history is complete and only result.json lags), --threads, --device when the run sets it, --cache-dir,
 * --out, --quiet. A continued session keeps every other setting of its own.
 */
std::vector<std::string> resumeArguments(const ExperimentRun& run, const RunStatus& status, const RunSetup& setup);

/** The arguments `status` calls for: resumeArguments for Resume, else newRunArguments. */
std::vector<std::string> runArguments(const ExperimentRun& run, const RunStatus& status, const RunSetup& setup);

/**
 * Makes the run's folder ready for its process: a new run's folder is removed and made again; either
 * kind gets command.json (the run's arguments from the start and the settings that identify it) when
 * it has none. Throws Error naming the folder when it cannot be written.
 */
void prepareRunFolder(const ExperimentRun& run, const RunStatus& status, const RunSetup& setup);

/**
 * Writes `<out>/grid.json`: the resolved grid (top-level "datasets" names and "labels" in grid order, the
 * seeds, settings, preset, baseline, jobs) and every run with its folder, rounds and argument list,
 * through a temporary file renamed into place. Throws Error naming the file when it cannot be written.
 */
void writeGridRecord(const ExperimentGrid& grid, const std::vector<ExperimentRun>& runs, const RunSetup& setup,
                     int jobs, const std::string& baseline);

}  // namespace lada
