// SPDX-License-Identifier: MIT
#include "core/session/label_studio.h"

#include "core/error.h"
#include "core/util/excerpt.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace lada {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

// Keys Label Studio adds to every JSON-MIN object and CSV row beside the labeling config's names.
const std::set<std::string> kMetadataKeys = {"id",        "annotator", "annotation_id", "created_at", "updated_at",
                                             "lead_time", "drafts",    "predictions",   "meta",       "file_upload"};

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string percentDecode(const std::string& text, bool plusIsSpace)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else if (c == '+' && plusIsSpace) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

/** The value of query parameter `key` in `url` ("...?d=a%2Fb&x=1" -> "a/b"), percent-decoded. */
std::optional<std::string> queryValue(const std::string& url, const std::string& key)
{
    const auto question = url.find('?');
    if (question == std::string::npos) {
        return std::nullopt;
    }
    std::size_t start = question + 1;
    while (start <= url.size()) {
        std::size_t end = url.find('&', start);
        if (end == std::string::npos) {
            end = url.size();
        }
        const std::string pair = url.substr(start, end - start);
        if (pair.rfind(key + "=", 0) == 0) {
            return percentDecode(pair.substr(key.size() + 1), true);
        }
        start = end + 1;
    }
    return std::nullopt;
}

/** The class of one choice value: a string, or {"choices": [one string]}; sets `problem` otherwise. */
std::string choiceOf(const ordered_json& value, std::string& problem)
{
    if (value.is_string()) {
        return value.get<std::string>();
    }
    const ordered_json* choices = value.is_object() && value.contains("choices") ? &value["choices"] : nullptr;
    if (choices == nullptr || !choices->is_array() || choices->empty()) {
        problem = "no choice";
        return {};
    }
    if (choices->size() > 1) {
        problem = "several choices (" + excerpt(choices->dump()) + "); one class per image";
        return {};
    }
    if (!choices->front().is_string()) {
        problem = "the choice is not text";
        return {};
    }
    if (choices->front().get_ref<const std::string&>().empty())
        problem = "an empty choice";
    return choices->front().get<std::string>();
}

/** The time an annotation was last changed, for picking the latest ("" when it says none). */
std::string annotationTime(const ordered_json& annotation)
{
    for (const char* key : {"updated_at", "created_at"}) {
        if (annotation.contains(key) && annotation[key].is_string()) {
            return annotation[key].get<std::string>();
        }
    }
    return {};
}

/** The first result of type "choices" in `annotation`, or nullptr. */
const ordered_json* choicesResult(const ordered_json& annotation)
{
    if (!annotation.contains("result") || !annotation["result"].is_array()) {
        return nullptr;
    }
    for (const ordered_json& result : annotation["result"]) {
        if (result.is_object() && result.contains("type") && result["type"] == "choices" && result.contains("value")) {
            return &result["value"];
        }
    }
    return nullptr;
}

/** A task of the full JSON export as a row. */
LabelRow taskRow(const ordered_json& task, int64_t position)
{
    LabelRow row;
    row.row = position;
    row.where = "task " + std::to_string(position);
    if (task.contains("id") && task["id"].is_number_integer()) {
        row.where += " (id " + std::to_string(task["id"].get<int64_t>()) + ")";
    }
    const ordered_json& data = task["data"];
    if (data.contains("image") && data["image"].is_string()) {
        row.image = data["image"].get<std::string>();
    } else {
        for (const auto& [key, value] : data.items()) {
            if (value.is_string() && looksLikeImageReference(value.get<std::string>())) {
                row.image = value.get<std::string>();
                break;
            }
        }
    }
    if (row.image.empty()) {
        row.problem = "no image in the task's data";
        return row;
    }
    const ordered_json* latest = nullptr;
    std::string latestTime;
    if (task.contains("annotations") && task["annotations"].is_array()) {
        for (const ordered_json& annotation : task["annotations"]) {
            if (!annotation.is_object() || annotation.value("was_cancelled", ordered_json(false)) == true ||
                choicesResult(annotation) == nullptr) {
                continue;
            }
            const std::string time = annotationTime(annotation);
            if (latest == nullptr || time >= latestTime) {  // ties: the later in the array
                latest = &annotation;
                latestTime = time;
            }
        }
    }
    if (latest == nullptr) {
        row.problem = "no annotation with a choice that was not cancelled";
        return row;
    }
    row.label = choiceOf(*choicesResult(*latest), row.problem);
    return row;
}

/**
 * A JSON-MIN object (or a CSV row as one) as a row. The keys come from the labeling config: the image
 * key is "image" or else the first whose value looks like an image reference; the choice key is "choice"
 * or else the one holding {"choices": [...]}, or else the only other text field that is not metadata.
 */
LabelRow flatRow(const ordered_json& object, int64_t position, const std::string& noun)
{
    LabelRow row;
    row.row = position;
    row.where = noun + " " + std::to_string(position);
    std::string imageKey;
    if (object.contains("image") && object["image"].is_string()) {
        imageKey = "image";
    } else {
        for (const auto& [key, value] : object.items()) {
            if (value.is_string() && kMetadataKeys.count(key) == 0 &&
                looksLikeImageReference(value.get<std::string>())) {
                imageKey = key;
                break;
            }
        }
    }
    if (imageKey.empty()) {
        row.problem = "no image (no \"image\" key, and no value that looks like an image reference)";
        return row;
    }
    row.image = object[imageKey].get<std::string>();
    std::string choiceKey = object.contains("choice") ? "choice" : "";
    std::vector<std::string> others;
    for (const auto& [key, value] : object.items()) {
        if (!choiceKey.empty()) {
            break;
        }
        if (value.is_object() && value.contains("choices")) {
            choiceKey = key;
        } else if (value.is_string() && key != imageKey && kMetadataKeys.count(key) == 0) {
            others.push_back(key);
        }
    }
    if (choiceKey.empty() && others.size() == 1) {
        choiceKey = others.front();
    }
    if (choiceKey.empty() || object[choiceKey].is_null() ||
        (object[choiceKey].is_string() && object[choiceKey].get<std::string>().empty())) {
        row.problem = "no choice";
        return row;
    }
    ordered_json value = object[choiceKey];
    // A CSV export writes several choices as the JSON text {"choices": [...]}.
    if (value.is_string() && !value.get<std::string>().empty() && value.get<std::string>().front() == '{') {
        value = ordered_json::parse(value.get<std::string>(), nullptr, false);
    }
    row.label = choiceOf(value, row.problem);
    return row;
}

}  // namespace

std::string labelStudioTasksJson(const std::vector<LabelStudioTask>& tasks)
{
    ordered_json array = ordered_json::array();
    for (const auto& task : tasks) {
        ordered_json result = {{"from_name", "choice"},
                               {"to_name", "image"},
                               {"type", "choices"},
                               {"value", {{"choices", ordered_json::array({task.choice})}}}};
        array.push_back(
            {{"data", {{"image", task.image}}},
             {"annotations", ordered_json::array({{{"result", ordered_json::array({std::move(result)})}}})}});
    }
    try {
        return array.dump(2) + "\n";
    } catch (const ordered_json::type_error& e) {
        throw DataError(std::string("cannot export Label Studio tasks: a path or label is not UTF-8 text (") +
                        e.what() + ")");
    }
}

std::string labelStudioConfig(const std::vector<std::string>& classNames)
{
    const auto escaped = [](const std::string& text) {
        std::string out;
        for (const char c : text) {
            switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\n': out += "&#10;"; break;
            default: out += c;
            }
        }
        return out;
    };
    std::string xml = "<View>\n  <Image name=\"image\" value=\"$image\"/>\n"
                      "  <Choices name=\"choice\" toName=\"image\" choice=\"single\" showInLine=\"true\">\n";
    for (const auto& name : classNames) {
        xml += "    <Choice value=\"" + escaped(name) + "\"/>\n";
    }
    return xml + "  </Choices>\n</View>\n";
}

std::string labelStudioConfigPath(const std::string& tasksPath)
{
    fs::path path(tasksPath);
    return (path.parent_path() / (path.stem().string() + ".label_config.xml")).string();
}

std::string labelStudioLocalFileUrl(const std::string& relativePath)
{
    static const char* kHex = "0123456789ABCDEF";
    std::string url = "/data/local-files/?d=";
    for (const char c : relativePath) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            url += c;
        } else {
            url += '%';
            url += kHex[byte >> 4];
            url += kHex[byte & 15];
        }
    }
    return url;
}

ImageReference parseImageReference(const std::string& text)
{
    ImageReference reference;
    const auto localFiles = text.find("/data/local-files/");
    if (localFiles != std::string::npos) {
        if (const auto d = queryValue(text, "d")) {
            reference.kind = ImageReference::Kind::LocalFile;
            reference.path = *d;
            return reference;
        }
    }
    const auto upload = text.find("/data/upload/");
    if (upload != std::string::npos) {
        // Label Studio stores an upload as "<8 hex>-<original name>".
        std::string name = percentDecode(text.substr(text.find_last_of('/') + 1), false);
        const auto dash = name.find('-');
        reference.kind = ImageReference::Kind::Upload;
        reference.path = dash == std::string::npos ? name : name.substr(dash + 1);
        return reference;
    }
    const auto scheme = text.find("://");
    if (scheme != std::string::npos && scheme > 0 &&
        std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(scheme),
                    [](unsigned char c) { return std::isalpha(c) || c == '+' || c == '.' || c == '-'; })) {
        const std::string rest = text.substr(scheme + 3);
        const auto slash = rest.find('/');
        std::string path = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
        path = path.substr(0, path.find_first_of("?#"));
        reference.kind = ImageReference::Kind::Url;
        reference.path = percentDecode(path, false);
        return reference;
    }
    reference.path = text;
    return reference;
}

bool looksLikeImageReference(const std::string& text)
{
    static const std::set<std::string> kImageExtensions = {".png",  ".jpg", ".jpeg", ".bmp", ".gif",
                                                           ".webp", ".tif", ".tiff", ".ppm", ".pgm"};
    if (text.find("/data/local-files/") != std::string::npos || text.find("/data/upload/") != std::string::npos ||
        text.find("://") != std::string::npos) {
        return true;
    }
    const std::string extension = lower(fs::path(text).extension().string());
    return kImageExtensions.count(extension) != 0 || text.find('#') != std::string::npos;
}

std::vector<LabelRow> readLabelStudioJson(const std::string& text, const std::string& name, std::string& format)
{
    const ordered_json doc = ordered_json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_array()) {
        throw DataError("cannot import \"" + name +
                        "\": " + (doc.is_discarded() ? "not valid JSON" : "not a JSON array") +
                        " (expected a Label Studio export: JSON or JSON-MIN)");
    }
    const bool tasks = std::any_of(doc.begin(), doc.end(), [](const ordered_json& item) {
        return item.is_object() && item.contains("data") && item["data"].is_object();
    });
    format = tasks ? "labelstudio-json" : "labelstudio-json-min";
    std::vector<LabelRow> rows;
    int64_t position = 0;
    for (const ordered_json& item : doc) {
        ++position;
        if (!item.is_object() || (tasks && !(item.contains("data") && item["data"].is_object()))) {
            LabelRow row;
            row.row = position;
            row.where = (tasks ? "task " : "item ") + std::to_string(position);
            row.problem = tasks ? "not a task (an object with \"data\")" : "not a JSON object";
            rows.push_back(std::move(row));
            continue;
        }
        rows.push_back(tasks ? taskRow(item, position) : flatRow(item, position, "item"));
    }
    return rows;
}

bool isLabelStudioCsvHeader(const CsvRow& header)
{
    std::set<std::string> columns;
    for (const auto& column : header) {
        columns.insert(lower(column));
    }
    return (columns.count("image") != 0 && columns.count("choice") != 0) || columns.count("annotation_id") != 0;
}

std::vector<LabelRow> readLabelStudioCsv(const std::vector<CsvRow>& rows, const std::string& name)
{
    if (rows.empty() || !isLabelStudioCsvHeader(rows.front())) {
        throw DataError("cannot import \"" + name + "\": not a Label Studio CSV export (no image and choice columns)");
    }
    std::vector<std::string> keys;
    for (const auto& column : rows.front()) {
        keys.push_back(lower(column) == "image" || lower(column) == "choice" ? lower(column) : column);
    }
    std::vector<LabelRow> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto number = static_cast<int64_t>(r) + 1;
        if (rows[r].size() != keys.size()) {
            LabelRow row;
            row.row = number;
            row.problem =
                "expected " + std::to_string(keys.size()) + " fields, found " + std::to_string(rows[r].size());
            out.push_back(std::move(row));
            continue;
        }
        ordered_json object = ordered_json::object();
        for (std::size_t c = 0; c < keys.size(); ++c) {
            object[keys[c]] = rows[r][c];
        }
        LabelRow row = flatRow(object, number, "row");
        row.where.clear();  // the row number says it
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace lada
