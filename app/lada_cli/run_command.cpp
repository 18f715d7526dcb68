// SPDX-License-Identifier: MIT
// `lada-cli run`: a labeling session (core's LabelingSession, as in the workbench) answered by the
// simulated oracle. This file parses the command line and prints; the session does the rest.
#include "app/lada_cli/commands.h"
#include "app/lada_cli/progress_line.h"

#include "core/config/presets.h"
#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/loop/labeling_session.h"
#include "core/util/device.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

namespace lada::cli {

namespace {

struct RunArgs {
    std::string train, test, out, session, preset, cacheDir;
    bool quiet = false;
    std::map<std::string, std::string> given;  ///< setting-table key -> value, as given on the command line
};

/** The session of `a.session` when that folder holds one (only run-time flags may change it), else a new one. */
std::unique_ptr<LabelingSession> openOrStart(const RunArgs& a, const Progress& progress)
{
    std::unique_ptr<LabelingSession> session;
    if (!a.session.empty() && std::filesystem::exists(std::filesystem::path(a.session) / "session.json")) {
        for (const auto& [key, value] : a.given)
            if (key != "rounds" && key != "threads" && key != "device")
                throw ConfigError("--" + key + ": \"" + a.session +
                                  "\" is an existing session, which keeps its own "
                                  "settings; only --rounds, --threads and --device apply when it is continued");
        RestoreSummary restored;
        session = LabelingSession::reopen(Session::open(a.session), a.cacheDir, progress, restored, a.given);
        for (const std::string& w : restored.warnings)
            std::cerr << "session: " << w << '\n';
    } else {
        ExperimentConfig config;
        if (!a.preset.empty())
            applyPreset(config, a.preset);  // the preset fills in the settings; flags given on the command line win
        applySettings(config, a.given);
        if (a.train.empty())
            throw ConfigError("--train is required unless --session names an existing session");
        const DataSources sources{a.train, a.test, {}, a.cacheDir};
        Splits splits = loadSplits(sources, progress);
        if (!splits.train.hasLabels())
            throw ConfigError("the simulated oracle needs labels: \"" + a.train + "\" has unlabeled images");
        session = std::make_unique<LabelingSession>(std::move(splits), sources, std::move(config), a.session);
        session->openInitialSet();
    }
    if (!a.quiet) {
        std::cerr << "train: " << session->trainLoadReport().summary() << '\n';
        if (session->testLoadReport())
            std::cerr << "test: " << session->testLoadReport()->summary() << '\n';
        else if (session->heldOutFromSplit())
            std::cerr << "no test split: 10 % of the training split measures the accuracy\n";
    }
    return session;
}

int runExperiment(const RunArgs& a)
{
    // libtorch starts with one thread here: set the count in the thread that does the work.
    ExperimentConfig flags;
    applySettings(flags, a.given);
    configureThreads(flags.threads.value_or(0));
    const Progress progress = progressLine(a.quiet);
    const std::unique_ptr<LabelingSession> session = openOrStart(a, progress);
    const ExperimentConfig& c = session->config();
    const int threads = configureThreads(c.threads.value_or(0));  // a continued session keeps its own count
    if (!a.quiet)
        std::cerr << "strategy " << toString(c.strategy.kind) << ", model " << toString(c.model) << ", device "
                  << session->learner().device().str() << ", " << threads << " threads, seed " << c.seedValue() << '\n';
    const bool completed = session->runWithGroundTruth(c.rounds, progress, [&](const RoundOutcome& o) {
        if (!a.quiet)
            std::cerr << roundSummary(o) << '\n';
        if (!a.out.empty())  // rewritten every round, so an interrupted run keeps its curve
            writeResults(a.out, c, session->provenance(), session->learner().history());
    });
    if (!completed && !a.quiet)
        std::cerr << "the pool holds fewer images than the budget: stopped\n";

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
    run->add_option("--train", args->train, "Training split: ImageFolder dir, CSV manifest, idx file, CIFAR .bin");
    run->add_option("--test", args->test, "Test split (same formats); without one, 10 % of --train measures accuracy");
    run->add_option("--out", args->out, "Results JSON (a CSV of the curve is written beside it)");
    run->add_option("--session", args->session, "Session folder: created, or continued when it holds a session");
    run->add_option("--cache-dir", args->cacheDir, "Folder for decoded dataset caches (fast reloads)");
    run->add_option("--preset", args->preset, "Settings preset: " + presetNames())->check(CLI::IsMember(presetList()));
    run->add_flag("--quiet", args->quiet, "No progress on stderr");
    // Every setting, from the one table: the flag is the key; the table parses the value (and refuses
    // it with the key named) exactly as it does session.json and the workbench's --set.
    const ExperimentConfig defaults;
    for (const SettingSpec& spec : settingTable()) {
        const std::string flag = "--" + spec.key, help = spec.help + " [" + spec.get(defaults) + "]";
        auto store = [args, key = spec.key](const std::string& v) { args->given[key] = v; };
        CLI::Option* o = spec.kind == SettingKind::Flag
                             ? run->add_flag_function(
                                   flag, [store](int64_t) { store("true"); }, help)
                             : run->add_option_function<std::string>(flag, store, help)->type_name("VALUE");
        o->group(spec.group);
    }
    run->callback([args, &action] { action = [args] { return runExperiment(*args); }; });
}

}  // namespace lada::cli
