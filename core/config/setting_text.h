// SPDX-License-Identifier: MIT
#pragma once
// Text helpers the setting table (setting_table.cpp) and its JSON side (setting_json.cpp) share; not for
// other code.

#include "core/config/setting_table.h"

#include <string>

namespace lada::settings_detail {

/** `s` without leading and trailing spaces and tabs. */
std::string trimmed(const std::string& s);
/** The shortest text that reads back as exactly `v`. */
std::string realText(double v);
/** The spec whose key or one of whose old names is `name`, or nullptr. */
const SettingSpec* findByAnyName(const std::string& name);
/** Throws ConfigError naming `key` (prefixed by `where` when given) and listing the valid keys. */
[[noreturn]] void unknownKey(const std::string& key, const std::string& where);

}  // namespace lada::settings_detail
