// SPDX-License-Identifier: MIT
#pragma once
// Label Studio's side of the interchange: the tasks JSON and labeling config we write, the exports
// (JSON, JSON-MIN, CSV) we read, and its image references. The formats are those of Label Studio's
// "Export" dialog for an image classification project with a Choices control.

#include "core/session/label_file.h"
#include "core/util/csv.h"

#include <string>
#include <vector>

namespace lada {

/** One task of the tasks JSON we write: an image reference and the class chosen for it. */
struct LabelStudioTask {
    std::string image;
    std::string choice;
};

/**
 * The tasks as a Label Studio tasks JSON array: `{"data": {"image": ...}, "annotations": [{"result":
 * [{"from_name": "choice", "to_name": "image", "type": "choices", "value": {"choices": [...]}}]}]}`.
 * Throws lada::DataError when a reference or class name is not UTF-8 text.
 */
std::string labelStudioTasksJson(const std::vector<LabelStudioTask>& tasks);

/**
 * The labeling config matching labelStudioTasksJson, an XML `<View>` with `<Image name="image"
 * value="$image"/>` and a `<Choices name="choice" toName="image">` holding one `<Choice>` per class.
 */
std::string labelStudioConfig(const std::vector<std::string>& classNames);

/** Where exportLabelStudio writes the config beside `tasksPath`: "tasks.json" -> "tasks.label_config.xml". */
std::string labelStudioConfigPath(const std::string& tasksPath);

/** Label Studio's local-storage URL of a file `relativePath` below its document root: "/data/local-files/?d=...". */
std::string labelStudioLocalFileUrl(const std::string& relativePath);

/** An image reference taken apart. */
struct ImageReference {
    enum class Kind {
        Path,       ///< a file path, absolute or relative
        LocalFile,  ///< "/data/local-files/?d=<path>": `path` is below an unknown document root
        Upload,     ///< "/data/upload/<project>/<hash>-<name>": `path` is `<name>` (the file name uploaded)
        Url,        ///< "https://host/a/b.png" and other schemes: `path` is the URL's path ("a/b.png")
    };
    Kind kind = Kind::Path;
    std::string path;  ///< percent-decoded
};

/** Takes `text` apart (see ImageReference::Kind). Never throws. */
ImageReference parseImageReference(const std::string& text);

/**
 * True when `text` looks like an image reference: a Label Studio URL, a URL, or a path whose file
 * extension is that of an image. Used to find the image key of JSON-MIN and CSV exports.
 */
bool looksLikeImageReference(const std::string& text);

/**
 * The rows of a Label Studio JSON export (an array of tasks; the image is `data.image`, else the first
 * `data` value that looksLikeImageReference) or JSON-MIN export (an array of flat objects: see
 * session_import.cpp). A task with several annotations gives the latest one not cancelled
 * (`was_cancelled`), by `updated_at`, then `created_at`, then position; its first result of type
 * "choices" holds the class. `format` receives "labelstudio-json" or "labelstudio-json-min". Throws
 * lada::DataError naming `name` when `text` is not a JSON array of objects.
 */
std::vector<LabelRow> readLabelStudioJson(const std::string& text, const std::string& name, std::string& format);

/** True when the CSV header `header` is Label Studio's (an `image` and a `choice` column, any case). */
bool isLabelStudioCsvHeader(const CsvRow& header);

/** The rows of a Label Studio CSV export (`rows` with its header); throws lada::DataError naming `name`. */
std::vector<LabelRow> readLabelStudioCsv(const std::vector<CsvRow>& rows, const std::string& name);

}  // namespace lada
