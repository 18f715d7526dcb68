// SPDX-License-Identifier: MIT
// The runs of an experiment folder: their state on disk, the arguments that start or continue them, and
// the records beside them (command.json per run, grid.json per experiment).
#include "core/experiment/experiment_plan.h"

#include "core/config/presets.h"
#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/util/durable_io.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace lada {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kCommandFile = "command.json";

/** Settings that may differ between the runs of one folder: they change the time, not the outcome. */
const std::set<std::string> kRunTimeKeys = {"rounds", "threads", "device"};

fs::path runDir(const std::string& out, const ExperimentRun& run)
{
    return fs::path(out) / run.folder;
}

/** The JSON document in `path`, or a discarded value when it is missing or not JSON. */
Json readJson(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Json(Json::value_t::discarded);
    std::stringstream text;
    text << in.rdbuf();
    return Json::parse(text.str(), nullptr, false);
}

/** The round of the last complete record of a session's history.jsonl; -1 when it has none. */
int lastHistoryRound(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    int last = -1;
    std::string line;
    while (std::getline(in, line)) {
        // A torn last line (a crash mid-write) does not parse and is not counted, as Session does.
        const Json record = Json::parse(line, nullptr, false);
        if (!record.is_discarded() && record.is_object() && record.contains("round") &&
            record["round"].is_number_integer())
            last = record["round"].get<int>();
    }
    return last;
}

/** The round of result.json's last record; -1 when it is missing or unreadable. */
int lastResultRound(const Json& result)
{
    if (result.is_discarded() || !result.is_object() || !result.contains("rounds") || !result["rounds"].is_array() ||
        result["rounds"].empty())
        return -1;
    const Json& last = result["rounds"].back();
    return last.is_object() && last.contains("round") && last["round"].is_number_integer() ? last["round"].get<int>()
                                                                                           : -1;
}

/** What identifies a run's outcome: its data, preset and settings, without the run-time ones. */
std::map<std::string, std::string> runIdentity(const ExperimentRun& run)
{
    std::map<std::string, std::string> id;
    for (const auto& [key, value] : run.settings)
        if (kRunTimeKeys.count(key) == 0)
            id[key] = value;
    id["train"] = run.train;
    id["test"] = run.test;
    id["preset"] = run.preset;
    return id;
}

/** "epochs: 1 there, 2 now; lr: ..." for the keys whose values differ; empty when none does. */
std::string differences(const std::map<std::string, std::string>& there, const std::map<std::string, std::string>& now)
{
    std::set<std::string> keys;
    for (const auto& kv : there)
        keys.insert(kv.first);
    for (const auto& kv : now)
        keys.insert(kv.first);
    std::string out;
    for (const std::string& k : keys) {
        const auto a = there.find(k), b = now.find(k);
        const std::string va = a == there.end() ? "(not given)" : "\"" + a->second + "\"";
        const std::string vb = b == now.end() ? "(not given)" : "\"" + b->second + "\"";
        if (va != vb)
            out += (out.empty() ? "" : "; ") + k + ": " + va + " there, " + vb + " now";
    }
    return out;
}

std::string normalPath(const std::string& p)
{
    if (p.empty())
        return p;
    std::error_code ec;
    const fs::path c = fs::weakly_canonical(fs::absolute(p), ec);
    return ec ? fs::absolute(p).lexically_normal().string() : c.string();
}

/**
 * The configuration and sources recorded in session.json or result.json against the run's: for a folder
 * without command.json (made before the runner, by a script with the same layout), and for one whose
 * command.json spells the settings otherwise. Empty when they agree or cannot be read (a session that
 * cannot be read is not resumed anyway).
 */
std::string legacyDifferences(const ExperimentRun& run, const Json& session, const Json& result)
{
    std::string config, train, test;
    if (session.is_object() && session.contains("config")) {
        config = session["config"].dump();
        train = session.value("trainSource", "");
        test = session.value("testSource", "");
    } else if (result.is_object() && result.contains("config") && result.contains("data")) {
        config = result["config"].dump();
        train = result["data"].value("train", "");
        test = result["data"].value("test", "");
    } else {
        return {};
    }
    std::map<std::string, std::string> there, now;
    try {
        there = configToMap(configFromJson(config, run.folder));
    } catch (const ConfigError&) {
        return {};
    }
    ExperimentConfig expected;
    if (!run.preset.empty())
        applyPreset(expected, run.preset);
    applySettings(expected, run.settings);
    now = configToMap(expected);
    for (const std::string& k : kRunTimeKeys) {
        there.erase(k);
        now.erase(k);
    }
    there["train"] = normalPath(train);
    there["test"] = normalPath(test);
    now["train"] = normalPath(run.train);
    now["test"] = normalPath(run.test);
    return differences(there, now);
}

[[noreturn]] void refuse(const std::string& out, const ExperimentRun& run, const std::string& why)
{
    throw ConfigError("run " + run.name() + " in \"" + out + "\" " + why +
                      ": give another --out for these settings, or the same settings to continue it");
}

void addSettingArguments(const ExperimentRun& run, std::vector<std::string>& args)
{
    for (const SettingSpec& spec : settingTable()) {  // the table's order, so that equal runs read alike
        const auto it = run.settings.find(spec.key);
        if (it == run.settings.end() || spec.key == "threads")
            continue;
        if (spec.kind == SettingKind::Flag) {
            args.push_back(it->second == "true" ? "--" + spec.key : "--" + spec.key + "=false");
        } else {
            args.push_back("--" + spec.key);
            args.push_back(it->second);
        }
    }
}

}  // namespace

RunStatus inspectRun(const std::string& out, const ExperimentRun& run)
{
    const fs::path dir = runDir(out, run);
    const Json session = readJson(dir / "session" / "session.json");
    const bool sessionOk = session.is_object() && session.value("format", "") == "lada-session";
    const Json result = readJson(dir / "result.json");
    const int resultRound = lastResultRound(result);
    RunStatus status;
    status.completedRounds = sessionOk ? lastHistoryRound(dir / "session" / "history.jsonl") : -1;
    if (!sessionOk && resultRound < 0)
        return status;  // nothing worth keeping: new

    const Json command = readJson(dir / kCommandFile);
    if (command.is_object() && command.contains("settings") && command["settings"].is_object()) {
        std::map<std::string, std::string> there;
        for (const auto& [key, value] : command["settings"].items())
            if (value.is_string() && kRunTimeKeys.count(key) == 0)
                there[key] = value.get<std::string>();
        if (const std::string d = differences(there, runIdentity(run)); !d.empty()) {
            // Spelled otherwise is not made otherwise: a grid may now give a default explicitly, or a
            // default may have changed since (policy-objective). What the run recorded decides.
            const Json& recorded = sessionOk ? session : Json();
            const bool readable = (recorded.is_object() && recorded.contains("config")) ||
                                  (result.is_object() && result.contains("config") && result.contains("data"));
            if (!readable || !legacyDifferences(run, recorded, result).empty())
                refuse(out, run, "was made with other settings (" + d + ")");
        }
    } else if (const std::string d = legacyDifferences(run, sessionOk ? session : Json(), result); !d.empty()) {
        refuse(out, run, "was made with other settings (" + d + ")");
    }

    const int done = std::max(resultRound, status.completedRounds);
    if (resultRound == run.rounds) {
        status.state = RunState::Finished;
    } else if (done > run.rounds) {
        refuse(out, run,
               "has " + std::to_string(done) + " rounds, more than the " + std::to_string(run.rounds) + " asked");
    } else if (sessionOk) {
        status.state = RunState::Resume;
    }
    return status;
}

std::string describeStatus(const RunStatus& s)
{
    switch (s.state) {
    case RunState::Finished: return "finished";
    case RunState::Resume: return "resume at round " + std::to_string(s.completedRounds + 1);
    case RunState::New: break;
    }
    return "new";
}

std::vector<std::string> newRunArguments(const ExperimentRun& run, const RunSetup& setup)
{
    const fs::path dir = runDir(setup.out, run);
    std::vector<std::string> args = {"run", "--train", run.train};
    if (!run.test.empty())
        args.insert(args.end(), {"--test", run.test});
    if (!run.preset.empty())
        args.insert(args.end(), {"--preset", run.preset});
    addSettingArguments(run, args);
    args.insert(args.end(), {"--threads", std::to_string(setup.threads), "--cache-dir", setup.cacheDir, "--session",
                             (dir / "session").string(), "--out", (dir / "result.json").string(), "--quiet"});
    return args;
}

std::vector<std::string> resumeArguments(const ExperimentRun& run, const RunStatus& status, const RunSetup& setup)
{
    const fs::path dir = runDir(setup.out, run);
    // The session runs --rounds more rounds after its last one (all of them when round 0 is not done).
    const int remaining = status.completedRounds < 0 ? run.rounds : run.rounds - status.completedRounds;
    std::vector<std::string> args = {"run",
                                     "--session",
                                     (dir / "session").string(),
                                     "--rounds",
                                     std::to_string(remaining),
                                     "--threads",
                                     std::to_string(setup.threads)};
    if (const auto it = run.settings.find("device"); it != run.settings.end())
        args.insert(args.end(), {"--device", it->second});
    args.insert(args.end(), {"--cache-dir", setup.cacheDir, "--out", (dir / "result.json").string(), "--quiet"});
    return args;
}

std::vector<std::string> runArguments(const ExperimentRun& run, const RunStatus& status, const RunSetup& setup)
{
    return status.state == RunState::Resume ? resumeArguments(run, status, setup) : newRunArguments(run, setup);
}

void prepareRunFolder(const ExperimentRun& run, const RunStatus& status, const RunSetup& setup)
{
    const fs::path dir = runDir(setup.out, run);
    std::error_code ec;
    if (status.state == RunState::New) {
        fs::remove_all(dir, ec);
        if (ec)
            throw Error("cannot remove \"" + dir.string() + "\" to start the run again: " + ec.message());
    }
    fs::create_directories(dir, ec);
    if (ec)
        throw Error("cannot create \"" + dir.string() + "\": " + ec.message());
    if (status.state == RunState::Resume) {
        std::ofstream log(dir / "log.txt", std::ios::app);
        log << "--- " << utcTimestampNow() << ": resumed at round " << status.completedRounds + 1 << " ---\n";
    }
    if (!fs::exists(dir / kCommandFile)) {
        Json settings = Json::object();
        for (const auto& [key, value] : runIdentity(run))
            settings[key] = value;
        const Json doc = {{"format", "lada-experiment-run"},
                          {"version", 1},
                          {"run", run.name()},
                          {"arguments", newRunArguments(run, setup)},
                          {"settings", settings}};
        writeFileAtomically((dir / kCommandFile).string(), doc.dump(2) + "\n");
    }
}

void writeGridRecord(const ExperimentGrid& grid, const std::vector<ExperimentRun>& runs, const RunSetup& setup,
                     int jobs, const std::string& baseline)
{
    Json datasets = Json::array(), labels = Json::array(), strategies = Json::array(), list = Json::array();
    for (const GridDataset& d : grid.datasets) {
        datasets.push_back(d.name);
    }
    for (const GridStrategy& s : grid.strategies) {
        labels.push_back(s.label);
        strategies.push_back({{"label", s.label}, {"strategy", s.strategy}, {"settings", s.settings}});
    }
    Json sources = Json::array();
    for (const GridDataset& d : grid.datasets)
        sources.push_back({{"name", d.name}, {"train", d.train}, {"test", d.test}});
    for (const ExperimentRun& r : runs)
        list.push_back({{"run", r.name()},
                        {"folder", r.folder},
                        {"dataset", r.dataset},
                        {"label", r.label},
                        {"strategy", r.strategy},
                        {"seed", r.seed},
                        {"rounds", r.rounds},
                        {"arguments", newRunArguments(r, setup)}});
    const Json doc = {{"format", "lada-experiment"},
                      {"version", 1},
                      {"datasets", datasets},
                      {"labels", labels},
                      {"seeds", grid.seeds},
                      {"baseline", baseline},
                      {"preset", grid.preset},
                      {"settings", grid.settings},
                      {"strategies", strategies},
                      {"sources", sources},
                      {"jobs", jobs},
                      {"threads_per_run", setup.threads},
                      {"cache_dir", setup.cacheDir},
                      {"runs", list}};
    writeFileAtomically((fs::path(setup.out) / "grid.json").string(), doc.dump(2) + "\n");
}

}  // namespace lada
