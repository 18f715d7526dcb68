// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lada {

class Session;

/** The file formats a session's labeled set can leave the program in. */
enum class ExportFormat {
    Csv,          ///< `filepath,label` (RFC 4180), paths relative to the CSV's folder: a manifest as it is
    ImageFolder,  ///< `<out>/<class>/<file>`: copies or hard links of the labeled images
    Json,         ///< classes, labeled and skipped images with round and time, settings, history
    LabelStudio,  ///< Label Studio tasks JSON (choices), its labeling config beside it (label_studio.h)
    JsonLines,    ///< one JSON object per labeled or skipped image (jsonl_labels.h)
};

/**
 * "csv", "imagefolder", "json", "labelstudio" or "jsonl" (any case); throws lada::ConfigError naming the
 * accepted values.
 */
ExportFormat parseExportFormat(const std::string& name);

/** How exportLabels writes its target. */
struct ExportOptions {
    bool force = false;     ///< replace an existing target (otherwise it is refused)
    bool hardLink = false;  ///< ImageFolder: hard-link instead of copying (falls back to a copy across devices)
    /** LabelStudio: images as `imagePrefix` + path relative to the dataset root (a URL prefix); empty:
        local-file URLs `/data/local-files/?d=<path relative to documentRoot>`. */
    std::string imagePrefix;
    /** LabelStudio: Label Studio's LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT; empty: the dataset root. */
    std::string documentRoot;
};

/** What an export wrote. */
struct ExportReport {
    std::string target;                 ///< absolute path of the file or folder written
    int64_t labeled = 0;                ///< labeled images written
    int64_t skipped = 0;                ///< images the oracle skipped (listed in JSON and JSON Lines only)
    int64_t renamed = 0;                ///< ImageFolder: files renamed to avoid a name clash
    int64_t linked = 0;                 ///< ImageFolder: files hard-linked rather than copied
    std::vector<std::string> warnings;  ///< answers left out and why (a label not in the class list...)

    /** One line for people: "exported 312 labeled images (17 skipped) to out.csv". */
    std::string summary() const;
};

/**
 * Writes the session's current labeled set to `out` in `format`: under a temporary sibling name, renamed
 * into place when complete. The dataset is only read. Throws lada::Error naming the path and the reason
 * for an existing target without `force`, a target that is or holds the dataset or the session folder,
 * or one inside the dataset folder, an unwritable folder, and (ImageFolder) a missing image file; no
 * partial export is left behind then.
 */
ExportReport exportLabels(const Session& session, ExportFormat format, const std::string& out,
                          const ExportOptions& options = {});

/**
 * The CSV export of exportLabels: `filepath,label` with each path relative to the CSV's folder, so that
 * `lada-cli run --train out.csv` (core/data/csv_manifest.cpp resolves from the CSV's folder) and
 * Session::importLabels find the files. Relative rather than absolute so that a folder holding both the
 * dataset and the CSV can move as a whole. A CSV saved in a folder that holds the dataset has plain
 * paths ("mnist/train/3/17.png"); saved elsewhere its paths start with "../", which both follow (the
 * manifest reader then roots the split at the images' own folder).
 */
ExportReport exportCsv(const Session& session, const std::string& out, const ExportOptions& options = {});

/**
 * The ImageFolder export of exportLabels: `<out>/<class>/<file name>`. Two images with the same file name
 * in one class become `name.png` and `name_1.png`; a class name that cannot be a folder name (such as
 * "a/b" or "..") is written with '_' in place of the offending characters.
 */
ExportReport exportImageFolder(const Session& session, const std::string& out, const ExportOptions& options = {});

/** The JSON export of exportLabels. */
ExportReport exportJson(const Session& session, const std::string& out, const ExportOptions& options = {});

/**
 * The Label Studio export of exportLabels: `out` holds the labeled images as Label Studio tasks (JSON
 * array, one task per image with one annotation choosing its class), and `<out stem>.label_config.xml`
 * beside it the labeling config to paste into the project. Skipped images are left out (counted in
 * `skipped`). Throws as exportLabels, and lada::ConfigError when local-file URLs are asked for and the
 * dataset is not inside `options.documentRoot`.
 */
ExportReport exportLabelStudio(const Session& session, const std::string& out, const ExportOptions& options = {});

/** The JSON Lines export of exportLabels: one jsonLinesText record per labeled or skipped image. */
ExportReport exportJsonLines(const Session& session, const std::string& out, const ExportOptions& options = {});

}  // namespace lada
