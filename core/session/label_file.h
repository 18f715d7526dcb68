// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lada {

/** The labels files Session::importLabels reads. */
enum class LabelFileFormat {
    Auto,         ///< detected from the content (see detectLabelFileFormat)
    Csv,          ///< `filepath,label` CSV (our own export, the MNIST manifests)
    LabelStudio,  ///< a Label Studio export: JSON (tasks), JSON-MIN or CSV (`image`, `choice` columns)
    JsonLines,    ///< one `{"path": ..., "label": ..., "skipped": false}` object per line (our jsonl export)
};

/** "auto", "csv", "labelstudio" or "jsonl" (any case); throws lada::ConfigError naming the accepted values. */
LabelFileFormat parseLabelFileFormat(const std::string& name);

/** One label (or skip) read from a labels file, before its image is looked up in the dataset. */
struct LabelRow {
    int64_t row = 0;    ///< CSV: the row (1 = the header); JSON: the task's position (1 = first); JSON Lines: the line
    std::string where;  ///< how a message names the row beyond its number ("task 3 (id 17)"); may be empty
    std::string image;  ///< the image reference as written: a path, a Label Studio URL...
    std::string label;  ///< class name; empty when skipped
    bool skipped = false;  ///< JSON Lines: the oracle skipped the image
    std::string problem;   ///< non-empty: the row holds no usable label, and why (reported, never recorded)
};

/** A labels file read into rows. */
struct LabelFile {
    std::string
        format;  ///< what was read: "csv", "labelstudio-json", "labelstudio-json-min", "labelstudio-csv", "jsonl"
    std::vector<LabelRow> rows;  ///< in file order
};

/**
 * The format of the labels file at `path`, from its content: a JSON array is a Label Studio export
 * (JSON or JSON-MIN), a file of JSON objects one per line is JSON Lines, a CSV whose header is
 * `filepath,label` is Csv and one with `image` and `choice` columns is a Label Studio CSV export.
 * Throws lada::DataError naming the file when it cannot be read or is none of these.
 */
LabelFileFormat detectLabelFileFormat(const std::string& path);

/**
 * Reads the labels file at `path` in `format` (Auto: detectLabelFileFormat). Rows without a usable
 * label come back with `problem` set; the file as a whole is refused (lada::DataError naming the file
 * and the reason) when it is not in the format at all: bad JSON, a CSV without the expected header.
 */
LabelFile readLabelFile(const std::string& path, LabelFileFormat format = LabelFileFormat::Auto);

}  // namespace lada
