// SPDX-License-Identifier: MIT
// Session::importLabels: labels from a labels file (label_file.h) recorded as answers of round
// kImportRound. Image references are found in the dataset in this order, the first file that exists
// inside the dataset folder winning:
//   - a path: absolute; else relative to the dataset root, then relative to the labels file's folder;
//   - a Label Studio local-file URL "/data/local-files/?d=<p>" (p URL-decoded, below a document root
//     we do not know) and any other URL's path: "/"+p, the dataset root + p, then p without its first
//     folder, without its first two... under the dataset root ("dataset/train/3/a.png" -> "train/3/a.png");
//   - a Label Studio upload "/data/upload/<project>/<hash>-<name>": the dataset's one file named <name>
//     (refused when none or several are).
#include "core/session/session.h"

#include "core/error.h"
#include "core/session/label_studio.h"
#include "core/util/durable_io.h"
#include "core/util/excerpt.h"
#include "core/util/record_path.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace lada {

namespace fs = std::filesystem;

namespace {

std::string classList(const std::vector<std::string>& names)
{
    constexpr std::size_t kListed = 10;
    std::string list;
    for (std::size_t i = 0; i < names.size() && i < kListed; ++i) {
        list += (i > 0 ? ", " : "") + excerpt(names[i], 60);
    }
    return names.size() > kListed ? list + ", ..." : list;
}

/** Finds image references of a labels file in the dataset (see the file's comment). */
class ImageResolver {
public:
    ImageResolver(fs::path root, fs::path fileFolder)
        : m_root(std::move(root))
        , m_fileFolder(std::move(fileFolder))
    {
    }

    /** The image's path relative to the dataset root ('/' separators), or "" with `problem` set. */
    std::string resolve(const std::string& text, std::string& problem)
    {
        const ImageReference reference = parseImageReference(text);
        const fs::path given(reference.path);
        std::vector<fs::path> candidates;
        switch (reference.kind) {
        case ImageReference::Kind::Path:
            if (given.is_absolute()) {
                candidates.push_back(given);
            } else {
                candidates.push_back(m_root / given);
                candidates.push_back(m_fileFolder / given);
            }
            break;
        case ImageReference::Kind::LocalFile:
        case ImageReference::Kind::Url: {
            const fs::path relative = given.relative_path();
            candidates.push_back(fs::path("/") / relative);
            for (auto part = relative.begin(); part != relative.end(); ++part) {
                fs::path suffix;
                for (auto rest = part; rest != relative.end(); ++rest) {
                    suffix /= *rest;
                }
                candidates.push_back(m_root / suffix);
            }
            break;
        }
        case ImageReference::Kind::Upload: {
            const std::vector<std::string>& matches = filesNamed(reference.path);
            if (matches.size() != 1) {
                problem = "image \"" + excerpt(text) + "\" (uploaded as \"" + excerpt(reference.path) + "\") " +
                          (matches.empty()
                               ? "not found in the dataset folder"
                               : "matches " + std::to_string(matches.size()) + " files of the dataset folder (\"" +
                                     matches[0] + "\", \"" + matches[1] + "\"...)");
                return {};
            }
            return matches.front();
        }
        }
        bool outside = false;
        for (const fs::path& candidate : candidates) {
            const fs::path normal = candidate.lexically_normal();
            if (!exists(normal)) {
                continue;
            }
            const fs::path rel = normal.lexically_relative(m_root);
            if (!rel.empty() && *rel.begin() != ".." && rel != ".") {
                return rel.generic_string();
            }
            outside = true;
        }
        problem =
            "image \"" + excerpt(text) + "\" " +
            (outside ? "is outside the dataset folder \"" + m_root.string() + "\"" : "not found in the dataset folder");
        return {};
    }

private:
    /** A file, or a record "<file>#<index>" of an idx or CIFAR file that exists. */
    static bool exists(const fs::path& path)
    {
        std::error_code ec;
        if (fs::is_regular_file(path, ec)) {
            return true;
        }
        const std::optional<RecordPath> record = parseRecordPath(path.string());
        return record && fs::is_regular_file(record->file, ec);
    }

    /** The dataset's files named `name`, relative to the root; the folder is listed once, when first asked. */
    const std::vector<std::string>& filesNamed(const std::string& name)
    {
        if (!m_listed) {
            m_listed = true;
            std::error_code ec;
            for (auto it = fs::recursive_directory_iterator(m_root, fs::directory_options::skip_permission_denied, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file(ec)) {
                    m_byName[it->path().filename().string()].push_back(
                        it->path().lexically_relative(m_root).generic_string());
                }
            }
        }
        static const std::vector<std::string> kNone;
        const auto found = m_byName.find(name);
        return found == m_byName.end() ? kNone : found->second;
    }

    fs::path m_root;
    fs::path m_fileFolder;
    bool m_listed = false;
    std::map<std::string, std::vector<std::string>> m_byName;
};

}  // namespace

ImportReport Session::importLabelsCsv(const std::string& csvPath)
{
    return importLabels(csvPath, LabelFileFormat::Auto);
}

ImportReport Session::importLabels(const std::string& path, LabelFileFormat format)
{
    requireWritable();
    if (datasetRootMissing()) {
        throw DataError("cannot import \"" + path + "\": the dataset folder \"" + m_info.datasetRoot +
                        "\" is missing (relocate the session first)");
    }
    const LabelFile file = readLabelFile(path, format);
    ImageResolver resolver(fs::path(m_info.datasetRoot).lexically_normal(), fs::absolute(path).parent_path());

    ImportReport report;
    report.format = file.format;
    std::vector<JournalRecord> records;
    std::vector<std::string> lines;
    for (const LabelRow& row : file.rows) {
        const std::string prefix = row.where.empty() ? "" : row.where + ": ";
        if (!row.problem.empty()) {
            report.rejected.push_back({row.row, prefix + row.problem});
            continue;
        }
        if (!row.skipped && m_info.classIndex(row.label) < 0) {
            report.rejected.push_back({row.row, prefix + "label \"" + excerpt(row.label) +
                                                    "\" is not a class of this session (" +
                                                    classList(m_info.classNames) + ")"});
            continue;
        }
        std::string problem;
        const std::string rel = resolver.resolve(row.image, problem);
        if (rel.empty()) {
            report.rejected.push_back({row.row, prefix + problem});
            continue;
        }
        JournalRecord record;
        record.kind = row.skipped ? JournalRecord::Kind::Skip : JournalRecord::Kind::Label;
        record.seq = m_nextSeq + static_cast<int64_t>(records.size());
        record.path = rel;
        record.label = row.skipped ? std::string() : row.label;
        record.round = kImportRound;
        record.time = utcTimestampNow();
        // Encoded before anything is written: a path that is not UTF-8 throws here, with nothing recorded.
        lines.push_back(encodeJournalRecord(record));
        records.push_back(std::move(record));
    }
    // One write and one sync for the whole file: tens of thousands of rows would take minutes otherwise.
    m_journal.append(lines);
    for (const auto& record : records) {
        apply(record, 0);
        ++(record.kind == JournalRecord::Kind::Skip ? report.skipped : report.imported);
    }
    return report;
}

}  // namespace lada
