// SPDX-License-Identifier: MIT
#include "core/session/jsonl_labels.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

namespace lada {

using nlohmann::ordered_json;

std::string jsonLinesText(const std::vector<Answer>& answers)
{
    std::string text;
    try {
        for (const auto& answer : answers) {
            const ordered_json record = {
                {"path", answer.path},
                {"label", answer.skipped ? ordered_json(nullptr) : ordered_json(answer.label)},
                {"class_index", answer.skipped ? ordered_json(nullptr) : ordered_json(answer.classIndex)},
                {"round", answer.round},
                {"time", answer.time},
                {"skipped", answer.skipped}};
            text += record.dump() + "\n";
        }
    } catch (const ordered_json::type_error& e) {
        throw DataError(std::string("cannot export JSON Lines: a path or label is not UTF-8 text (") + e.what() + ")");
    }
    return text;
}

std::vector<LabelRow> readJsonLines(const std::string& text)
{
    std::vector<LabelRow> rows;
    int64_t number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.find_first_not_of(" \t") == std::string::npos) {
            continue;
        }
        LabelRow row;
        row.row = number;
        row.where = "line " + std::to_string(number);
        const ordered_json record = ordered_json::parse(line, nullptr, false);
        if (record.is_discarded() || !record.is_object()) {
            row.problem = "not a JSON object";
        } else if (!record.contains("path") || !record["path"].is_string() ||
                   record["path"].get<std::string>().empty()) {
            row.problem = "no \"path\"";
        } else {
            row.image = record["path"].get<std::string>();
            row.skipped = record.contains("skipped") && record["skipped"].is_boolean() && record["skipped"].get<bool>();
            if (!row.skipped) {
                if (record.contains("label") && record["label"].is_string()) {
                    row.label = record["label"].get<std::string>();
                } else {
                    row.problem = "no \"label\" and not \"skipped\"";
                }
            }
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace lada
