// SPDX-License-Identifier: MIT
// The setting table as JSON: session.json's and the results file's "config" object, and the migration of
// the settings files earlier versions wrote (the workbench's and lada-cli's spellings).
#include "core/config/setting_table.h"

#include "core/config/setting_text.h"
#include "core/error.h"
#include "core/util/excerpt.h"

#include <nlohmann/json.hpp>

#include <set>

namespace lada {

using settings_detail::findByAnyName;
using settings_detail::realText;
using settings_detail::trimmed;
using settings_detail::unknownKey;

std::string configToJson(const ExperimentConfig& config)
{
    nlohmann::json out = nlohmann::json::object();
    for (const SettingSpec& s : settingTable()) {
        const std::string text = s.get(config);
        if (!s.unsetToken.empty() && text == s.unsetToken) {
            out[s.key] = nullptr;
            continue;
        }
        switch (s.kind) {
        case SettingKind::Integer: out[s.key] = nlohmann::json::parse(text); break;  // canonical decimal text
        case SettingKind::Real: out[s.key] = std::stod(text); break;
        case SettingKind::Flag: out[s.key] = text == "true"; break;
        case SettingKind::Choice:
        case SettingKind::Text: out[s.key] = text; break;
        }
    }
    return out.dump();
}

namespace {

/** A JSON value as the text a SettingSpec parses; null is the spec's unset token. */
std::string valueText(const SettingSpec& s, const nlohmann::json& v, const std::string& where)
{
    if (v.is_null()) {
        if (s.unsetToken.empty())
            throw ConfigError(where + ": setting \"" + s.key + "\" cannot be null");
        return s.unsetToken;
    }
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer() || v.is_number_unsigned())
        return v.dump();
    if (v.is_number_float())
        return realText(v.get<double>());
    throw ConfigError(where + ": setting \"" + s.key + "\" must be a number, a string or a boolean");
}

void applyJsonValue(ExperimentConfig& c, const SettingSpec& s, const nlohmann::json& v, const std::string& where)
{
    try {
        s.set(c, valueText(s, v, where));
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        throw ConfigError(what.rfind(where, 0) == 0 ? what : where + ": " + what);
    }
}

}  // namespace

ExperimentConfig configFromJson(const std::string& jsonObject, const std::string& where, ExperimentConfig base)
{
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(jsonObject);
    } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number past double
        throw ConfigError(where + ": settings are not valid JSON (" + excerpt(e.what()) + ")");
    }
    if (!doc.is_object())
        throw ConfigError(where + ": settings must be a JSON object");
    for (const auto& [key, value] : doc.items()) {
        const SettingSpec* spec = findSetting(key);
        if (spec == nullptr)
            unknownKey(key, where);
        applyJsonValue(base, *spec, value, where);
    }
    return base;
}

ExperimentConfig migrateSettings(const std::map<std::string, std::string>& legacy, const std::string& strategy,
                                 const std::string& where, ExperimentConfig base)
{
    // Keys the old files held that were never settings of the run.
    static const std::set<std::string> kNotSettings = {"images-unlabeled", "config_json"};
    auto applyOld = [&](const std::string& name, const std::string& value) {
        const SettingSpec* spec = findByAnyName(name);
        if (name == "reinitialize") {  // lada-cli's old spelling of the inverse of continue-training
            base.continueTraining = value == "false" || value == "0";
            return;
        }
        if (spec == nullptr)
            unknownKey(name, where);
        std::string v = value;
        // Old sentinels: threads 0 = all cores, a negative fixed tau = the paper's default.
        if (spec->key == "threads" && trimmed(v) == "0")
            v = spec->unsetToken;
        if (spec->key == "tau" && !v.empty() && trimmed(v).front() == '-')
            v = spec->unsetToken;
        try {
            spec->set(base, v);
        } catch (const ConfigError& e) {
            throw ConfigError(where + ": " + e.what());
        }
    };
    for (const auto& [key, value] : legacy)
        if (!kNotSettings.contains(key))
            applyOld(key, value);
    const auto nested = legacy.find("config_json");
    if (nested != legacy.end()) {
        // lada-cli wrote its whole configuration as JSON text with "training" and "acquisition" objects.
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(nested->second);
        } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number past double
            throw ConfigError(where + ": \"config_json\" is not valid JSON (" + excerpt(e.what()) + ")");
        }
        if (!doc.is_object())
            throw ConfigError(where + ": \"config_json\" must be a JSON object");
        auto flatten = [&](const nlohmann::json& object) {
            for (const auto& [key, value] : object.items()) {
                if (value.is_object())
                    continue;
                const SettingSpec* spec = findByAnyName(key);
                if (spec == nullptr && key != "reinitialize")
                    unknownKey(key, where);
                SettingSpec reinitialize;  // the one old key that is no setting: a flag, read by applyOld
                reinitialize.key = key;
                reinitialize.kind = SettingKind::Flag;
                applyOld(key, valueText(spec ? *spec : reinitialize, value, where));
            }
        };
        flatten(doc);
        for (const char* part : {"training", "acquisition"})
            if (doc.contains(part) && doc[part].is_object())
                flatten(doc[part]);
    }
    if (!strategy.empty())
        applyOld("strategy", strategy);
    return base;
}

}  // namespace lada
