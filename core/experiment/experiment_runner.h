// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace lada {

/** One process the runner starts: a `lada-cli run` of one run of the grid. */
struct RunJob {
    std::string name;                    ///< "mnist/entropy/seed-1", for the progress lines
    std::string state;                   ///< "new" or "resume at round 4", for the start line
    std::vector<std::string> arguments;  ///< the program's arguments (argv[1..])
    std::string logFile;                 ///< the process's stdout and stderr are appended here
    std::function<void()> prepare;       ///< called just before the process starts (the folder, command.json)
};

/** How runJobs runs its jobs. */
struct RunnerOptions {
    std::string program;  ///< the executable every job runs (lada-cli itself: /proc/self/exe)
    int jobs = 1;         ///< processes at a time
    int done = 0;         ///< runs already finished before these (skipped), counted in "k/N done"
    int total = 0;        ///< runs of the whole grid, N in "k/N done"
    /** Set (from a signal handler) to stop: the running processes get SIGTERM and are waited for. */
    const std::atomic<bool>* stop = nullptr;
    /** Receives the progress lines (one per start and finish, with the elapsed seconds). */
    std::function<void(const std::string&)> say;
};

/** What runJobs did. */
struct RunnerReport {
    int finished = 0;                 ///< jobs whose process exited with 0
    std::vector<std::string> failed;  ///< "<name>: exit 1, see <log>" for the others
    bool interrupted = false;         ///< stopped by RunnerOptions::stop; unfinished jobs count as remaining
    int remaining = 0;                ///< jobs not finished (interrupted or never started)
};

/**
 * Runs `jobs` as child processes, `options.jobs` at a time, in order; each child gets stdin from
 * /dev/null, stdout and stderr appended to its log file, and (on Linux) SIGTERM when the runner dies,
 * so that a killed runner leaves no orphan writing into a session. When `*options.stop` becomes true no
 * more jobs start and the running ones get SIGTERM (SIGKILL after 20 s) and are waited for. A job whose
 * `prepare` throws or whose process cannot start counts as failed. Polls every 100 ms. Thread: the
 * caller's; reaps only its own children.
 */
RunnerReport runJobs(const std::vector<RunJob>& jobs, const RunnerOptions& options);

}  // namespace lada
