// SPDX-License-Identifier: MIT
#include "core/session/label_journal.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

namespace lada {

namespace {

using nlohmann::ordered_json;  // "seq" first, then path, label, round, time: easy to read

/** The integer at `key`, or std::nullopt when missing or not an integer. */
std::optional<int64_t> integerAt(const ordered_json& doc, const char* key)
{
    const auto it = doc.find(key);
    if (it == doc.end() || !it->is_number_integer()) {
        return std::nullopt;
    }
    return it->get<int64_t>();
}

std::string stringAt(const ordered_json& doc, const char* key)
{
    const auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string encodeJournalRecord(const JournalRecord& record)
{
    ordered_json line = {{"seq", record.seq}};
    switch (record.kind) {
    case JournalRecord::Kind::Label:
        line["path"] = record.path;
        line["label"] = record.label;
        line["round"] = record.round;
        break;
    case JournalRecord::Kind::Skip:
        line["path"] = record.path;
        line["skipped"] = true;
        line["round"] = record.round;
        break;
    case JournalRecord::Kind::Retract:
        line["retract"] = record.retracts;
        line["path"] = record.path;
        break;
    }
    line["time"] = record.time;
    try {
        return line.dump();  // compact: one line, and any '\n' inside a string is escaped
    } catch (const ordered_json::type_error&) {
        throw DataError("cannot record the answer for \"" + record.path + "\": the path or label is not UTF-8 text");
    }
}

std::optional<JournalRecord> decodeJournalRecord(const std::string& line, std::string& problem)
{
    ordered_json doc;
    try {
        doc = ordered_json::parse(line);
    } catch (const ordered_json::exception&) {  // parse_error, or out_of_range for a number past double ("1e999")
        problem = "not JSON";
        return std::nullopt;
    }
    if (!doc.is_object()) {
        problem = "not a JSON object";
        return std::nullopt;
    }
    JournalRecord record;
    const auto seq = integerAt(doc, "seq");
    if (!seq) {
        problem = "no integer \"seq\"";
        return std::nullopt;
    }
    record.seq = *seq;
    record.path = stringAt(doc, "path");
    record.time = stringAt(doc, "time");

    if (const auto retracts = integerAt(doc, "retract")) {
        record.kind = JournalRecord::Kind::Retract;
        record.retracts = *retracts;
        return record;
    }
    if (record.path.empty()) {
        problem = "no \"path\"";
        return std::nullopt;
    }
    const auto round = integerAt(doc, "round");
    if (!round) {
        problem = "no integer \"round\"";
        return std::nullopt;
    }
    record.round = static_cast<int>(*round);
    const auto skipped = doc.find("skipped");
    if (skipped != doc.end() && skipped->is_boolean() && skipped->get<bool>()) {
        record.kind = JournalRecord::Kind::Skip;
        return record;
    }
    const auto label = doc.find("label");
    if (label == doc.end() || !label->is_string()) {
        problem = "neither a string \"label\" nor \"skipped\": true";
        return std::nullopt;
    }
    record.kind = JournalRecord::Kind::Label;
    record.label = label->get<std::string>();
    return record;
}

}  // namespace lada
