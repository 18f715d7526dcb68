// SPDX-License-Identifier: MIT
#pragma once

#include "core/config/experiment_config.h"

#include <string>
#include <vector>

namespace lada {

/**
 * What a session's `session.json` holds: where the dataset lives, its classes, and how the run was set
 * up. Paths in the labels journal are relative to `datasetRoot`.
 */
struct SessionInfo {
    std::string datasetRoot;              ///< absolute folder the image paths are relative to
    std::string trainSource;              ///< what the pool was loaded from (folder, CSV, file)
    std::string testSource;               ///< the test split's source; empty when none
    std::vector<std::string> classNames;  ///< index = class index in answers and exports
    ExperimentConfig config;              ///< the run's settings (session.json "config", setting-table keys)
    bool imagesUnlabeled = false;         ///< the training images came without labels (class names given)
    std::string created;                  ///< ISO 8601 UTC with milliseconds

    /** Index of `name` in classNames, or -1 when it is not a class. */
    int classIndex(const std::string& name) const;
};

/** session.json text for `info` (version 2, UTF-8, pretty-printed). Throws lada::DataError for text not in UTF-8. */
std::string sessionInfoToJson(const SessionInfo& info);

/**
 * Parses session.json text; `fileName` names the file in errors. Throws lada::DataError naming the file
 * and the problem for text that is not JSON, another format, or a missing or mistyped field, an unknown
 * setting or a bad setting value. Version 1 files (a flat "settings" map in the workbench's or lada-cli's
 * spelling, and a "strategy" field) are migrated on read (migrateSettings).
 */
SessionInfo sessionInfoFromJson(const std::string& text, const std::string& fileName);

}  // namespace lada
