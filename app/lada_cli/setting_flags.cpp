// SPDX-License-Identifier: MIT
#include "app/lada_cli/setting_flags.h"

#include "core/config/setting_table.h"

#include <CLI/CLI.hpp>

namespace lada::cli {

void addSettingFlags(CLI::App& command, const SettingSink& store, const std::set<std::string>& except)
{
    const ExperimentConfig defaults;
    for (const SettingSpec& spec : settingTable()) {
        if (except.count(spec.key) != 0)
            continue;
        const std::string flag = "--" + spec.key, help = spec.help + " [" + spec.get(defaults) + "]";
        auto keep = [store, key = spec.key](const std::string& v) { store(key, v); };
        // CLI11 hands a flag's count to the function, negative for `--key=false`.
        CLI::Option* o = spec.kind == SettingKind::Flag
                             ? command.add_flag_function(
                                   flag, [keep](int64_t n) { keep(n > 0 ? "true" : "false"); }, help)
                             : command.add_option_function<std::string>(flag, keep, help)->type_name("VALUE");
        o->group(spec.group);
    }
}

}  // namespace lada::cli
