// SPDX-License-Identifier: MIT
// Session::importLabelsCsv: labels from a `filepath,label` CSV recorded as answers of round kImportRound.
#include "core/session/session.h"

#include "core/error.h"
#include "core/util/csv.h"
#include "core/util/durable_io.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace lada {

namespace fs = std::filesystem;

namespace {

std::string lowerTrimmed(std::string text)
{
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), notSpace));
    text.erase(std::find_if(text.rbegin(), text.rend(), notSpace).base(), text.end());
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string classList(const std::vector<std::string>& names)
{
    constexpr std::size_t kListed = 10;
    std::string list;
    for (std::size_t i = 0; i < names.size() && i < kListed; ++i) {
        list += (i > 0 ? ", " : "") + names[i];
    }
    return names.size() > kListed ? list + ", ..." : list;
}

}  // namespace

ImportReport Session::importLabelsCsv(const std::string& csvPath)
{
    requireWritable();
    if (datasetRootMissing()) {
        throw DataError("cannot import \"" + csvPath + "\": the dataset folder \"" + m_info.datasetRoot +
                        "\" is missing (relocate the session first)");
    }
    const std::vector<CsvRow> rows = readCsv(csvPath);
    if (rows.empty() || rows.front().size() != 2 || lowerTrimmed(rows.front()[0]) != "filepath" ||
        lowerTrimmed(rows.front()[1]) != "label") {
        throw DataError("cannot import \"" + csvPath + "\": the first row must be the header \"filepath,label\"");
    }
    const fs::path root(m_info.datasetRoot);
    const fs::path csvFolder = fs::absolute(csvPath).parent_path();

    ImportReport report;
    std::vector<JournalRecord> records;
    std::vector<std::string> lines;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        const auto rowNumber = static_cast<int64_t>(r) + 1;
        if (row.size() != 2) {
            report.rejected.push_back({rowNumber, "expected 2 fields, found " + std::to_string(row.size())});
            continue;
        }
        const fs::path given(row[0]);
        if (given.empty()) {
            report.rejected.push_back({rowNumber, "empty file path"});
            continue;
        }
        if (m_info.classIndex(row[1]) < 0) {
            report.rejected.push_back({rowNumber, "label \"" + row[1] + "\" is not a class of this session (" +
                                                      classList(m_info.classNames) + ")"});
            continue;
        }
        // Our own exports hold paths relative to the dataset root; other manifests (such as the MNIST
        // train.csv) hold paths relative to the CSV's folder. Take the first that names a file.
        std::vector<fs::path> candidates;
        if (given.is_absolute()) {
            candidates.push_back(given.lexically_normal());
        } else {
            candidates.push_back((root / given).lexically_normal());
            candidates.push_back((csvFolder / given).lexically_normal());
        }
        std::error_code ec;
        const auto found = std::find_if(candidates.begin(), candidates.end(),
                                        [&](const fs::path& c) { return fs::is_regular_file(c, ec); });
        if (found == candidates.end()) {
            report.rejected.push_back({rowNumber, "image \"" + row[0] + "\" not found in the dataset folder"});
            continue;
        }
        const fs::path rel = found->lexically_relative(root);
        if (rel.empty() || *rel.begin() == "..") {
            report.rejected.push_back(
                {rowNumber, "image \"" + row[0] + "\" is outside the dataset folder \"" + m_info.datasetRoot + "\""});
            continue;
        }
        JournalRecord record;
        record.kind = JournalRecord::Kind::Label;
        record.seq = m_nextSeq + static_cast<int64_t>(records.size());
        record.path = rel.generic_string();
        record.label = row[1];
        record.round = kImportRound;
        record.time = utcTimestampNow();
        lines.push_back(encodeJournalRecord(record));
        records.push_back(std::move(record));
    }
    // One write and one sync for the whole file: tens of thousands of rows would take minutes otherwise.
    m_journal.append(lines);
    for (const auto& record : records) {
        apply(record, 0);
    }
    report.imported = static_cast<int64_t>(records.size());
    return report;
}

}  // namespace lada
