// SPDX-License-Identifier: MIT
// `lada-cli experiment`: a grid of `lada-cli run`s (datasets × strategies × seeds) as child processes of
// this program, J at a time, resumable after a crash or Ctrl+C; then the summary tables and the plots.
// Core holds the rules (core/experiment: the grid, the runs' state, the processes, the summary); this
// file reads the command line, handles the signals and prints.
#include "app/lada_cli/commands.h"
#include "app/lada_cli/setting_flags.h"

#include "core/config/presets.h"
#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/experiment/experiment_grid.h"
#include "core/experiment/experiment_plan.h"
#include "core/experiment/experiment_runner.h"
#include "core/experiment/experiment_summary.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sys/file.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace lada::cli {

namespace {

struct ExperimentArgs {
    std::string grid, out, train, test, dataset, preset, cacheDir, baseline;
    std::vector<std::string> strategies;
    std::vector<uint64_t> seeds;
    std::optional<int> jobs;
    std::map<std::string, std::string> settings;  ///< setting flags, over the grid's
    bool dryRun = false, summaryOnly = false, noPlots = false;
};

std::atomic<bool> g_stop{false};

extern "C" void requestStop(int)
{
    g_stop.store(true);
}

/** SIGINT and SIGTERM set g_stop; the runner forwards SIGTERM to its runs and waits for them. */
void installStopHandlers()
{
    struct sigaction action {};
    action.sa_handler = requestStop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

/** The folder name of a dataset given by --train: "data/mnist/train" -> "mnist", "cifar.bin" -> "cifar". */
std::string datasetNameOf(const std::string& train)
{
    fs::path p = fs::absolute(train).lexically_normal();
    if (!p.has_filename())
        p = p.parent_path();
    std::string name = fs::is_directory(p) ? p.filename().string() : p.stem().string();
    if ((name == "train" || name == "training") && p.has_parent_path())
        name = p.parent_path().filename().string();
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '+' && c != '-')
            c = '-';
    return name.empty() ? "data" : name;
}

/** The grid the flags describe: one dataset, plain strategy names as labels, the seeds. */
ExperimentGrid gridFromFlags(const ExperimentArgs& a)
{
    if (a.strategies.empty() || a.seeds.empty() || a.train.empty())
        throw ConfigError("lada-cli experiment needs --strategies, --seeds and --train, or --grid FILE");
    if (!fs::exists(a.train))
        throw ConfigError("--train \"" + a.train + "\" does not exist");
    if (!a.test.empty() && !fs::exists(a.test))
        throw ConfigError("--test \"" + a.test + "\" does not exist");
    ExperimentGrid grid;
    GridDataset d;
    d.name = a.dataset.empty() ? datasetNameOf(a.train) : a.dataset;
    checkFolderName(d.name, "--dataset \"" + d.name + "\"");
    d.train = fs::absolute(a.train).lexically_normal().string();
    d.test = a.test.empty() ? "" : fs::absolute(a.test).lexically_normal().string();
    grid.datasets.push_back(d);
    std::set<std::string> seen;
    for (const std::string& name : a.strategies) {
        ExperimentConfig probe;
        findSetting("strategy")->set(probe, name);  // an unknown name is refused with the valid ones listed
        if (!seen.insert(name).second)
            throw ConfigError("--strategies names \"" + name + "\" twice");
        grid.strategies.push_back({name, name, {}});
    }
    std::set<uint64_t> seeds;
    for (uint64_t s : a.seeds)
        if (!seeds.insert(s).second)
            throw ConfigError("--seeds names " + std::to_string(s) + " twice");
    grid.seeds = a.seeds;
    return grid;
}

int totalThreads(const ExperimentGrid& grid)
{
    const auto it = grid.settings.find("threads");
    ExperimentConfig probe;
    if (it != grid.settings.end())
        findSetting("threads")->set(probe, it->second);
    return probe.threads.value_or(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

/** Holds an exclusive lock on `<out>/.runner.lock` while it lives: two runners on one folder would share sessions. */
class FolderLock {
public:
    explicit FolderLock(const std::string& out)
    {
        const std::string path = (fs::path(out) / ".runner.lock").string();
        m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0 || ::flock(m_fd, LOCK_EX | LOCK_NB) != 0)
            throw Error("\"" + out + "\" is in use by another lada-cli experiment (" + path + " is locked)");
    }
    ~FolderLock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

private:
    int m_fd = -1;
};

/** The executable of this process (the runs are started with it). */
std::string selfExecutable()
{
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
        throw Error("cannot find lada-cli's own executable (/proc/self/exe): " + ec.message());
    return self.string();
}

/** Runs lada-workbench --plot-experiment when it is installed beside lada-cli; returns false when it failed. */
bool drawPlots(const std::string& out, const std::string& baseline)
{
    const fs::path workbench = fs::path(selfExecutable()).parent_path() / "lada-workbench";
    if (::access(workbench.c_str(), X_OK) != 0) {
        std::cerr << "plots: they are drawn by lada-workbench, which is not installed beside lada-cli (the GUI "
                     "build); the tables are written\n";
        return true;
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setenv("QT_QPA_PLATFORM", "offscreen", 0);  // plots are drawn without a display
        ::execl(workbench.c_str(), workbench.c_str(), "--plot-experiment", out.c_str(), "--baseline", baseline.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::cerr << "plots: " << workbench.string() << " --plot-experiment failed ("
                  << (WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status)) : std::string("a signal"))
                  << ")\n";
        return false;
    }
    std::cerr << "plots: " << (fs::path(out) / "plots").string() << '\n';
    return true;
}

/** The summary tables (and the plots): printed, written beside the runs. Returns false when a step failed. */
bool summarize(const std::string& out, const std::string& baseline, bool plots)
{
    const ExperimentSummary summary = summarizeExperiment(out, baseline);
    for (const std::string& p : summary.problems)
        std::cerr << "summary: " << p << '\n';
    writeSummaryTables(summary, out);
    std::fputs(summaryMarkdown(summary).c_str(), stdout);
    std::printf("tables: %s and %s\n", (fs::path(out) / "summary.csv").c_str(), (fs::path(out) / "summary.md").c_str());
    std::fflush(stdout);
    return !plots || drawPlots(out, baseline);
}

/** The baseline grid.json of `out` records ("entropy" without one). */
std::string recordedBaseline(const std::string& out)
{
    std::ifstream in(fs::path(out) / "grid.json");
    const nlohmann::json grid = nlohmann::json::parse(in, nullptr, false);
    return grid.is_object() && grid.contains("baseline") && grid["baseline"].is_string()
               ? grid["baseline"].get<std::string>()
               : "entropy";
}

int runExperimentCommand(const ExperimentArgs& a)
{
    const std::string out = fs::absolute(a.out).lexically_normal().string();
    if (a.summaryOnly)
        return summarize(out, a.baseline.empty() ? recordedBaseline(out) : a.baseline, !a.noPlots) ? 0 : 1;

    ExperimentConfig probe;
    applySettings(probe, a.settings);  // a bad flag is named as itself, not through the first strategy
    ExperimentGrid grid;
    if (!a.grid.empty()) {
        if (!a.strategies.empty() || !a.seeds.empty() || !a.train.empty() || !a.test.empty() || !a.dataset.empty())
            throw ConfigError("--grid names the datasets, strategies and seeds: drop --strategies, --seeds, "
                              "--train, --test and --dataset, or drop --grid");
        grid = readGridFile(a.grid);
    } else {
        grid = gridFromFlags(a);
    }
    overrideSettings(grid, a.settings);  // flags win over the grid file, its strategies' settings included
    if (!a.preset.empty())
        grid.preset = a.preset;
    const std::string baseline = !a.baseline.empty() ? a.baseline : grid.baseline.value_or("entropy");
    const int jobs = a.jobs.value_or(grid.jobs.value_or(1));
    const RunSetup setup{out,
                         a.cacheDir.empty() ? (fs::path(out) / "cache").string()
                                            : fs::absolute(a.cacheDir).lexically_normal().string(),
                         std::max(1, totalThreads(grid) / jobs)};
    const std::vector<ExperimentRun> runs = gridRuns(grid);

    std::vector<RunStatus> status;
    int finished = 0, resumed = 0;
    for (const ExperimentRun& run : runs) {
        status.push_back(inspectRun(out, run));
        finished += status.back().state == RunState::Finished;
        resumed += status.back().state == RunState::Resume;
    }
    const int total = static_cast<int>(runs.size());
    const std::string header = "experiment: " + std::to_string(total) + " runs (" + std::to_string(finished) +
                               " finished, " + std::to_string(resumed) + " to resume, " +
                               std::to_string(total - finished - resumed) + " new), " + std::to_string(jobs) +
                               " at a time, " + std::to_string(setup.threads) +
                               (setup.threads == 1 ? " thread" : " threads") + " each, in " + out;
    if (a.dryRun) {
        for (size_t i = 0; i < runs.size(); ++i)
            std::printf("%-40s %s\n", runs[i].name().c_str(), describeStatus(status[i]).c_str());
        std::printf("%s\n", header.c_str());
        return 0;
    }

    fs::create_directories(out);
    const FolderLock lock(out);
    writeGridRecord(grid, runs, setup, jobs, baseline);
    std::vector<RunJob> todo;
    for (size_t i = 0; i < runs.size(); ++i) {
        if (status[i].state == RunState::Finished)
            continue;
        const ExperimentRun& run = runs[i];
        const RunStatus s = status[i];
        todo.push_back({run.name(), describeStatus(s), runArguments(run, s, setup),
                        (fs::path(out) / run.folder / "log.txt").string(),
                        [run, s, setup] { prepareRunFolder(run, s, setup); }});
    }
    std::cerr << header << '\n';
    installStopHandlers();
    RunnerOptions options;
    options.program = selfExecutable();
    options.jobs = jobs;
    options.done = finished;
    options.total = total;
    options.stop = &g_stop;
    options.say = [](const std::string& line) { std::cerr << line << std::endl; };
    const RunnerReport report = runJobs(todo, options);
    std::signal(SIGINT, SIG_DFL);  // from here on (the tables, the plots) Ctrl+C stops at once
    std::signal(SIGTERM, SIG_DFL);
    const int done = finished + report.finished;
    if (report.interrupted) {
        std::cerr << "interrupted: " << done << " of " << total << " runs finished, " << total - done
                  << " remain; rerun the same command to resume\n";
        return 130;
    }
    for (const std::string& f : report.failed)
        std::cerr << "failed: " << f << '\n';
    // A run may also end before its last round with exit code 0 (its pool used up): count what the folders hold.
    int complete = 0;
    for (const ExperimentRun& run : runs) {
        const RunStatus s = inspectRun(out, run);
        const bool failed = std::any_of(report.failed.begin(), report.failed.end(),
                                        [&](const std::string& f) { return f.rfind(run.name() + ":", 0) == 0; });
        if (s.state == RunState::Finished)
            ++complete;
        else if (!failed)
            std::cerr << "unfinished: " << run.name() << " stopped after round " << s.completedRounds << " of "
                      << run.rounds << ", see " << (fs::path(out) / run.folder / "log.txt").string() << '\n';
    }
    std::cerr << "runs: " << complete << " of " << total << " finished" << '\n';
    const bool summarized = summarize(out, baseline, !a.noPlots);
    return report.failed.empty() && complete == total && summarized ? 0 : 1;
}

}  // namespace

void registerExperimentCommand(CLI::App& app, Action& action)
{
    auto args = std::make_shared<ExperimentArgs>();
    CLI::App* e = app.add_subcommand(
        "experiment", "Run a grid of runs (datasets x strategies x seeds) in parallel, resumably, and summarize it");
    ExperimentArgs& a = *args;
    e->add_option("--out", a.out, "Experiment folder: runs/<dataset>/<label>/seed-<n>/, summary.csv/.md, plots/")
        ->required();
    e->add_option("--grid", a.grid, "Grid file (JSON): datasets, strategies with their own settings, seeds");
    e->add_option("--strategies", a.strategies, "Strategies to compare, comma-separated (their names are the labels)")
        ->delimiter(',');
    e->add_option("--seeds", a.seeds, "Seeds, comma-separated: one run per strategy and seed")->delimiter(',');
    e->add_option("--train", a.train, "Training split (as lada-cli run's --train)");
    e->add_option("--test", a.test, "Test split (as lada-cli run's --test)");
    e->add_option("--dataset", a.dataset, "The dataset's folder name under runs/ [from --train]");
    e->add_option("--jobs", a.jobs, "Runs at a time; --threads (all cores by default) is divided between them [1]")
        ->check(CLI::Range(1, 1024));
    e->add_option("--cache-dir", a.cacheDir, "Decoded dataset caches shared by the runs [OUT/cache]");
    e->add_option("--preset", a.preset, "Settings preset for every run: " + presetNames())
        ->check(CLI::IsMember(presetList()));
    e->add_option("--baseline", a.baseline, "Label the paired tests compare against [entropy]");
    e->add_flag("--dry-run", a.dryRun, "List the runs and their state (finished, resume at round r, new); run nothing");
    e->add_flag("--summary-only", a.summaryOnly, "Only the tables and plots of the runs in --out");
    e->add_flag("--no-plots", a.noPlots, "No plots (lada-workbench --plot-experiment)");
    // Every setting of lada-cli run, for every run; strategy and seed come from --strategies and --seeds.
    addSettingFlags(*e, [args](const std::string& key, const std::string& value) { args->settings[key] = value; },
                    {"strategy", "seed"});
    e->callback([args, &action] { action = [args] { return runExperimentCommand(*args); }; });
}

}  // namespace lada::cli
