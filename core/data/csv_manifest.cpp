// SPDX-License-Identifier: MIT
#include "core/data/csv_manifest.h"

#include "core/error.h"
// The project's one RFC 4180 reader (quoted commas, doubled quotes, line breaks, BOM, CRLF).
#include "core/util/csv.h"
#include "core/util/excerpt.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>

namespace fs = std::filesystem;

namespace lada {

namespace {

std::string trimmed(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string lowered(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool isSmallInteger(const std::string& s)
{
    return !s.empty() && s.size() < 18 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

/** Distinct labels in sorted order; numerically when every label is an integer. */
std::vector<std::string> sortedDistinct(std::vector<std::string> labels)
{
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    if (std::all_of(labels.begin(), labels.end(), isSmallInteger)) {
        std::stable_sort(labels.begin(), labels.end(),
                         [](const std::string& a, const std::string& b) { return std::stoll(a) < std::stoll(b); });
    }
    return labels;
}

struct Columns {
    std::size_t count = 0;
    std::size_t filepath = 0;
    std::optional<std::size_t> label;
};

Columns readHeader(const CsvRow& header, const std::string& name)
{
    Columns columns;
    columns.count = header.size();
    std::optional<std::size_t> filepath;
    std::vector<std::string> unknown;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string column = lowered(trimmed(header[i]));
        std::optional<std::size_t>& slot = column == "filepath" ? filepath : columns.label;
        if (column != "filepath" && column != "label") {
            unknown.push_back("\"" + excerpt(header[i], 80) + "\"");
        } else if (slot) {
            throw DataError("manifest \"" + name + "\": column \"" + column + "\" appears twice");
        } else {
            slot = i;
        }
    }
    if (!unknown.empty()) {
        std::string list;
        for (std::size_t u = 0; u < unknown.size() && u < 5; ++u) {
            list += (list.empty() ? "" : ", ") + unknown[u];
        }
        if (unknown.size() > 5) {
            list += " and " + std::to_string(unknown.size() - 5) + " more";
        }
        throw DataError("manifest \"" + name + "\": unknown column" + (unknown.size() > 1 ? "s " : " ") + list +
                        " (expected the header filepath,label)");
    }
    if (!filepath) {
        throw DataError("manifest \"" + name + "\" has no filepath column (expected the header filepath,label)");
    }
    columns.filepath = *filepath;
    return columns;
}

/** The manifest path as a relative, normalised path; throws when it is absolute or leaves the folder. */
/** `text` as written in the manifest: relative to `folder` (normalised), or absolute. Throws for an empty path. */
fs::path manifestPath(const std::string& text, const std::string& where)
{
    if (text.empty()) {
        throw DataError(where + ": empty filepath");
    }
    const fs::path normal = fs::path(text).lexically_normal();
    if (normal.empty() || normal == "." || !normal.has_filename()) {
        throw DataError(where + ": path \"" + excerpt(text) + "\" names a folder, not an image file");
    }
    return normal;
}

/** True when the normalised manifest path `p` stays inside the manifest's folder. */
bool staysInside(const fs::path& p)
{
    return !p.is_absolute() && !p.has_root_name() && !p.has_root_directory() && *p.begin() != "..";
}

/** The deepest folder holding every file of `files` (absolute, normal paths). */
fs::path commonFolder(const std::vector<fs::path>& files)
{
    fs::path common = files.front().parent_path();
    for (const fs::path& f : files) {
        for (;;) {
            const fs::path rel = f.lexically_relative(common);
            if (!rel.empty() && *rel.begin() != "..") {
                break;
            }
            if (common == common.root_path() || common.empty()) {
                break;  // the file system's root holds them all
            }
            common = common.parent_path();
        }
    }
    return common;
}

/**
 * A manifest whose paths leave its folder ("../x.png", absolute paths: an exported labels CSV saved away
 * from its dataset) is rooted at the deepest folder holding all its images instead, so that the split's
 * relative paths (and a session's dataset root) stay those of the images' own folder.
 */
void rootAtCommonFolder(ImageListing& listing, const fs::path& folder)
{
    const bool inside = std::all_of(listing.entries.begin(), listing.entries.end(),
                                    [](const ImageEntry& e) { return staysInside(fs::path(e.relativePath)); });
    if (inside) {
        return;
    }
    const fs::path base = fs::absolute(folder);
    std::vector<fs::path> files;
    files.reserve(listing.entries.size());
    for (const ImageEntry& e : listing.entries) {
        const fs::path p(e.relativePath);
        files.push_back((p.is_absolute() ? p : base / p).lexically_normal());
    }
    const fs::path root = commonFolder(files);
    listing.root = root.string();
    for (std::size_t i = 0; i < files.size(); ++i) {
        listing.entries[i].file = files[i];
        listing.entries[i].relativePath = files[i].lexically_relative(root).generic_string();
    }
}

}  // namespace

ImageListing listCsvManifest(const fs::path& csvFile, const LoadOptions& options)
{
    const std::string name = csvFile.string();
    const std::vector<CsvRow> records = readCsv(name);
    if (records.empty()) {
        throw DataError("manifest \"" + name + "\" is empty (expected the header filepath,label)");
    }
    const Columns columns = readHeader(records.front(), name);
    if (!columns.label && !options.allowUnlabeled) {
        throw DataError("manifest \"" + name + "\" has no label column (expected the header filepath,label)");
    }

    fs::path folder = csvFile.parent_path();
    if (folder.empty()) {
        folder = ".";
    }
    ImageListing listing;
    listing.root = folder.string();
    listing.definingFiles.push_back(csvFile);
    std::vector<std::string> labelTexts;  // per entry; "" = unknown
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRow& record = records[r];
        // Rows count the header as row 1: the line number whenever no field spans lines.
        const std::string where = "manifest \"" + name + "\" row " + std::to_string(r + 1);
        if (record.size() != columns.count) {
            throw DataError(where + ": " + std::to_string(record.size()) + " fields, expected " +
                            std::to_string(columns.count));
        }
        const fs::path relative = manifestPath(record[columns.filepath], where);
        std::string label = columns.label ? trimmed(record[*columns.label]) : std::string();
        if (label.empty() && columns.label && !options.allowUnlabeled) {
            throw DataError(where + ": empty label");
        }
        if (!label.empty() && !options.classNames.empty() &&
            std::find(options.classNames.begin(), options.classNames.end(), label) == options.classNames.end()) {
            throw DataError(where + ": label \"" + excerpt(label) + "\" is not one of the " +
                            std::to_string(options.classNames.size()) + " given classes");
        }
        listing.entries.push_back(ImageEntry{folder / relative, relative.generic_string(), -1, {}});
        labelTexts.push_back(std::move(label));
        if (options.cancel != nullptr && r % 4096 == 0 && options.cancel->load()) {
            throw Cancelled();
        }
    }
    if (listing.entries.empty()) {
        throw DataError("manifest \"" + name + "\" lists no images");
    }
    rootAtCommonFolder(listing, folder);

    if (options.classNames.empty()) {
        std::vector<std::string> known;
        std::copy_if(labelTexts.begin(), labelTexts.end(), std::back_inserter(known),
                     [](const std::string& l) { return !l.empty(); });
        listing.classNames = sortedDistinct(std::move(known));
    } else {
        listing.classNames = options.classNames;
    }
    std::map<std::string, int64_t> index;
    for (std::size_t i = 0; i < listing.classNames.size(); ++i) {
        index.emplace(listing.classNames[i], static_cast<int64_t>(i));
    }
    for (std::size_t i = 0; i < listing.entries.size(); ++i) {
        if (!labelTexts[i].empty()) {
            listing.entries[i].label = index.at(labelTexts[i]);
        }
    }
    return listing;
}

}  // namespace lada
