// SPDX-License-Identifier: MIT
#include "core/session/label_file.h"

#include "core/error.h"
#include "core/session/jsonl_labels.h"
#include "core/session/label_studio.h"
#include "core/util/csv.h"
#include "core/util/durable_io.h"

#include <algorithm>
#include <cctype>

namespace lada {

namespace {

std::string lowerTrimmed(std::string text)
{
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), notSpace));
    text.erase(std::find_if(text.rbegin(), text.rend(), notSpace).base(), text.end());
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

/** The first character of `text` that is neither a UTF-8 byte-order mark nor white space; '\0' if none. */
char firstSignificant(const std::string& text)
{
    std::size_t i = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
        ++i;
    }
    return i < text.size() ? text[i] : '\0';
}

bool isOurCsvHeader(const CsvRow& header)
{
    return header.size() == 2 && lowerTrimmed(header[0]) == "filepath" && lowerTrimmed(header[1]) == "label";
}

const char* const kExpected = "expected a CSV with the header \"filepath,label\", a Label Studio export (JSON, "
                              "JSON-MIN, or CSV with image and choice columns) or JSON Lines";

LabelFileFormat detect(const std::string& text, const std::string& path)
{
    const char first = firstSignificant(text);
    if (first == '[') {
        return LabelFileFormat::LabelStudio;
    }
    if (first == '{') {
        return LabelFileFormat::JsonLines;
    }
    const std::vector<CsvRow> rows = parseCsvRows(text, path);
    if (!rows.empty() && isLabelStudioCsvHeader(rows.front())) {
        return LabelFileFormat::LabelStudio;
    }
    if (rows.empty() || !isOurCsvHeader(rows.front())) {
        throw DataError("cannot import \"" + path + "\": the first row must be the header \"filepath,label\" (" +
                        kExpected + ")");
    }
    return LabelFileFormat::Csv;
}

std::vector<LabelRow> readOurCsv(const std::string& text, const std::string& path)
{
    const std::vector<CsvRow> rows = parseCsvRows(text, path);
    if (rows.empty() || !isOurCsvHeader(rows.front())) {
        throw DataError("cannot import \"" + path + "\": the first row must be the header \"filepath,label\"");
    }
    std::vector<LabelRow> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        LabelRow row;
        row.row = static_cast<int64_t>(r) + 1;
        if (rows[r].size() != 2) {
            row.problem = "expected 2 fields, found " + std::to_string(rows[r].size());
        } else if (rows[r][0].empty()) {
            row.problem = "empty file path";
        } else {
            row.image = rows[r][0];
            row.label = rows[r][1];
        }
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace

LabelFileFormat parseLabelFileFormat(const std::string& name)
{
    const std::string lower = lowerTrimmed(name);
    if (lower == "auto") {
        return LabelFileFormat::Auto;
    }
    if (lower == "csv") {
        return LabelFileFormat::Csv;
    }
    if (lower == "labelstudio") {
        return LabelFileFormat::LabelStudio;
    }
    if (lower == "jsonl") {
        return LabelFileFormat::JsonLines;
    }
    throw ConfigError("unknown labels file format \"" + name + "\" (expected auto, csv, labelstudio or jsonl)");
}

LabelFileFormat detectLabelFileFormat(const std::string& path)
{
    return detect(readFileText(path), path);
}

LabelFile readLabelFile(const std::string& path, LabelFileFormat format)
{
    const std::string text = readFileText(path);
    if (format == LabelFileFormat::Auto) {
        format = detect(text, path);
    }
    LabelFile file;
    switch (format) {
    case LabelFileFormat::Auto:
    case LabelFileFormat::Csv:
        file.format = "csv";
        file.rows = readOurCsv(text, path);
        break;
    case LabelFileFormat::LabelStudio:
        if (firstSignificant(text) == '[') {
            file.rows = readLabelStudioJson(text, path, file.format);
        } else {
            file.format = "labelstudio-csv";
            file.rows = readLabelStudioCsv(parseCsvRows(text, path), path);
        }
        break;
    case LabelFileFormat::JsonLines:
        file.format = "jsonl";
        file.rows = readJsonLines(text);
        if (!file.rows.empty() &&
            std::all_of(file.rows.begin(), file.rows.end(), [](const LabelRow& row) { return !row.problem.empty(); })) {
            throw DataError("cannot import \"" + path + "\": no line is a labels record (" + kExpected + ")");
        }
        break;
    }
    // One rule for every format: a usable row names its label. Found by fuzz_label_file (issue 14) in the
    // CSV and JSON Lines readers, which recorded "" as a class.
    for (LabelRow& row : file.rows) {
        if (row.problem.empty() && !row.skipped && row.label.empty())
            row.problem = "an empty \"label\"";
    }
    return file;
}

}  // namespace lada
