// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <set>
#include <string>

namespace CLI {
class App;
}

namespace lada::cli {

/** Receives a setting given on the command line: its setting-table key and its value as text. */
using SettingSink = std::function<void(const std::string& key, const std::string& value)>;

/**
 * Registers every setting of the setting table (core/config/setting_table.h) on `command` as the flag
 * `--key`, grouped and described as in the table, with its default in the help. A value given is handed
 * to `store` as text, unparsed: the table parses it later (applySettings) and refuses it with the key
 * named, as it does session.json and the workbench's --set. A Flag setting is `--key` (true) or
 * `--key=false`. Keys in `except` are not registered (a sub-command that sets them otherwise).
 */
void addSettingFlags(CLI::App& command, const SettingSink& store, const std::set<std::string>& except = {});

}  // namespace lada::cli
