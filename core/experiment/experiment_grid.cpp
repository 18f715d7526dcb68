// SPDX-License-Identifier: MIT
// Grid files: read, checked member by member with the line of each problem, and expanded into runs.
#include "core/experiment/experiment_grid.h"

#include "core/config/presets.h"
#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/experiment/experiment_json_lines.h"
#include "core/util/durable_io.h"
#include "core/util/excerpt.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace lada {

namespace {

using Json = nlohmann::ordered_json;

/** Settings that a grid gives otherwise: the strategy by its entry, the seed by "seeds". */
void refuseReservedKey(const std::string& key)
{
    if (key == "strategy")
        throw ConfigError("\"strategy\" is not a setting here: list the strategies in \"strategies\"");
    if (key == "seed")
        throw ConfigError("\"seed\" is not a setting here: list the seeds in \"seeds\"");
}

/** A JSON setting value as the setting table's text; throws ConfigError for arrays, objects and a null it cannot take. */
std::string settingText(const SettingSpec& spec, const Json& v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false";
    if (v.is_number_unsigned())
        return std::to_string(v.get<uint64_t>());
    if (v.is_number_integer())
        return std::to_string(v.get<int64_t>());
    if (v.is_number_float())
        return v.dump();  // shortest text that reads back as the same double ("5e-05")
    if (v.is_null() && !spec.unsetToken.empty())
        return spec.unsetToken;
    throw ConfigError("--" + spec.key + ": expected a number, a string or true/false, not " + v.dump());
}

/** The configuration a strategy's runs start from: preset, then the grid's settings, then the strategy's. */
ExperimentConfig strategyConfig(const ExperimentGrid& grid, const GridStrategy& s)
{
    ExperimentConfig config;
    if (!grid.preset.empty())
        applyPreset(config, grid.preset);
    std::map<std::string, std::string> settings = grid.settings;
    settings.erase("threads");  // the experiment's total, divided between the runs
    for (const auto& [key, value] : s.settings)
        settings[key] = value;
    settings["strategy"] = s.strategy;
    applySettings(config, settings);
    return config;
}

/** Reads one grid file; every error names the file and the line of the member it is about. */
class GridReader {
public:
    GridReader(std::string path, std::string text)
        : m_path(std::move(path))
        , m_text(std::move(text))
    {
    }

    ExperimentGrid read()
    {
        try {
            m_doc = Json::parse(m_text);
        } catch (const Json::parse_error& e) {
            const std::string what = e.what();
            const size_t at = what.find(": ", what.find("parse error"));
            const size_t offset = e.byte > 0 ? e.byte - 1 : 0;
            fail(lineOfOffset(m_text, offset), excerpt(at == std::string::npos ? what : what.substr(at + 2)));
        } catch (const Json::exception& e) {  // out_of_range: a number past double ("1e999")
            fail("", excerpt(e.what()));
        }
        m_lines = jsonMemberLines(m_text);
        if (!m_doc.is_object())
            fail("", "a grid file is a JSON object with \"datasets\", \"strategies\" and \"seeds\"");
        checkMembers(m_doc, "", {"datasets", "strategies", "seeds", "settings", "preset", "baseline", "jobs"});
        readPreset();
        readSettings("/settings", m_grid.settings);
        readDatasets();
        readStrategies();
        checkDatasetLabels();
        readSeeds();
        readBaselineAndJobs();
        return std::move(m_grid);
    }

private:
    [[noreturn]] void fail(int line, const std::string& what) const
    {
        throw ConfigError(m_path + ":" + std::to_string(line) + ": " + what);
    }
    [[noreturn]] void fail(const std::string& pointer, const std::string& what) const
    {
        // A missing member is reported at its object's line.
        std::string p = pointer;
        for (;;) {
            if (const auto it = m_lines.find(p); it != m_lines.end())
                fail(it->second, what);
            if (p.empty())
                fail(1, what);
            p = p.substr(0, p.rfind('/'));
        }
    }
    const Json& member(const std::string& pointer) const { return m_doc.at(Json::json_pointer(pointer)); }

    void checkMembers(const Json& object, const std::string& pointer, const std::set<std::string>& known) const
    {
        for (const auto& [key, value] : object.items())
            if (known.count(key) == 0) {
                std::string list;
                for (const std::string& k : known)
                    list += (list.empty() ? "\"" : ", \"") + k + "\"";
                fail(pointer + "/" + jsonPointerToken(key), "unknown member \"" + key + "\" (expected " + list + ")");
            }
    }

    std::string stringMember(const Json& object, const std::string& pointer, const std::string& key,
                             bool required) const
    {
        const auto it = object.find(key);
        if (it == object.end()) {
            if (required)
                fail(pointer, "\"" + key + "\" is missing");
            return {};
        }
        if (!it->is_string() || it->get<std::string>().empty())
            fail(pointer + "/" + key, "\"" + key + "\" must be a non-empty string");
        return it->get<std::string>();
    }

    const Json& nonEmptyArray(const std::string& key) const
    {
        if (!m_doc.contains(key))
            fail("", "\"" + key + "\" is missing");
        const Json& a = m_doc[key];
        if (!a.is_array() || a.empty())
            fail("/" + key, "\"" + key + "\" must be a non-empty array");
        return a;
    }

    void readPreset()
    {
        m_grid.preset = stringMember(m_doc, "", "preset", false);
        try {
            if (!m_grid.preset.empty())
                presetSettings(m_grid.preset);  // throws for an unknown name
        } catch (const ConfigError& e) {
            fail("/preset", e.what());
        }
    }

    void readSettings(const std::string& pointer, std::map<std::string, std::string>& out,
                      bool perStrategy = false) const
    {
        if (!m_doc.contains(Json::json_pointer(pointer)))
            return;
        const Json& object = member(pointer);
        if (!object.is_object())
            fail(pointer, "settings must be a JSON object of setting keys and values");
        for (const auto& [key, value] : object.items()) {
            const std::string where = pointer + "/" + jsonPointerToken(key);
            try {
                refuseReservedKey(key);
                if (perStrategy && key == "threads")
                    throw ConfigError("\"threads\" is the experiment's total: set it in the grid's \"settings\"");
                const SettingSpec* spec = findSetting(key);
                if (spec == nullptr)
                    throw ConfigError("unknown setting \"" + key + "\" (the settings are lada-cli run's flags " +
                                      "without \"--\": " + settingKeys() + ")");
                const std::string text = settingText(*spec, value);
                ExperimentConfig probe;
                spec->set(probe, text);  // the table's own check of the value, with the key named
                out[key] = text;
            } catch (const ConfigError& e) {
                fail(where, e.what());
            }
        }
    }

    void readDatasets()
    {
        const Json& list = nonEmptyArray("datasets");
        const fs::path base = fs::absolute(fs::path(m_path)).parent_path();
        auto resolve = [&](const std::string& p) { return (base / p).lexically_normal().string(); };
        std::set<std::string> names;
        for (size_t i = 0; i < list.size(); ++i) {
            const std::string pointer = "/datasets/" + std::to_string(i);
            const Json& d = list[i];
            if (!d.is_object())
                fail(pointer, "a dataset is an object with \"name\", \"train\" and optionally \"test\"");
            checkMembers(d, pointer, {"name", "train", "test", "strategies"});
            GridDataset dataset;
            dataset.name = stringMember(d, pointer, "name", true);
            try {
                checkFolderName(dataset.name, "dataset name \"" + dataset.name + "\"");
            } catch (const ConfigError& e) {
                fail(pointer + "/name", e.what());
            }
            if (!names.insert(dataset.name).second)
                fail(pointer + "/name", "dataset name \"" + dataset.name + "\" is given twice");
            dataset.train = resolve(stringMember(d, pointer, "train", true));
            if (!fs::exists(dataset.train))
                fail(pointer + "/train", "train \"" + dataset.train + "\" does not exist");
            if (const std::string test = stringMember(d, pointer, "test", false); !test.empty()) {
                dataset.test = resolve(test);
                if (!fs::exists(dataset.test))
                    fail(pointer + "/test", "test \"" + dataset.test + "\" does not exist");
            }
            if (d.contains("strategies")) {  // a subset of the grid's labels, checked once they are read
                const Json& labels = d["strategies"];
                if (!labels.is_array() || labels.empty())
                    fail(pointer + "/strategies", "a dataset's \"strategies\" is a non-empty array of labels");
                for (size_t j = 0; j < labels.size(); ++j) {
                    if (!labels[j].is_string())
                        fail(pointer + "/strategies/" + std::to_string(j), "a strategy label is a string");
                    dataset.labels.push_back(labels[j].get<std::string>());
                }
            }
            m_grid.datasets.push_back(std::move(dataset));
        }
    }

    /** Every label a dataset names is one of the grid's strategies' labels. */
    void checkDatasetLabels() const
    {
        std::set<std::string> known;
        for (const GridStrategy& s : m_grid.strategies)
            known.insert(s.label);
        for (size_t i = 0; i < m_grid.datasets.size(); ++i)
            for (size_t j = 0; j < m_grid.datasets[i].labels.size(); ++j)
                if (!known.count(m_grid.datasets[i].labels[j]))
                    fail("/datasets/" + std::to_string(i) + "/strategies/" + std::to_string(j),
                         "label \"" + m_grid.datasets[i].labels[j] + "\" is not one of the grid's strategies");
    }

    void readStrategies()
    {
        const Json& list = nonEmptyArray("strategies");
        std::map<std::string, size_t> labels;
        for (size_t i = 0; i < list.size(); ++i) {
            const std::string pointer = "/strategies/" + std::to_string(i);
            const Json& s = list[i];
            GridStrategy strategy;
            std::string namePointer = pointer;
            if (s.is_string()) {
                strategy.strategy = s.get<std::string>();
            } else if (s.is_object()) {
                checkMembers(s, pointer, {"label", "strategy", "settings"});
                strategy.strategy = stringMember(s, pointer, "strategy", true);
                strategy.label = stringMember(s, pointer, "label", false);
                namePointer = pointer + "/strategy";
                readSettings(pointer + "/settings", strategy.settings, true);
            } else {
                fail(pointer, "a strategy is a name or an object with \"strategy\", \"label\" and \"settings\"");
            }
            try {
                ExperimentConfig probe;
                findSetting("strategy")->set(probe, strategy.strategy);
            } catch (const ConfigError& e) {
                fail(namePointer, e.what());
            }
            if (strategy.label.empty())
                strategy.label = strategy.strategy;
            const std::string labelPointer = s.is_object() && s.contains("label") ? pointer + "/label" : pointer;
            try {
                checkFolderName(strategy.label, "label \"" + strategy.label + "\"");
            } catch (const ConfigError& e) {
                fail(labelPointer, e.what());
            }
            if (const auto [it, fresh] = labels.emplace(strategy.label, i); !fresh)
                fail(labelPointer, "label \"" + strategy.label + "\" is given twice (strategies " +
                                       std::to_string(it->second + 1) + " and " + std::to_string(i + 1) +
                                       "): give one a \"label\" of its own");
            try {
                strategyConfig(m_grid, strategy);
            } catch (const Error& e) {
                fail(pointer, "strategy \"" + strategy.label + "\": " + e.what());
            }
            m_grid.strategies.push_back(std::move(strategy));
        }
    }

    void readSeeds()
    {
        const Json& list = nonEmptyArray("seeds");
        std::set<uint64_t> seen;
        for (size_t i = 0; i < list.size(); ++i) {
            const std::string pointer = "/seeds/" + std::to_string(i);
            if (!list[i].is_number_integer() || (!list[i].is_number_unsigned() && list[i].get<int64_t>() < 0))
                fail(pointer, "a seed is a non-negative integer, not " + list[i].dump());
            const uint64_t seed = list[i].get<uint64_t>();
            try {
                ExperimentConfig probe;
                findSetting("seed")->set(probe, std::to_string(seed));
            } catch (const ConfigError& e) {
                fail(pointer, e.what());
            }
            if (!seen.insert(seed).second)
                fail(pointer, "seed " + std::to_string(seed) + " is given twice");
            m_grid.seeds.push_back(seed);
        }
    }

    void readBaselineAndJobs()
    {
        if (const std::string b = stringMember(m_doc, "", "baseline", false); !b.empty()) {
            bool known = false;
            for (const GridStrategy& s : m_grid.strategies)
                known = known || s.label == b;
            if (!known)
                fail("/baseline", "baseline \"" + b + "\" is not one of the strategies' labels");
            m_grid.baseline = b;
        }
        if (m_doc.contains("jobs")) {
            const Json& j = m_doc["jobs"];
            if (!j.is_number_integer() || j.get<int64_t>() < 1 || j.get<int64_t>() > 1024)
                fail("/jobs", "\"jobs\" must be an integer from 1 to 1024, not " + j.dump());
            m_grid.jobs = j.get<int>();
        }
    }

    std::string m_path, m_text;
    Json m_doc;
    std::map<std::string, int> m_lines;
    ExperimentGrid m_grid;
};

}  // namespace

std::string ExperimentRun::name() const
{
    return dataset + "/" + label + "/seed-" + std::to_string(seed);
}

void checkFolderName(const std::string& name, const std::string& what)
{
    if (name.empty() || name == "." || name == "..")
        throw ConfigError(what + " cannot name a folder");
    for (char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '+' || c == '-';
        if (!ok)
            throw ConfigError(what + " names a folder: use only letters, digits and . _ + - (not '" +
                              std::string(1, c) + "')");
    }
}

ExperimentGrid readGridFile(const std::string& path)
{
    return GridReader(path, readFileText(path)).read();
}

void overrideSettings(ExperimentGrid& grid, const std::map<std::string, std::string>& overrides)
{
    for (const auto& [key, value] : overrides) {
        grid.settings[key] = value;
        for (GridStrategy& s : grid.strategies)
            s.settings.erase(key);
    }
}

std::vector<ExperimentRun> gridRuns(const ExperimentGrid& grid)
{
    std::vector<ExperimentRun> runs;
    for (const GridDataset& d : grid.datasets)
        for (uint64_t seed : grid.seeds)
            for (const GridStrategy& s : grid.strategies) {
                if (!d.labels.empty() && std::find(d.labels.begin(), d.labels.end(), s.label) == d.labels.end())
                    continue;  // not run on this dataset
                ExperimentRun run;
                run.dataset = d.name;
                run.label = s.label;
                run.strategy = s.strategy;
                run.seed = seed;
                run.train = d.train;
                run.test = d.test;
                run.preset = grid.preset;
                run.settings = grid.settings;
                run.settings.erase("threads");
                for (const auto& [key, value] : s.settings)
                    run.settings[key] = value;
                run.settings["strategy"] = s.strategy;
                run.settings["seed"] = std::to_string(seed);
                try {
                    run.rounds = strategyConfig(grid, s).rounds;
                } catch (const ConfigError& e) {
                    throw ConfigError("strategy \"" + s.label + "\": " + e.what());
                }
                run.folder = "runs/" + d.name + "/" + s.label + "/seed-" + std::to_string(seed);
                runs.push_back(std::move(run));
            }
    return runs;
}

}  // namespace lada
