// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lada {

class Session;

/** The file formats a session's labeled set can leave the program in. */
enum class ExportFormat {
    Csv,          ///< `filepath,label` (RFC 4180), paths relative to the dataset root
    ImageFolder,  ///< `<out>/<class>/<file>`: copies or hard links of the labeled images
    Json,         ///< classes, labeled and skipped images with round and time, settings, history
};

/** "csv", "imagefolder" or "json" (any case); throws lada::ConfigError naming the accepted values. */
ExportFormat parseExportFormat(const std::string& name);

/** How exportLabels writes its target. */
struct ExportOptions {
    bool force = false;     ///< replace an existing target (otherwise it is refused)
    bool hardLink = false;  ///< ImageFolder: hard-link instead of copying (falls back to a copy across devices)
};

/** What an export wrote. */
struct ExportReport {
    std::string target;                 ///< absolute path of the file or folder written
    int64_t labeled = 0;                ///< labeled images written
    int64_t skipped = 0;                ///< images the oracle skipped (listed in JSON only)
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

/** The CSV export of exportLabels. */
ExportReport exportCsv(const Session& session, const std::string& out, const ExportOptions& options = {});

/**
 * The ImageFolder export of exportLabels: `<out>/<class>/<file name>`. Two images with the same file name
 * in one class become `name.png` and `name_1.png`; a class name that cannot be a folder name (such as
 * "a/b" or "..") is written with '_' in place of the offending characters.
 */
ExportReport exportImageFolder(const Session& session, const std::string& out, const ExportOptions& options = {});

/** The JSON export of exportLabels. */
ExportReport exportJson(const Session& session, const std::string& out, const ExportOptions& options = {});

}  // namespace lada
