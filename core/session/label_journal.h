// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lada {

/**
 * One line of a session's labels journal (`labels.jsonl`). Every answer the oracle gives appends a
 * Label or Skip record; undo appends a Retract record naming the answer it takes back. Lines are
 * never rewritten, so the journal is the history of every answer.
 *
 *     {"seq":7,"path":"3/17.png","label":"3","round":2,"time":"2024-05-01T12:34:56.789Z"}
 *     {"seq":8,"path":"5/2.png","skipped":true,"round":2,"time":"..."}
 *     {"seq":9,"retract":8,"path":"5/2.png","time":"..."}
 */
struct JournalRecord {
    enum class Kind { Label, Skip, Retract };

    Kind kind = Kind::Label;
    int64_t seq = 0;        ///< increases by one per record in the journal
    int64_t retracts = -1;  ///< Retract: the seq of the answer taken back
    std::string path;       ///< image path relative to the dataset root, '/' separators
    std::string label;      ///< Label: the class name as answered (checked against the class list on replay)
    int round = 0;          ///< acquisition round; -1 for imported labels (Label, Skip)
    std::string time;       ///< ISO 8601 UTC with milliseconds
};

/** The single JSON line (no '\n') for `record`. Throws lada::DataError when a path is not UTF-8. */
std::string encodeJournalRecord(const JournalRecord& record);

/**
 * The record on one journal line, or std::nullopt with `problem` set when the line is not JSON or not
 * a journal record.
 */
std::optional<JournalRecord> decodeJournalRecord(const std::string& line, std::string& problem);

}  // namespace lada
