// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <string>
#include <vector>

namespace lada {

/**
 * What a session's `session.json` holds: where the dataset lives, its classes, and how the run was set
 * up. Paths in the labels journal are relative to `datasetRoot`.
 */
struct SessionInfo {
    std::string datasetRoot;                      ///< absolute folder the image paths are relative to
    std::string trainSource;                      ///< what the pool was loaded from (folder, CSV, file)
    std::string testSource;                       ///< the test split's source; empty when none
    std::vector<std::string> classNames;          ///< index = class index in answers and exports
    std::string strategy;                         ///< acquisition strategy name, e.g. "lada-entmix"
    std::map<std::string, std::string> settings;  ///< flat run settings ("budget" -> "10")
    std::string created;                          ///< ISO 8601 UTC with milliseconds

    /** Index of `name` in classNames, or -1 when it is not a class. */
    int classIndex(const std::string& name) const;
};

/** session.json text for `info` (UTF-8, pretty-printed). Throws lada::DataError for text not in UTF-8. */
std::string sessionInfoToJson(const SessionInfo& info);

/**
 * Parses session.json text; `fileName` names the file in errors. Throws lada::DataError naming the file
 * and the problem for text that is not JSON, another format, or a missing or mistyped field.
 */
SessionInfo sessionInfoFromJson(const std::string& text, const std::string& fileName);

} // namespace lada
