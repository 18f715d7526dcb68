// SPDX-License-Identifier: MIT
#include "core/session/exporter.h"

#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/session/jsonl_labels.h"
#include "core/session/label_studio.h"
#include "core/session/session.h"
#include "core/session/staged_target.h"
#include "core/util/csv.h"
#include "core/util/durable_io.h"
#include "core/util/record_path.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace lada {

namespace fs = std::filesystem;

namespace {

/** The current answers an export writes, and the ones it has to leave out. */
struct ExportSet {
    std::vector<Answer> labeled;
    std::vector<Answer> skipped;
    std::vector<std::string> warnings;
};

ExportSet collect(const Session& session)
{
    ExportSet set;
    for (auto& answer : session.currentAnswers()) {
        if (answer.skipped) {
            set.skipped.push_back(std::move(answer));
        } else if (answer.classIndex >= 0) {
            set.labeled.push_back(std::move(answer));
        } else {
            set.warnings.push_back("\"" + answer.path + "\": label \"" + answer.label +
                                   "\" is not in the class list; left out of the export");
        }
    }
    return set;
}

/** True when `inner` is `outer` or lies inside it (both absolute and normal). */
bool isWithin(const fs::path& inner, const fs::path& outer)
{
    const fs::path rel = inner.lexically_relative(outer);
    return !rel.empty() && *rel.begin() != "..";
}

fs::path resolved(const std::string& path)
{
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
    return ec ? fs::absolute(path).lexically_normal() : p;
}

/** Refuses a target that would replace the dataset or the session, or add files to the dataset. */
void checkTarget(const Session& session, const std::string& out)
{
    const fs::path target = resolved(out);
    const fs::path root = resolved(session.info().datasetRoot);
    const fs::path sessionDir = resolved(session.dir());
    if (isWithin(root, target) || isWithin(sessionDir, target)) {
        throw Error("refusing to export to \"" + target.string() + "\": it is or holds the " +
                    (isWithin(root, target) ? "dataset folder" : "session folder"));
    }
    if (isWithin(target, root)) {
        throw Error("refusing to export to \"" + target.string() + "\": it is inside the dataset folder \"" +
                    root.string() + "\", and exports never modify the dataset");
    }
}

void finishStream(std::ofstream& stream, const StagedTarget& staged)
{
    stream.close();
    if (!stream) {
        throw Error("cannot write \"" + staged.target() + "\": " + systemErrorText(errno));
    }
}

/** A folder name for class `name`: '/' and NUL become '_', and "." / ".." / "" get a '_' prefix. */
std::string folderNameFor(const std::string& name)
{
    std::string folder = name;
    std::replace_if(
        folder.begin(), folder.end(), [](char c) { return c == '/' || c == '\0'; }, '_');
    if (folder.empty() || folder == "." || folder == "..") {
        folder = "_" + folder;
    }
    return folder;
}

/** `file` if unused in `used`, else `stem_1.ext`, `stem_2.ext`, ...; records the name in `used`. */
std::string freeName(const fs::path& file, std::set<std::string>& used)
{
    std::string name = file.filename().string();
    for (int k = 1; used.count(name) != 0; ++k) {
        name = file.stem().string() + "_" + std::to_string(k) + file.extension().string();
    }
    used.insert(name);
    return name;
}

// The report of a committed export of `set`.
/** Writes `text` to `out` through a staged sibling, renamed into place when complete; returns the target's path. */
std::string writeTextFile(const std::string& out, const std::string& text, bool force)
{
    StagedTarget staged(out, StagedTarget::Kind::File, force);
    std::ofstream stream(staged.tempPath(), std::ios::binary | std::ios::trunc);
    stream << text;
    finishStream(stream, staged);
    staged.commit();
    return staged.target();
}

ExportReport reportFor(const std::string& target, ExportSet set)
{
    ExportReport report;
    report.target = target;
    report.labeled = static_cast<int64_t>(set.labeled.size());
    report.skipped = static_cast<int64_t>(set.skipped.size());
    report.warnings = std::move(set.warnings);
    return report;
}

}  // namespace

ExportFormat parseExportFormat(const std::string& name)
{
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "csv") {
        return ExportFormat::Csv;
    }
    if (lower == "imagefolder") {
        return ExportFormat::ImageFolder;
    }
    if (lower == "json") {
        return ExportFormat::Json;
    }
    if (lower == "labelstudio") {
        return ExportFormat::LabelStudio;
    }
    if (lower == "jsonl") {
        return ExportFormat::JsonLines;
    }
    throw ConfigError("unknown export format \"" + name + "\" (expected csv, imagefolder, json, labelstudio or jsonl)");
}

std::string ExportReport::summary() const
{
    std::string text = "exported " + std::to_string(labeled) +
                       (labeled == 1 ? " labeled image (" : " labeled images (") + std::to_string(skipped) +
                       " skipped) to " + target;
    if (linked > 0) {
        text += "; " + std::to_string(linked) + " hard-linked";
    }
    if (renamed > 0) {
        text += "; " + std::to_string(renamed) + " renamed to avoid a name clash";
    }
    return text;
}

ExportReport exportLabels(const Session& session, ExportFormat format, const std::string& out,
                          const ExportOptions& options)
{
    switch (format) {
    case ExportFormat::Csv: return exportCsv(session, out, options);
    case ExportFormat::ImageFolder: return exportImageFolder(session, out, options);
    case ExportFormat::Json: return exportJson(session, out, options);
    case ExportFormat::LabelStudio: return exportLabelStudio(session, out, options);
    case ExportFormat::JsonLines: return exportJsonLines(session, out, options);
    }
    throw ConfigError("unknown export format");
}

ExportReport exportCsv(const Session& session, const std::string& out, const ExportOptions& options)
{
    checkTarget(session, out);
    ExportSet set = collect(session);
    StagedTarget staged(out, StagedTarget::Kind::File, options.force);
    // Paths from the CSV's folder (see exporter.h); both sides resolved, so that a link in either path
    // does not produce a relative path that leads elsewhere.
    const fs::path csvFolder = resolved(staged.target()).parent_path();
    const fs::path fromCsv = resolved(session.info().datasetRoot).lexically_relative(csvFolder);
    std::ofstream stream(staged.tempPath(), std::ios::binary | std::ios::trunc);
    writeCsvRow(stream, {"filepath", "label"});
    for (const auto& answer : set.labeled) {
        writeCsvRow(stream, {(fromCsv / answer.path).lexically_normal().generic_string(), answer.label});
    }
    finishStream(stream, staged);
    staged.commit();

    return reportFor(staged.target(), std::move(set));
}

ExportReport exportImageFolder(const Session& session, const std::string& out, const ExportOptions& options)
{
    checkTarget(session, out);
    if (session.datasetRootMissing()) {
        throw DataError("cannot export images: the dataset folder \"" + session.info().datasetRoot +
                        "\" is missing (relocate the session first)");
    }
    ExportSet set = collect(session);
    const fs::path root(session.info().datasetRoot);
    // Check every source before writing anything, so that a missing image costs no half-done copy.
    std::error_code ec;
    for (const auto& answer : set.labeled) {
        if (fs::is_regular_file(root / answer.path, ec)) {
            continue;
        }
        const std::optional<RecordPath> record = parseRecordPath(answer.path);
        if (record && fs::is_regular_file(root / record->file, ec)) {
            throw DataError("cannot export \"" + answer.path + "\" as an image file: it is a record inside \"" +
                            record->file + "\" (an idx or CIFAR binary file); export CSV or JSON instead");
        }
        throw DataError("cannot export images: \"" + (root / answer.path).string() +
                        "\" is missing from the dataset folder");
    }

    const auto& classNames = session.info().classNames;
    std::vector<std::string> folders;
    std::set<std::string> usedFolders;
    for (const auto& name : classNames) {
        folders.push_back(freeName(folderNameFor(name), usedFolders));
    }

    StagedTarget staged(out, StagedTarget::Kind::Folder, options.force);
    ExportReport report;
    std::map<std::string, std::set<std::string>> usedFiles;  // class folder -> file names in it
    bool warnedCopy = false;
    for (const auto& answer : set.labeled) {
        const std::string& folder = folders[static_cast<std::size_t>(answer.classIndex)];
        const fs::path classDir = fs::path(staged.tempPath()) / folder;
        if (usedFiles.count(folder) == 0) {
            fs::create_directory(classDir, ec);
            if (ec) {
                throw Error("cannot create \"" + classDir.string() + "\": " + ec.message());
            }
        }
        const fs::path source = root / answer.path;
        const std::string name = freeName(source.filename(), usedFiles[folder]);
        report.renamed += name != source.filename().string() ? 1 : 0;
        const fs::path destination = classDir / name;
        if (options.hardLink) {
            fs::create_hard_link(source, destination, ec);
            if (!ec) {
                ++report.linked;
                continue;
            }
            // Hard links cannot cross file systems (EXDEV) and some file systems refuse them: copy.
            if (!warnedCopy) {
                report.warnings.push_back("cannot hard-link \"" + source.string() + "\" (" + ec.message() +
                                          "); copying instead");
                warnedCopy = true;
            }
        }
        fs::copy_file(source, destination, fs::copy_options::none, ec);
        if (ec) {
            throw Error("cannot copy \"" + source.string() + "\" to \"" + destination.string() + "\": " + ec.message());
        }
    }
    staged.commit();

    report.target = staged.target();
    report.labeled = static_cast<int64_t>(set.labeled.size());
    report.skipped = static_cast<int64_t>(set.skipped.size());
    report.warnings.insert(report.warnings.begin(), set.warnings.begin(), set.warnings.end());
    return report;
}

ExportReport exportJson(const Session& session, const std::string& out, const ExportOptions& options)
{
    using json = nlohmann::ordered_json;  // keeps keys in the order written, for people reading the file
    checkTarget(session, out);
    ExportSet set = collect(session);
    const SessionInfo& info = session.info();

    json labeled = json::array();
    for (const auto& answer : set.labeled) {
        labeled.push_back({{"path", answer.path},
                           {"label", answer.label},
                           {"classIndex", answer.classIndex},
                           {"round", answer.round},
                           {"time", answer.time}});
    }
    json skipped = json::array();
    for (const auto& answer : set.skipped) {
        skipped.push_back({{"path", answer.path}, {"round", answer.round}, {"time", answer.time}});
    }
    json history = json::array();
    for (const auto& round : session.history()) {
        history.push_back(json::parse(round));
    }
    const json doc = {
        {"format", "lada-labels"},
        {"version", 1},
        {"exported", utcTimestampNow()},
        {"datasetRoot", info.datasetRoot},
        {"trainSource", info.trainSource},
        {"testSource", info.testSource},
        {"classes", info.classNames},
        {"strategy", toString(info.config.strategy.kind)},
        {"config", json::parse(configToJson(info.config))},
        {"created", info.created},
        {"labeled", std::move(labeled)},
        {"skipped", std::move(skipped)},
        {"history", std::move(history)},
    };
    std::string text;
    try {
        text = doc.dump(2) + "\n";
    } catch (const json::type_error& e) {
        throw DataError(std::string("cannot export JSON: a path or label is not UTF-8 text (") + e.what() + ")");
    }

    const std::string target = writeTextFile(out, text, options.force);

    return reportFor(target, std::move(set));
}

ExportReport exportLabelStudio(const Session& session, const std::string& out, const ExportOptions& options)
{
    checkTarget(session, out);
    const std::string configPath = labelStudioConfigPath(out);
    checkTarget(session, configPath);
    ExportSet set = collect(session);
    const std::string root = resolved(session.info().datasetRoot).string();
    const std::string documentRoot = options.documentRoot.empty() ? root : resolved(options.documentRoot).string();
    std::vector<LabelStudioTask> tasks;
    for (const auto& answer : set.labeled) {
        const std::string image =
            options.imagePrefix.empty()
                ? labelStudioLocalFileUrl(
                      (fs::path(root) / answer.path).lexically_relative(documentRoot).generic_string())
                : options.imagePrefix + answer.path;
        tasks.push_back({image, answer.label});
    }
    if (options.imagePrefix.empty()) {
        const fs::path rel = fs::path(root).lexically_relative(documentRoot);
        if (rel.empty() || *rel.begin() == "..") {
            throw ConfigError("the dataset folder \"" + root + "\" is not inside the document root \"" + documentRoot +
                              "\": Label Studio serves local files only from below its document root");
        }
    }
    const std::string text = labelStudioTasksJson(tasks);
    const std::string config = labelStudioConfig(session.info().classNames);

    // Both files staged before either is committed: an existing config without force refuses the export.
    StagedTarget staged(out, StagedTarget::Kind::File, options.force);
    StagedTarget stagedConfig(configPath, StagedTarget::Kind::File, options.force);
    std::ofstream stream(staged.tempPath(), std::ios::binary | std::ios::trunc);
    stream << text;
    finishStream(stream, staged);
    std::ofstream configStream(stagedConfig.tempPath(), std::ios::binary | std::ios::trunc);
    configStream << config;
    finishStream(configStream, stagedConfig);
    stagedConfig.commit();
    staged.commit();
    return reportFor(staged.target(), std::move(set));
}

ExportReport exportJsonLines(const Session& session, const std::string& out, const ExportOptions& options)
{
    checkTarget(session, out);
    ExportSet set = collect(session);
    // Journal order, so that the file reads as the session went; labeled and skipped interleaved.
    std::vector<Answer> answers = set.labeled;
    answers.insert(answers.end(), set.skipped.begin(), set.skipped.end());
    std::sort(answers.begin(), answers.end(), [](const Answer& a, const Answer& b) { return a.seq < b.seq; });
    const std::string text = jsonLinesText(answers);

    const std::string target = writeTextFile(out, text, options.force);
    return reportFor(target, std::move(set));
}

}  // namespace lada
