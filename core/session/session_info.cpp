// SPDX-License-Identifier: MIT
#include "core/session/session_info.h"

#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/util/excerpt.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lada {

namespace {

using nlohmann::ordered_json;  // keeps keys in the order written, for people reading the file

constexpr const char* kFormat = "lada-session";
constexpr int kVersion = 2;  // 2: a typed "config" object; 1: "strategy" and a flat "settings" map

[[noreturn]] void fail(const std::string& fileName, const std::string& problem)
{
    throw DataError("corrupt session file \"" + fileName + "\": " + problem);
}

std::string stringField(const ordered_json& doc, const char* key, const std::string& fileName, bool required)
{
    const auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) {
        if (required) {
            fail(fileName, std::string("missing field \"") + key + "\"");
        }
        return {};
    }
    if (!it->is_string()) {
        fail(fileName, std::string("field \"") + key + "\" must be a string");
    }
    return it->get<std::string>();
}

}  // namespace

int SessionInfo::classIndex(const std::string& name) const
{
    const auto it = std::find(classNames.begin(), classNames.end(), name);
    return it == classNames.end() ? -1 : static_cast<int>(it - classNames.begin());
}

std::string sessionInfoToJson(const SessionInfo& info)
{
    ordered_json doc = {
        {"format", kFormat},
        {"version", kVersion},
        {"datasetRoot", info.datasetRoot},
        {"trainSource", info.trainSource},
        {"testSource", info.testSource},
        {"classNames", info.classNames},
        {"imagesUnlabeled", info.imagesUnlabeled},
        {"config", ordered_json::parse(configToJson(info.config))},
        {"created", info.created},
    };
    try {
        return doc.dump(2) + "\n";
    } catch (const ordered_json::type_error& e) {
        // nlohmann refuses bytes that are not UTF-8 rather than writing a file no reader accepts.
        throw DataError(std::string("cannot write session settings: ") + e.what());
    }
}

SessionInfo sessionInfoFromJson(const std::string& text, const std::string& fileName)
{
    ordered_json doc;
    try {
        doc = ordered_json::parse(text);
    } catch (const ordered_json::exception& e) {  // parse_error, or out_of_range for a number past double
        fail(fileName, "not valid JSON (" + excerpt(e.what()) + ")");
    }
    if (!doc.is_object()) {
        fail(fileName, "expected a JSON object");
    }
    if (stringField(doc, "format", fileName, true) != kFormat) {
        fail(fileName, std::string("\"format\" is not \"") + kFormat + "\"");
    }
    const auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer()) {
        fail(fileName, "missing or non-integer \"version\"");
    }
    if (version->get<int>() > kVersion) {
        fail(fileName, "written by a newer LADA Workbench (version " + std::to_string(version->get<int>()) +
                           "; this one reads up to " + std::to_string(kVersion) + ")");
    }

    SessionInfo info;
    info.datasetRoot = stringField(doc, "datasetRoot", fileName, true);
    info.trainSource = stringField(doc, "trainSource", fileName, false);
    info.testSource = stringField(doc, "testSource", fileName, false);
    info.created = stringField(doc, "created", fileName, false);

    const auto classes = doc.find("classNames");
    if (classes == doc.end() || !classes->is_array() || classes->empty()) {
        fail(fileName, "\"classNames\" must be a non-empty array of strings");
    }
    for (const auto& name : *classes) {
        if (!name.is_string()) {
            fail(fileName, "\"classNames\" must be a non-empty array of strings");
        }
        if (info.classIndex(name.get<std::string>()) >= 0) {
            fail(fileName, "class \"" + name.get<std::string>() + "\" is listed twice in \"classNames\"");
        }
        info.classNames.push_back(name.get<std::string>());
    }

    const auto unlabeled = doc.find("imagesUnlabeled");
    if (unlabeled != doc.end() && !unlabeled->is_boolean()) {
        fail(fileName, "\"imagesUnlabeled\" must be true or false");
    }
    info.imagesUnlabeled = unlabeled != doc.end() && unlabeled->get<bool>();
    try {
        if (version->get<int>() >= 2) {
            const auto config = doc.find("config");
            if (config == doc.end() || !config->is_object()) {
                fail(fileName, "missing object \"config\"");
            }
            info.config = configFromJson(config->dump(), "\"" + fileName + "\"");
        } else {
            std::map<std::string, std::string> legacy;
            const auto settings = doc.find("settings");
            if (settings != doc.end() && !settings->is_null()) {
                if (!settings->is_object()) {
                    fail(fileName, "\"settings\" must be an object");
                }
                for (const auto& [key, value] : settings->items()) {
                    // Settings were flat strings; a hand-edited number is accepted in its JSON spelling.
                    legacy[key] = value.is_string() ? value.get<std::string>() : value.dump();
                }
            }
            const auto old = legacy.find("images-unlabeled");
            info.imagesUnlabeled = old != legacy.end() && old->second == "1";
            info.config =
                migrateSettings(legacy, stringField(doc, "strategy", fileName, false), "\"" + fileName + "\"");
        }
    } catch (const ConfigError& e) {
        fail(fileName, excerpt(e.what(), 600));
    }
    return info;
}

}  // namespace lada
