// SPDX-License-Identifier: MIT
#include "core/session/session.h"

#include "core/error.h"
#include "core/util/durable_io.h"
#include "core/util/excerpt.h"
#include "core/util/record_path.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <utility>

namespace lada {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSessionFile = "session.json";
constexpr const char* kJournalFile = "labels.jsonl";
constexpr const char* kHistoryFile = "history.jsonl";
constexpr const char* kCheckpointFile = "model.pt";
constexpr std::size_t kQuotedChars = 60;  // how much of a bad line a warning quotes

void validateClassNames(const std::vector<std::string>& names)
{
    if (names.empty()) {
        throw ConfigError("a session needs at least one class name");
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty()) {
            throw ConfigError("class " + std::to_string(i) + " has an empty name");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (names[i] == names[j]) {
                throw ConfigError("class \"" + names[i] + "\" is listed twice");
            }
        }
    }
}

/** `path` relative to `root` when it lies inside it, else std::nullopt. Both absolute and normal. */
std::optional<fs::path> insideRoot(const fs::path& path, const fs::path& root)
{
    const fs::path rel = path.lexically_relative(root);
    if (rel.empty() || rel == "." || *rel.begin() == "..") {
        return std::nullopt;
    }
    return rel;
}

fs::path normalRoot(const std::string& root)
{
    // Dropping a trailing '/' keeps lexically_relative from seeing an empty last component.
    fs::path p = fs::absolute(root).lexically_normal();
    if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) {
        p = p.parent_path();
    }
    return p;
}

}  // namespace

Session Session::create(const std::string& dir, SessionInfo info)
{
    validateClassNames(info.classNames);
    if (info.datasetRoot.empty()) {
        throw ConfigError("a session needs the dataset folder");
    }
    const fs::path folder = normalRoot(dir);
    std::error_code ec;
    if (fs::exists(folder, ec)) {
        if (!fs::is_directory(folder, ec)) {
            throw ConfigError("cannot create a session in \"" + folder.string() + "\": it is a file, not a folder");
        }
        if (!fs::is_empty(folder, ec)) {
            throw ConfigError("cannot create a session in \"" + folder.string() +
                              "\": the folder is not empty (choose an empty or new folder)");
        }
    } else {
        fs::create_directories(folder, ec);
        if (ec) {
            throw Error("cannot create the session folder \"" + folder.string() + "\": " + ec.message());
        }
        syncDirectory(folder.parent_path().string());
    }
    info.datasetRoot = normalRoot(info.datasetRoot).string();
    if (info.created.empty()) {
        info.created = utcTimestampNow();
    }

    Session session;
    session.m_dir = folder.string();
    session.m_info = std::move(info);
    // session.json first: a crash right after it leaves a folder that opens (with no answers yet).
    writeFileAtomically(session.sessionFilePath(), sessionInfoToJson(session.m_info));
    session.m_journal = AppendOnlyFile::open(session.journalPath(), true);
    session.m_historyFile = AppendOnlyFile::open(session.historyPath(), false);
    return session;
}

Session Session::open(const std::string& dir, Mode mode)
{
    const fs::path folder = normalRoot(dir);
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        throw DataError("cannot open session \"" + folder.string() + "\": no such folder");
    }
    Session session;
    session.m_dir = folder.string();
    session.m_mode = mode;
    const std::string infoPath = session.sessionFilePath();
    if (!fs::exists(infoPath, ec)) {
        throw DataError("\"" + folder.string() + "\" is not a LADA session: it has no " + kSessionFile);
    }
    // Everything that can refuse the session happens before anything is written.
    session.m_info = sessionInfoFromJson(readFileText(infoPath), infoPath);

    if (!fs::exists(session.journalPath(), ec)) {
        session.m_warnings.push_back(std::string(kJournalFile) + " is missing: the session has no answers");
    }
    if (mode == Mode::ReadWrite) {
        // A folder on a read-only medium, or without write permission, still opens: for reading.
        const bool journalExists = fs::exists(session.journalPath(), ec);
        if (::access(folder.c_str(), W_OK) != 0 ||
            (journalExists && ::access(session.journalPath().c_str(), W_OK) != 0)) {
            session.m_readOnlyReason = systemErrorText(errno);
            session.m_mode = Mode::ReadOnly;
            session.m_warnings.push_back("the session folder cannot be written (" + session.m_readOnlyReason +
                                         "): it is open for reading only; answers cannot be recorded");
        }
    }
    if (session.m_mode == Mode::ReadWrite) {
        session.m_journal = AppendOnlyFile::open(session.journalPath(), true);
        session.m_historyFile = AppendOnlyFile::open(session.historyPath(), false);
    }
    session.replayJournal();
    session.replayHistory();
    if (session.datasetRootMissing()) {
        session.m_warnings.push_back("the dataset folder \"" + session.m_info.datasetRoot +
                                     "\" does not exist: relocate the session if the dataset was moved");
    }
    return session;
}

void Session::dropTornTail(const LineScan& scan, AppendOnlyFile& file, const std::string& name)
{
    m_warnings.push_back(name + ": dropped a torn last line (" + std::to_string(scan.tail.size()) +
                         " bytes from a write cut short by a crash): " + excerpt(scan.tail, kQuotedChars));
    if (m_mode == Mode::ReadWrite) {
        // Keep the fragment for inspection, then cut it off so the next answer starts on a fresh line.
        AppendOnlyFile::open(file.path() + ".torn", false).append({scan.tail});
        file.truncate(scan.completeBytes);
    }
}

void Session::replayJournal()
{
    const LineScan scan = scanLines(journalPath());
    std::string problem;
    for (const auto& line : scan.lines) {
        if (line.text.empty()) {
            continue;
        }
        if (const auto record = decodeJournalRecord(line.text, problem)) {
            apply(*record, line.number);
        } else {
            m_warnings.push_back(std::string(kJournalFile) + " line " + std::to_string(line.number) + " is " +
                                 "not a journal record (" + problem +
                                 "); it is left in the file and ignored: " + excerpt(line.text, kQuotedChars));
        }
    }
    if (scan.tail.empty()) {
        return;
    }
    const int64_t tailLine = static_cast<int64_t>(scan.lines.size()) + 1;
    if (const auto record = decodeJournalRecord(scan.tail, problem)) {
        // The whole record reached the disk and only its '\n' did not: keep it and finish the line.
        apply(*record, tailLine);
        if (m_mode == Mode::ReadWrite) {
            m_journal.terminateLastLine();
        }
    } else {
        dropTornTail(scan, m_journal, kJournalFile);
    }
}

void Session::replayHistory()
{
    const LineScan scan = scanLines(historyPath());
    auto isObject = [](const std::string& text) {
        const auto doc = nlohmann::ordered_json::parse(text, nullptr, false);
        return !doc.is_discarded() && doc.is_object();
    };
    for (const auto& line : scan.lines) {
        if (line.text.empty()) {
            continue;
        }
        if (isObject(line.text)) {
            m_history.push_back(line.text);
        } else {
            m_warnings.push_back(std::string(kHistoryFile) + " line " + std::to_string(line.number) +
                                 " is not a JSON object; ignored: " + excerpt(line.text, kQuotedChars));
        }
    }
    if (scan.tail.empty()) {
        return;
    }
    if (isObject(scan.tail)) {
        m_history.push_back(scan.tail);
        if (m_mode == Mode::ReadWrite) {
            m_historyFile.terminateLastLine();
        }
    } else {
        dropTornTail(scan, m_historyFile, kHistoryFile);
    }
}

void Session::apply(const JournalRecord& record, int64_t line)
{
    const std::string where = std::string(kJournalFile) + (line > 0 ? " line " + std::to_string(line) : "");
    if (m_indexOfSeq.count(record.seq) != 0) {
        m_warnings.push_back(where + " repeats seq " + std::to_string(record.seq) +
                             "; an undo of that seq applies to this later answer");
    }
    m_nextSeq = std::max(m_nextSeq, record.seq + 1);

    if (record.kind == JournalRecord::Kind::Retract) {
        const auto it = m_indexOfSeq.find(record.retracts);
        if (it == m_indexOfSeq.end()) {
            m_warnings.push_back(where + " takes back answer " + std::to_string(record.retracts) +
                                 ", which is not in the journal; ignored");
        } else if (m_answers[it->second].retracted) {
            m_warnings.push_back(where + " takes back answer " + std::to_string(record.retracts) +
                                 " a second time; ignored");
        } else {
            m_answers[it->second].retracted = true;
        }
        return;
    }

    // A journal is a file anyone can edit: a path that leaves the dataset folder ("../../etc/passwd", an
    // absolute path) would make an export copy a file from outside it. Such a record is left in the file
    // and ignored, as relativePath() never writes one.
    const fs::path normal = fs::path(record.path).lexically_normal();
    if (normal.empty() || normal.is_absolute() || normal.has_root_name() || *normal.begin() == ".." ||
        !normal.has_filename()) {
        m_warnings.push_back(where + ": path \"" + excerpt(record.path) +
                             "\" is not a file inside the dataset folder; the answer is left in the file and ignored");
        return;
    }
    Answer answer;
    answer.seq = record.seq;
    answer.path = record.path;
    answer.round = record.round;
    answer.time = record.time;
    if (record.kind == JournalRecord::Kind::Skip) {
        answer.skipped = true;
    } else {
        answer.label = record.label;
        answer.classIndex = m_info.classIndex(record.label);
        if (answer.classIndex < 0) {
            m_warnings.push_back(where + ": label \"" + excerpt(record.label) + "\" of \"" + excerpt(record.path) +
                                 "\" is not in the class list; the answer stays in the journal but is not "
                                 "in the labeled set");
        }
    }
    const std::size_t index = m_answers.size();
    m_answers.push_back(std::move(answer));
    m_indexOfSeq[record.seq] = index;
    m_byPath[record.path].push_back(index);
}

Answer Session::append(JournalRecord record)
{
    requireWritable();
    record.seq = m_nextSeq;
    record.time = utcTimestampNow();
    m_journal.append({encodeJournalRecord(record)});
    // Only now, with the line on the disk, does the answer count.
    apply(record, 0);
    const bool retract = record.kind == JournalRecord::Kind::Retract;
    return m_answers[m_indexOfSeq.at(retract ? record.retracts : record.seq)];
}

Answer Session::recordLabel(const std::string& path, int classIndex, int round)
{
    if (classIndex < 0 || classIndex >= static_cast<int>(m_info.classNames.size())) {
        throw ConfigError("class index " + std::to_string(classIndex) + " is out of range (the session has " +
                          std::to_string(m_info.classNames.size()) + " classes)");
    }
    JournalRecord record;
    record.kind = JournalRecord::Kind::Label;
    record.path = relativePath(path);
    record.label = m_info.classNames[static_cast<std::size_t>(classIndex)];
    record.round = round;
    return append(std::move(record));
}

Answer Session::recordSkip(const std::string& path, int round)
{
    JournalRecord record;
    record.kind = JournalRecord::Kind::Skip;
    record.path = relativePath(path);
    record.round = round;
    return append(std::move(record));
}

std::optional<Answer> Session::undo()
{
    requireWritable();
    for (auto it = m_answers.rbegin(); it != m_answers.rend(); ++it) {
        if (!it->retracted) {
            JournalRecord record;
            record.kind = JournalRecord::Kind::Retract;
            record.retracts = it->seq;
            record.path = it->path;
            return append(std::move(record));
        }
    }
    return std::nullopt;
}

Answer Session::retract(int64_t seq)
{
    requireWritable();
    const auto it = m_indexOfSeq.find(seq);
    if (it == m_indexOfSeq.end() || m_answers[it->second].retracted) {
        throw ConfigError("answer " + std::to_string(seq) + " is not in force in the journal: nothing to take back");
    }
    JournalRecord record;
    record.kind = JournalRecord::Kind::Retract;
    record.retracts = seq;
    record.path = m_answers[it->second].path;
    return append(std::move(record));
}

std::vector<Answer> Session::retractAll(const std::string& path)
{
    requireWritable();
    const std::string rel = relativePath(path);
    std::vector<JournalRecord> records;
    const auto it = m_byPath.find(rel);
    if (it != m_byPath.end()) {
        for (const std::size_t index : it->second) {
            if (m_answers[index].retracted) {
                continue;
            }
            JournalRecord record;
            record.kind = JournalRecord::Kind::Retract;
            record.seq = m_nextSeq + static_cast<int64_t>(records.size());
            record.retracts = m_answers[index].seq;
            record.path = rel;
            record.time = utcTimestampNow();
            records.push_back(std::move(record));
        }
    }
    std::vector<std::string> lines;
    for (const JournalRecord& record : records) {
        lines.push_back(encodeJournalRecord(record));
    }
    if (!lines.empty()) {
        m_journal.append(lines);  // one write: the image loses all its answers, or none
    }
    std::vector<Answer> taken;
    for (const JournalRecord& record : records) {
        apply(record, 0);
        taken.push_back(m_answers[m_indexOfSeq.at(record.retracts)]);
    }
    return taken;
}

std::optional<std::size_t> Session::currentIndex(const std::string& path) const
{
    const auto it = m_byPath.find(path);
    if (it == m_byPath.end()) {
        return std::nullopt;
    }
    for (auto index = it->second.rbegin(); index != it->second.rend(); ++index) {
        if (!m_answers[*index].retracted) {
            return *index;
        }
    }
    return std::nullopt;
}

std::vector<Answer> Session::answers() const
{
    std::vector<Answer> result;
    for (const auto& answer : m_answers) {
        if (!answer.retracted) {
            result.push_back(answer);
        }
    }
    return result;
}

std::vector<Answer> Session::currentAnswers() const
{
    std::vector<Answer> result;
    for (std::size_t i = 0; i < m_answers.size(); ++i) {
        if (!m_answers[i].retracted && currentIndex(m_answers[i].path) == i) {
            result.push_back(m_answers[i]);
        }
    }
    return result;
}

std::map<std::string, int> Session::labels() const
{
    std::map<std::string, int> result;
    for (const auto& answer : currentAnswers()) {
        if (answer.classIndex >= 0) {
            result[answer.path] = answer.classIndex;
        }
    }
    return result;
}

std::set<std::string> Session::skipped() const
{
    std::set<std::string> result;
    for (const auto& answer : currentAnswers()) {
        if (answer.skipped) {
            result.insert(answer.path);
        }
    }
    return result;
}

std::optional<Answer> Session::currentAnswer(const std::string& path) const
{
    const auto index = currentIndex(path);
    if (!index) {
        return std::nullopt;
    }
    return m_answers[*index];
}

bool Session::isAnswered(const std::string& path) const
{
    const auto answer = currentAnswer(path);
    return answer && (answer->skipped || answer->classIndex >= 0);
}

void Session::appendRoundHistory(const std::string& jsonObject)
{
    requireWritable();
    const auto doc = nlohmann::ordered_json::parse(jsonObject, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        throw ConfigError("a round's history record must be a JSON object, got: " + excerpt(jsonObject, kQuotedChars));
    }
    const std::string line = doc.dump();
    m_historyFile.append({line});
    m_history.push_back(line);
}

std::string Session::checkpointPath() const
{
    return (fs::path(m_dir) / kCheckpointFile).string();
}

std::string Session::sessionFilePath() const
{
    return (fs::path(m_dir) / kSessionFile).string();
}

std::string Session::journalPath() const
{
    return (fs::path(m_dir) / kJournalFile).string();
}

std::string Session::historyPath() const
{
    return (fs::path(m_dir) / kHistoryFile).string();
}

bool Session::datasetRootMissing() const
{
    std::error_code ec;
    return !fs::is_directory(m_info.datasetRoot, ec);
}

void Session::relocateDataset(const std::string& newRoot)
{
    requireWritable();
    std::error_code ec;
    if (!fs::is_directory(newRoot, ec)) {
        throw DataError("cannot relocate the dataset to \"" + newRoot + "\": no such folder");
    }
    const fs::path root = normalRoot(newRoot);
    const auto current = currentAnswers();
    if (!current.empty()) {
        std::size_t found = 0;
        for (const auto& answer : current) {
            // idx / CIFAR records are "<file>#<index>": the file is what must be there.
            const std::optional<RecordPath> record = parseRecordPath(answer.path);
            found += fs::exists(root / answer.path, ec) || (record && fs::exists(root / record->file, ec)) ? 1 : 0;
        }
        if (found == 0) {
            throw DataError("cannot relocate the dataset to \"" + root.string() + "\": none of the " +
                            std::to_string(current.size()) + " answered images (such as \"" + current.front().path +
                            "\") is in that folder");
        }
    }
    SessionInfo info = m_info;
    const fs::path oldRoot(m_info.datasetRoot);
    for (std::string* source : {&info.trainSource, &info.testSource}) {
        if (source->empty() || !fs::path(*source).is_absolute()) {
            continue;
        }
        if (const auto rel = insideRoot(fs::path(*source).lexically_normal(), oldRoot)) {
            *source = (root / *rel).string();
        } else if (fs::path(*source).lexically_normal() == oldRoot) {
            *source = root.string();
        } else {
            // A split beside the root (train/ and test/ moved together): the same relative place.
            const fs::path moved =
                (root / fs::path(*source).lexically_normal().lexically_relative(oldRoot)).lexically_normal();
            if (!fs::exists(*source, ec) && fs::exists(moved, ec))
                *source = moved.string();
        }
    }
    info.datasetRoot = root.string();
    writeFileAtomically(sessionFilePath(), sessionInfoToJson(info));
    m_info = std::move(info);
}

std::string Session::relocateMissing(const std::string& newLocation)
{
    // The root first; a test split still missing after that is what the person pointed at.
    if (datasetRootMissing()) {
        relocateDataset(newLocation);
        return "Session " + dir() + " now reads its images from " + newLocation;
    }
    relocateTestSplit(newLocation);
    return "Session " + dir() + " now reads its test split from " + newLocation;
}

void Session::relocateTestSplit(const std::string& newTest)
{
    requireWritable();
    std::error_code ec;
    if (!fs::exists(newTest, ec)) {
        throw DataError("cannot relocate the test split to \"" + newTest + "\": no such file or folder");
    }
    SessionInfo info = m_info;
    info.testSource = fs::absolute(newTest).lexically_normal().string();
    writeFileAtomically(sessionFilePath(), sessionInfoToJson(info));
    m_info = std::move(info);
}

std::string Session::missingDataFolder() const
{
    std::error_code ec;
    for (const std::string* p : {&m_info.datasetRoot, &m_info.trainSource, &m_info.testSource}) {
        if (!p->empty() && !fs::exists(*p, ec)) {
            return *p;
        }
    }
    return {};
}

std::string Session::relativePath(const std::string& path) const
{
    const fs::path p(path);
    if (p.empty()) {
        throw ConfigError("an answer needs an image path");
    }
    fs::path rel;
    if (p.is_absolute()) {
        const auto inside = insideRoot(p.lexically_normal(), fs::path(m_info.datasetRoot));
        if (!inside) {
            throw ConfigError("image \"" + path + "\" is not inside the dataset folder \"" + m_info.datasetRoot + "\"");
        }
        rel = *inside;
    } else {
        rel = p.lexically_normal();
    }
    if (rel.empty() || rel == "." || *rel.begin() == ".." || !rel.has_filename()) {
        throw ConfigError("image path \"" + path + "\" does not name a file inside the dataset folder");
    }
    return rel.generic_string();
}

void Session::requireWritable() const
{
    if (m_mode == Mode::ReadOnly) {
        throw Error(
            "session \"" + m_dir + "\" is open read-only" +
            (m_readOnlyReason.empty() ? std::string() : ": its folder cannot be written (" + m_readOnlyReason + ")"));
    }
}

}  // namespace lada
