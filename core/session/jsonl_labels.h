// SPDX-License-Identifier: MIT
#pragma once
// JSON Lines labels: one object per labeled or skipped image, a line each, for scripts (jq, pandas).

#include "core/session/label_file.h"
#include "core/session/session.h"

#include <string>
#include <vector>

namespace lada {

/**
 * The answers as JSON Lines, one per line in the given order:
 * `{"path": "train/3/17.png", "label": "3", "class_index": 3, "round": 2, "time": "...", "skipped": false}`
 * (a skipped image has "label": null and "class_index": null). `path` is relative to the dataset root.
 * Throws lada::DataError when a path or label is not UTF-8 text.
 */
std::string jsonLinesText(const std::vector<Answer>& answers);

/**
 * The rows of a JSON Lines labels file (`text`, read from `name`): each non-empty line an object with
 * "path" and either "label" or "skipped": true ("class_index", "round" and "time" are not read: an
 * import records the label by name, in round kImportRound, now). A line that is not such an object
 * comes back with `problem` set, its line number as `row`.
 */
std::vector<LabelRow> readJsonLines(const std::string& text);

}  // namespace lada
