// SPDX-License-Identifier: MIT
// `lada-cli run`: a labeling session (core's LabelingSession, as in the workbench) answered by the
// simulated oracle. This file parses the command line and prints; the session does the rest.
#include "app/lada_cli/commands.h"
#include "app/lada_cli/progress_line.h"
#include "app/lada_cli/setting_flags.h"

#include "core/config/presets.h"
#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/loop/labeling_session.h"
#include "core/loop/run_launch.h"
#include "core/loop/session_messages.h"
#include "core/util/device.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace lada::cli {

namespace {

struct RunArgs {
    RunRequest request;  ///< sources, session folder, preset, cache, and the settings given as flags
    std::string out;
    bool quiet = false;
    bool printAnswers = false;
};

int runExperiment(const RunArgs& a)
{
    // libtorch starts with one thread here: set the count in the thread that does the work.
    ExperimentConfig flags;
    applySettings(flags, a.request.settings);
    configureThreads(flags.threads.value_or(0));
    const Progress progress = progressLine(a.quiet);
    std::vector<std::string> notes;
    const std::unique_ptr<LabelingSession> session = openOrStartRun(a.request, progress, notes);
    if (a.printAnswers) {
        // One line per answer once it is on disk, flushed at once: what a tool following the run (the crash
        // harness, tests/crash) counts as acknowledged.
        session->setAnswerListener([](const Answer& answer) {
            std::printf("answer %lld %s %s\n", static_cast<long long>(answer.seq), answer.path.c_str(),
                        answer.skipped ? "-" : answer.label.c_str());
            std::fflush(stdout);
        });
    }
    const ExperimentConfig& c = session->config();
    const int threads = configureThreads(c.threads.value_or(0));  // a continued session keeps its own count
    if (!a.quiet) {
        for (const std::string& line : loadDescription(*session))
            notes.push_back(line);
        notes.push_back("session: " + sessionDescription(*session) + ", " + std::to_string(threads) + " threads");
        for (const std::string& line : notes)
            std::cerr << line << '\n';
    }
    // A continued session runs --rounds more rounds after its last one; its results file records the
    // round the run ends at, so that "rounds" there is the curve's target however often it was resumed.
    const std::vector<RoundReport>& history = session->learner().history();
    ExperimentConfig recorded = c;
    recorded.rounds = (history.empty() ? 0 : history.back().round) + c.rounds;
    auto write = [&] {
        if (!a.out.empty())
            writeResults(a.out, recorded, session->provenance(), history);
    };
    bool completed = true;
    if (!history.empty() && c.rounds == 0)
        write();  // nothing more to run: the results from the restored history (a run stopped before its write)
    else
        completed = session->runWithGroundTruth(c.rounds, progress, [&](const RoundOutcome& o) {
            if (!a.quiet)
                std::cerr << roundSummary(o) << '\n';
            write();  // rewritten every round, so an interrupted run keeps its curve
        });
    if (!completed && !a.quiet)
        std::cerr << exhaustedDescription(*session) << '\n';

    std::fputs(curveTable(session->learner().history()).c_str(), stdout);
    if (!a.out.empty())
        std::printf("results: %s and %s\n", a.out.c_str(), curveCsvPath(a.out).c_str());
    return 0;
}

}  // namespace

void registerRunCommand(CLI::App& app, Action& action)
{
    auto args = std::make_shared<RunArgs>();
    CLI::App* run = app.add_subcommand("run", "Run an active-learning session answered by a simulated oracle");
    RunRequest& r = args->request;
    run->add_option("--train", r.train, "Training split: ImageFolder dir, CSV manifest, idx file, CIFAR .bin");
    run->add_option("--test", r.test, "Test split (same formats); without one, 10 % of --train measures accuracy");
    run->add_option("--out", args->out, "Results JSON (a CSV of the curve is written beside it)");
    run->add_option("--session", r.session, "Session folder: created, or continued when it holds a session");
    run->add_option("--cache-dir", r.cacheDir, "Folder for decoded dataset caches (fast reloads)");
    run->add_option("--preset", r.preset, "Settings preset: " + presetNames())->check(CLI::IsMember(presetList()));
    run->add_flag("--quiet", args->quiet, "No progress on stderr");
    run->add_flag("--print-answers", args->printAnswers,
                  "Print \"answer <seq> <path> <label>\" on stdout as each answer reaches the disk");
    // Every setting, from the one table: the flag is the key; the table parses the value (and refuses
    // it with the key named) exactly as it does session.json and the workbench's --set.
    addSettingFlags(*run,
                    [args](const std::string& key, const std::string& value) { args->request.settings[key] = value; });
    run->callback([args, &action] { action = [args] { return runExperiment(*args); }; });
}

}  // namespace lada::cli
