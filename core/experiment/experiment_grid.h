// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lada {

/** A dataset of an experiment: its folder name under runs/ and the splits `lada-cli run` reads. */
struct GridDataset {
    std::string name;                 ///< folder name: [A-Za-z0-9._+-], not "." or ".."
    std::string train, test;          ///< absolute paths (test may be empty: 10 % of train measures accuracy)
    std::vector<std::string> labels;  ///< the strategy labels run on this dataset; empty = every one
};

/** A strategy of an experiment: the label that names its folder, the strategy it runs, its own settings. */
struct GridStrategy {
    std::string label;                            ///< folder name, unique in the grid ("lada-entmix-curve")
    std::string strategy;                         ///< a strategy name of the setting table ("lada-entmix")
    std::map<std::string, std::string> settings;  ///< setting-table key -> value text, over the grid's
};

/**
 * What an experiment runs: datasets × strategies × seeds, every run with the grid's settings, then its
 * strategy's. Read from a grid file (readGridFile) or made from lada-cli experiment's flags.
 */
struct ExperimentGrid {
    std::vector<GridDataset> datasets;
    std::vector<GridStrategy> strategies;
    std::vector<uint64_t> seeds;
    std::map<std::string, std::string> settings;  ///< for every run; "threads" is the experiment's total
    std::string preset;                           ///< presets.h name, or empty
    std::optional<std::string> baseline;          ///< label the summary compares against (default "entropy")
    std::optional<int> jobs;                      ///< runs at a time
};

/** One run of a grid: everything `lada-cli run` is given, and its folder. */
struct ExperimentRun {
    std::string dataset, label, strategy;
    uint64_t seed = 0;
    std::string train, test, preset;
    /** The settings the run sets explicitly (grid, strategy, "strategy", "seed"), never "threads". */
    std::map<std::string, std::string> settings;
    int rounds = 0;            ///< rounds after round 0, as the preset and settings resolve
    std::string folder;        ///< relative to the experiment folder: "runs/<dataset>/<label>/seed-<seed>"
    std::string name() const;  ///< "<dataset>/<label>/seed-<seed>", for messages
};

/**
 * Reads and validates a grid file (JSON, the format in README "Command line"): members datasets,
 * strategies, seeds, settings, preset, baseline, jobs; paths relative to the file's folder. Everything
 * is checked before anything runs: unknown members, setting keys and strategies, bad values (as the
 * setting table parses them), duplicate labels, dataset names or seeds, a missing or nonexistent train,
 * and labels or names that cannot be folder names. Throws ConfigError "<path>:<line>: <what>" naming the
 * line of the offending member (of the syntax error for text that is not JSON). Reads the file only.
 */
ExperimentGrid readGridFile(const std::string& path);

/** Sets `overrides` (setting-table keys, as given on the command line) over the grid's and every strategy's settings. */
void overrideSettings(ExperimentGrid& grid, const std::map<std::string, std::string>& overrides);

/**
 * Throws ConfigError unless `name` can be a folder name of the experiment: non-empty, only
 * [A-Za-z0-9._+-], not "." or "..". `what` starts the message ("label \"a/b\"").
 */
void checkFolderName(const std::string& name, const std::string& what);

/**
 * The grid's runs in order: by dataset, then seed, then strategy (so that every seed of the first
 * strategies is not waited for before the last starts). Throws ConfigError naming the strategy when its
 * settings together with the grid's and the preset do not apply (applySettings).
 */
std::vector<ExperimentRun> gridRuns(const ExperimentGrid& grid);

}  // namespace lada
