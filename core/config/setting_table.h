// SPDX-License-Identifier: MIT
#pragma once

#include "core/config/experiment_config.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lada {

/** What kind of value a setting holds, for parsers, JSON and the settings dialog. */
enum class SettingKind { Integer, Real, Flag, Choice, Text };

/**
 * One setting of ExperimentConfig, declared once: its key is the spelling everywhere (lada-cli's
 * `--key`, the workbench's `--set key=value`, session.json, the results file, QSettings). Text values
 * are canonical: integers in decimal, reals with 17 significant digits, flags "true"/"false", choices
 * by name, and an optional value's unset state by `unsetToken` ("all", "random", "auto").
 */
struct SettingSpec {
    std::string key;    ///< "pool-subset"
    std::string label;  ///< "Pool subset" (the settings dialog)
    std::string group;  ///< "Run", "Training", "Photos", "LADA", "Baselines", "View"
    std::string help;   ///< what it does and its paper default (tooltips, --help)
    SettingKind kind = SettingKind::Integer;
    double min = 0, max = 0;            ///< inclusive range of Integer and Real values
    std::vector<std::string> choices;   ///< the names of a Choice
    std::string unsetToken;             ///< non-empty: the value may be unset, spelled so ("all")
    std::string unsetText;              ///< the unset state in words for people ("all cores")
    std::vector<std::string> oldNames;  ///< spellings of earlier versions, read by migrateSettings only
    std::function<std::string(const ExperimentConfig&)> get;
    /** Parses and stores `value`; throws ConfigError naming the key, the value and what is expected. */
    std::function<void(ExperimentConfig&, const std::string& value)> set;
};

/** Every setting, in the order the dialog and --help show them. */
const std::vector<SettingSpec>& settingTable();

/** The setting named `key`, or nullptr. */
const SettingSpec* findSetting(const std::string& key);

/** The keys joined with ", " (for messages about unknown keys). */
std::string settingKeys();

/**
 * Applies "key=value" to `config`. Throws ConfigError for a missing '=', an unknown key (the message
 * lists the valid keys) or a bad value (the message names the key and the expected range or names).
 */
void applySetting(ExperimentConfig& config, const std::string& assignment);

/** The canonical text of every setting. */
std::map<std::string, std::string> configToMap(const ExperimentConfig& config);

/** Applies every key of `values` over `config`; throws ConfigError as applySetting does. */
void applySettings(ExperimentConfig& config, const std::map<std::string, std::string>& values);

/**
 * The configuration as a JSON object text, one member per setting (`{"strategy": "lada-entmix",
 * "pool-subset": 2000, "threads": null, ...}`): numbers as JSON numbers, flags as booleans, unset
 * optional values as null.
 */
std::string configToJson(const ExperimentConfig& config);

/**
 * Reads a JSON object written by configToJson over `base` (missing keys keep base's value). `where`
 * names the file in errors. Throws ConfigError for text that is not a JSON object, an unknown key, or
 * a value of the wrong type or range, naming `where` and the key.
 */
ExperimentConfig configFromJson(const std::string& jsonObject, const std::string& where, ExperimentConfig base = {});

/**
 * Reads the settings of files written before the setting table (session.json version 1): the
 * workbench's flat map ("pool-subset", "fixed-tau" -1, "tsne-points"...), lada-cli's map ("pool_subset"
 * with the whole configuration as a nested "config_json" string: "training", "acquisition",
 * "reinitialize"), and QSettings' camelCase names ("poolSubset"). Old sentinels become unset values
 * (threads 0 = all cores, fixed tau < 0 = the paper's default). Keys that were never settings
 * ("images-unlabeled") are ignored; `strategy` (session.json's own field) is applied last when non-empty.
 * Throws ConfigError naming `where` and the key for a value that cannot be read.
 */
ExperimentConfig migrateSettings(const std::map<std::string, std::string>& legacy, const std::string& strategy,
                                 const std::string& where, ExperimentConfig base = {});

}  // namespace lada
