// SPDX-License-Identifier: MIT
#include "core/data/image_folder.h"

#include "core/error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <system_error>

namespace fs = std::filesystem;

namespace lada {

namespace {

bool isHidden(const std::string& name)
{
    return !name.empty() && name.front() == '.';
}

std::string lowerExtension(const fs::path& p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

void throwIfCancelled(const LoadOptions& options)
{
    if (options.cancel != nullptr && options.cancel->load()) {
        throw Cancelled();
    }
}

std::string quoted(const fs::path& p)
{
    return "\"" + p.string() + "\"";
}

/**
 * Length of the well-formed UTF-8 sequence that starts at `s[i]` (no overlong forms, surrogates or code
 * points past U+10FFFF), 0 when none does.
 */
std::size_t utf8SequenceLength(std::string_view s, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t n = 0;
    unsigned char low = 0x80;  // the range the second byte may take
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + n > s.size() || byte(i + 1) < low || byte(i + 1) > high) {
        return 0;
    }
    for (std::size_t k = 2; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0;
        }
    }
    return n;
}

bool isUtf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8SequenceLength(s, i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

/** `s` with each byte that is not part of well-formed UTF-8 written as "\xFF": a name the report can show. */
std::string printable(std::string_view s)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8SequenceLength(s, i);
        if (n == 0) {
            const auto c = static_cast<unsigned char>(s[i]);
            out += {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
            i += 1;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

enum class EntryType { File, Folder, Unreadable };

/**
 * What a listed entry is, through links; a link to a folder counts as a folder only when
 * `followFolderLinks`. Never throws: `reason` says why an entry is Unreadable (a link loop, a broken
 * link, a link to a folder that is not followed, a FIFO or a device).
 */
EntryType classify(const fs::directory_entry& entry, bool followFolderLinks, std::string& reason)
{
    std::error_code ec;
    fs::file_status status = entry.symlink_status(ec);
    if (ec) {
        reason = "cannot read its type: " + ec.message();
        return EntryType::Unreadable;
    }
    if (fs::is_symlink(status)) {
        status = entry.status(ec);
        if (status.type() == fs::file_type::not_found) {
            const fs::path target = fs::read_symlink(entry.path(), ec);
            reason = ec ? std::string("broken link") : "broken link to \"" + printable(target.string()) + "\"";
            return EntryType::Unreadable;
        }
        if (ec) {
            reason = "cannot follow the link: " + ec.message();  // "Too many levels of symbolic links"
            return EntryType::Unreadable;
        }
        if (fs::is_directory(status) && !followFolderLinks) {
            // One that points at its own parent would list the tree again and again.
            reason = "link to a folder (not followed)";
            return EntryType::Unreadable;
        }
    }
    if (fs::is_directory(status)) {
        return EntryType::Folder;
    }
    if (fs::is_regular_file(status)) {
        return EntryType::File;
    }
    reason = "not a regular file";
    return EntryType::Unreadable;
}

// Dataset::paths and class names are written to session and cache JSON, which holds UTF-8 text only
// (nlohmann refuses other bytes when it writes), so an entry whose name is not UTF-8 is skipped.
std::string badNameReason(EntryType type)
{
    return type == EntryType::Folder ? "folder name is not valid UTF-8 (not listed)" : "file name is not valid UTF-8";
}

/** An entry the decoder skips for `reason`; its relative path is made printable for the report. */
ImageEntry rejected(const fs::path& file, const std::string& relativePath, int64_t label, std::string reason)
{
    return ImageEntry{file, printable(relativePath), label, std::move(reason)};
}

ImageEntry makeEntry(const fs::path& root, const std::string& relativePath, int64_t label)
{
    ImageEntry entry{root / relativePath, relativePath, label, {}};
    if (!hasImageExtension(entry.file)) {
        const std::string ext = entry.file.extension().string();
        entry.rejectReason =
            ext.empty() ? "unsupported file type (no extension)" : "unsupported file type (\"" + ext + "\")";
    }
    return entry;
}

bool byRelativePath(const ImageEntry& a, const ImageEntry& b)
{
    return a.relativePath < b.relativePath;
}

/**
 * Appends the non-hidden regular files below `root / folder` (`folder` '/'-separated, relative to
 * `root`) at any depth to `out` with `label`. An entry that cannot be listed (a folder that cannot be
 * opened, a link loop, a broken link, a link to a folder, a name that is not UTF-8) is appended with its
 * reject reason instead, so that it costs that entry only. Hidden entries (".name") are ignored.
 * Recurses by hand: recursive_directory_iterator cannot go on once an increment has failed.
 */
void listFilesBelow(const fs::path& root, const std::string& folder, int64_t label, const LoadOptions& options,
                    std::vector<ImageEntry>& out)
{
    std::error_code ec;
    fs::directory_iterator it(root / folder, ec);
    if (ec) {
        out.push_back(rejected(root / folder, folder, label, "cannot list this folder: " + ec.message()));
        return;
    }
    // A failed increment(ec) leaves `it` at the end; what was listed before it stays listed.
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (isHidden(name)) {
            continue;
        }
        const std::string relative = folder + "/" + name;
        std::string reason;
        const EntryType type = classify(*it, false, reason);
        if (type == EntryType::Unreadable) {
            out.push_back(rejected(it->path(), relative, label, reason));
        } else if (!isUtf8(name)) {
            out.push_back(rejected(it->path(), relative, label, badNameReason(type)));
        } else if (type == EntryType::Folder) {
            listFilesBelow(root, relative, label, options, out);
        } else {
            out.push_back(makeEntry(root, relative, label));
            if (out.size() % 4096 == 0) {
                throwIfCancelled(options);
            }
        }
    }
    if (ec) {
        out.push_back(rejected(root / folder, folder, label, "cannot list the rest of this folder: " + ec.message()));
    }
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

}  // namespace

bool hasImageExtension(const fs::path& file)
{
    static constexpr std::array<std::string_view, 13> kExtensions = {
        ".png", ".jpg", ".jpeg", ".jpe", ".bmp", ".dib", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm", ".pnm"};
    const std::string ext = lowerExtension(file);
    return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

ImageListing listImageFolder(const fs::path& root, const LoadOptions& options)
{
    std::vector<std::string> classFolders;
    std::vector<std::string> topFiles;
    std::vector<ImageEntry> unreadable;    // top-level entries skipped in either layout
    std::vector<ImageEntry> badNameFiles;  // top-level files named in other bytes than UTF-8: skipped when flat
    std::error_code ec;
    fs::directory_iterator it(root, ec);
    // Only the root is fatal: without its listing there is neither a class list nor a file.
    if (ec) {
        throw DataError("cannot list " + quoted(root) + ": " + ec.message());
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (isHidden(name)) {
            continue;
        }
        std::string reason;
        const EntryType type = classify(*it, true, reason);  // a linked class folder is a class
        if (type == EntryType::Unreadable) {
            unreadable.push_back(rejected(it->path(), name, -1, reason));
        } else if (!isUtf8(name)) {
            (type == EntryType::Folder ? unreadable : badNameFiles)
                .push_back(rejected(it->path(), name, -1, badNameReason(type)));
        } else if (type == EntryType::Folder) {
            classFolders.push_back(name);
        } else {
            topFiles.push_back(name);
        }
    }
    if (ec) {
        throw DataError("cannot list " + quoted(root) + ": " + ec.message());
    }
    std::sort(classFolders.begin(), classFolders.end());
    std::sort(topFiles.begin(), topFiles.end());
    std::sort(unreadable.begin(), unreadable.end(), byRelativePath);

    ImageListing listing;
    listing.root = root.string();
    if (classFolders.empty()) {
        const bool anyImage =
            std::any_of(topFiles.begin(), topFiles.end(), [](const std::string& f) { return hasImageExtension(f); });
        if (!anyImage) {
            throw DataError("no image files in " + quoted(root) + " (expected " + root.string() +
                            "/<class>/<image> or a flat folder of images)");
        }
        if (!options.allowUnlabeled) {
            throw DataError(quoted(root) + " holds image files but no class folders: sort them into " + root.string() +
                            "/<class>/ folders or load it as an unlabeled split");
        }
        listing.classNames = options.classNames;
        for (const std::string& f : topFiles) {
            listing.entries.push_back(makeEntry(root, f, -1));
        }
        listing.entries.insert(listing.entries.end(), unreadable.begin(), unreadable.end());
        listing.entries.insert(listing.entries.end(), badNameFiles.begin(), badNameFiles.end());
        std::sort(listing.entries.begin(), listing.entries.end(), byRelativePath);
        return listing;
    }

    // Top-level files other than class folders are ignored in this layout; unreadable entries, which may
    // be class folders, come first in the report.
    listing.entries = std::move(unreadable);
    listing.classNames = options.classNames.empty() ? classFolders : options.classNames;
    for (const std::string& folder : classFolders) {
        const auto found = std::find(listing.classNames.begin(), listing.classNames.end(), folder);
        if (found == listing.classNames.end()) {
            throw DataError("class folder " + quoted(root / folder) + " is not one of the " +
                            std::to_string(listing.classNames.size()) + " given classes (" +
                            joined(listing.classNames) + ")");
        }
        const int64_t label = found - listing.classNames.begin();
        std::vector<ImageEntry> files;
        listFilesBelow(root, folder, label, options, files);
        std::sort(files.begin(), files.end(), byRelativePath);
        listing.entries.insert(listing.entries.end(), files.begin(), files.end());
        throwIfCancelled(options);
    }
    const bool anyImage = std::any_of(listing.entries.begin(), listing.entries.end(),
                                      [](const ImageEntry& e) { return e.rejectReason.empty(); });
    if (!anyImage) {
        throw DataError("no image files in the class folders of " + quoted(root) + " (" +
                        std::to_string(listing.entries.size()) + " other files)");
    }
    return listing;
}

}  // namespace lada
