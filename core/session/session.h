// SPDX-License-Identifier: MIT
#pragma once

#include "core/session/label_file.h"
#include "core/session/label_journal.h"
#include "core/session/session_info.h"
#include "core/util/append_only_file.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace lada {

/** The round number of labels imported from a CSV rather than answered in an acquisition round. */
inline constexpr int kImportRound = -1;

/** One answer of the oracle, as replayed from the labels journal. */
struct Answer {
    int64_t seq = 0;      ///< the journal record's seq
    std::string path;     ///< image path relative to the dataset root, '/' separators
    std::string label;    ///< class name; empty when skipped
    int classIndex = -1;  ///< index in the class list; -1 when skipped or the label is not a class
    bool skipped = false;
    int round = 0;           ///< acquisition round; kImportRound for imported labels
    std::string time;        ///< ISO 8601 UTC with milliseconds
    bool retracted = false;  ///< taken back by undo
};

/** A row of a labels file that importLabels did not record, and why. */
struct RejectedRow {
    int64_t row = 0;  ///< CSV: 1 = the header; JSON: the task's position (1 = first); JSON Lines: the line
    std::string reason;
};

/** What importLabels recorded and what it refused. */
struct ImportReport {
    int64_t imported = 0;  ///< labels recorded
    int64_t skipped = 0;   ///< skips recorded (JSON Lines records with "skipped": true)
    std::string format;    ///< the format read, as LabelFile::format ("csv", "labelstudio-json", "jsonl"...)
    std::vector<RejectedRow> rejected;
};

/**
 * A labeling session: a folder holding `session.json` (dataset, classes, strategy, settings), the
 * append-only labels journal `labels.jsonl`, the per-round history `history.jsonl` and the latest model
 * checkpoint `model.pt`. Every answer is written and flushed to the disk (fdatasync) before
 * recordLabel / recordSkip / undo return, so an answer shown as done survives a crash.
 *
 * Opening replays the journal: a torn last line (a crash in mid-write) is dropped with a warning, a
 * line that is not JSON or names a label outside the class list is reported in warnings() and left
 * in the file, never changed. A writable session holds a lock on its journal: a second writer is
 * refused. Not thread-safe: use one Session from one thread.
 */
class Session {
public:
    enum class Mode { ReadWrite, ReadOnly };

    /**
     * Creates a session in `dir` (created when missing; refused with lada::ConfigError when it is not
     * empty). `info.datasetRoot` is made absolute; `created` is set when empty. Throws lada::ConfigError
     * for an empty or duplicated class list, lada::Error when the folder cannot be written.
     */
    static Session create(const std::string& dir, SessionInfo info);

    /**
     * Opens the session in `dir` and replays its journal. Throws lada::DataError naming the file for a
     * missing folder, a missing or corrupt session.json (nothing on disk is changed then), and lada::Error
     * when another process has it open for writing (ReadWrite only). A missing dataset folder is not an
     * error: see datasetRootMissing(). A folder that cannot be written (a read-only file system or
     * medium, no write permission) opens ReadOnly even when ReadWrite was asked: isReadOnly() is then true,
     * readOnlyReason() says why and warnings() says it once; recording an answer throws with that reason.
     */
    static Session open(const std::string& dir, Mode mode = Mode::ReadWrite);

    Session(Session&&) noexcept = default;
    Session& operator=(Session&&) noexcept = default;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session() = default;

    const std::string& dir() const { return m_dir; }
    const SessionInfo& info() const { return m_info; }
    bool isReadOnly() const { return m_mode == Mode::ReadOnly; }
    /** Why a session asked for ReadWrite opened ReadOnly ("Read-only file system"); empty otherwise. */
    const std::string& readOnlyReason() const { return m_readOnlyReason; }

    /**
     * Records that image `path` has class `classIndex`, in acquisition round `round`; returns once the
     * answer is on the disk. `path` is relative to the dataset root (an absolute path inside the root is
     * made relative). Throws lada::ConfigError for a class index out of range or a path outside the
     * root, lada::Error when the journal cannot be written (the answer is then not recorded).
     */
    Answer recordLabel(const std::string& path, int classIndex, int round);

    /** Records that the oracle skipped image `path` in `round`; as recordLabel otherwise. */
    Answer recordSkip(const std::string& path, int round);

    /**
     * Takes back the latest answer not yet taken back (appends a retraction) and returns it, or
     * std::nullopt when there is none. The image's previous answer, if any, becomes current again.
     */
    std::optional<Answer> undo();

    /**
     * Takes back answer `seq` (appends a retraction naming it) and returns it; the image's previous
     * answer, if any, becomes current again. Throws lada::ConfigError when `seq` is not an answer in
     * force, lada::Error when the journal cannot be written (nothing is taken back then).
     */
    Answer retract(int64_t seq);

    /**
     * Takes back every answer of `path` still in force, in one flushed write, so that the image has no
     * answer at all (it goes back to the pool); returns them, oldest first (empty when there is none).
     * Throws lada::Error when the journal cannot be written (nothing is taken back then).
     */
    std::vector<Answer> retractAll(const std::string& path);

    /** Every answer in journal order, retracted ones included (flagged). */
    const std::vector<Answer>& allAnswers() const { return m_answers; }

    /** The answers not taken back, in journal order (an image answered twice appears twice). */
    std::vector<Answer> answers() const;

    /** The current answer per image (the latest not taken back), in journal order. */
    std::vector<Answer> currentAnswers() const;

    /** The labeled set: image path -> class index, from the current answers with a known class. */
    std::map<std::string, int> labels() const;

    /** The images whose current answer is "skipped". */
    std::set<std::string> skipped() const;

    /** The current answer for `path`, if any (also for a label outside the class list). */
    std::optional<Answer> currentAnswer(const std::string& path) const;

    /**
     * True when `path` is labeled with a known class or skipped: it has left the pool. An image whose
     * current label is not in the class list stays in the pool, so that it can be answered again.
     */
    bool isAnswered(const std::string& path) const;

    /**
     * Appends one round's record (a JSON object as text: round, accuracy, sizes, times...) to
     * history.jsonl, flushed to disk. Throws lada::ConfigError when `jsonObject` is not a JSON object.
     */
    void appendRoundHistory(const std::string& jsonObject);

    /** The per-round records, oldest first, each a compact JSON object. */
    const std::vector<std::string>& history() const { return m_history; }

    /** Where the latest model checkpoint lives (dir/model.pt); written by the training code. */
    std::string checkpointPath() const;

    /** Problems found while opening (torn line, lines that are not records, unknown labels...). */
    const std::vector<std::string>& warnings() const { return m_warnings; }

    /** True when the dataset folder in session.json does not exist (the dataset was moved). */
    bool datasetRootMissing() const;

    /**
     * The first of the dataset root, the training source and the test source that does not exist, or
     * "" when the session finds all its data. A session whose data is missing offers to relocate.
     */
    std::string missingDataFolder() const;

    /**
     * Points the session at the dataset's new location: rewrites session.json atomically (train and
     * test sources under the old root move along; a test split beside the old root moves to the same
     * relative place beside the new one when it is there). Throws lada::DataError when `newRoot` is not a
     * folder, or when the session has labeled images and none of them is found under `newRoot`.
     */
    void relocateDataset(const std::string& newRoot);

    /** Points the session's test split at `newTest` (a folder or file); rewrites session.json atomically. */
    void relocateTestSplit(const std::string& newTest);

    /**
     * Relocates what is missing to `newLocation`, the folder a person pointed at: the dataset root when
     * it is missing (relocateDataset), else the test split. Returns a sentence saying what moved, for the
     * log. Throws as those do.
     */
    std::string relocateMissing(const std::string& newLocation);

    /**
     * Records the labels of a labels file (readLabelFile: a `filepath,label` CSV, a Label Studio JSON,
     * JSON-MIN or CSV export, JSON Lines) as answers of round kImportRound, in one flushed write. Image
     * paths may be relative to the dataset root, relative to the file's folder, absolute inside the root,
     * or Label Studio references (see session_import.cpp); labels must be class names. Rows naming a
     * missing image, an unknown class or a path outside the root are not recorded and come back in
     * `rejected`. Throws lada::DataError for an unreadable file, one in no known format, or a missing
     * dataset folder; nothing is recorded then.
     */
    ImportReport importLabels(const std::string& path, LabelFileFormat format = LabelFileFormat::Auto);

    /** importLabels(path, LabelFileFormat::Auto): any labels file, its format detected from its content. */
    ImportReport importLabelsCsv(const std::string& csvPath);

    /** The paths of session files, for tools and tests. */
    std::string sessionFilePath() const;
    std::string journalPath() const;
    std::string historyPath() const;

private:
    Session() = default;

    void replayJournal();
    void replayHistory();
    void apply(const JournalRecord& record, int64_t line);
    Answer append(JournalRecord record);
    std::optional<std::size_t> currentIndex(const std::string& path) const;
    void dropTornTail(const LineScan& scan, AppendOnlyFile& file, const std::string& name);
    std::string relativePath(const std::string& path) const;
    void requireWritable() const;

    std::string m_dir;
    SessionInfo m_info;
    Mode m_mode = Mode::ReadWrite;
    std::string m_readOnlyReason;
    AppendOnlyFile m_journal;
    AppendOnlyFile m_historyFile;
    std::vector<Answer> m_answers;
    std::unordered_map<int64_t, std::size_t> m_indexOfSeq;               // seq -> index in m_answers
    std::unordered_map<std::string, std::vector<std::size_t>> m_byPath;  // path -> its answers' indices
    std::vector<std::string> m_history;
    std::vector<std::string> m_warnings;
    int64_t m_nextSeq = 1;
};

}  // namespace lada
