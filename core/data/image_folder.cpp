// SPDX-License-Identifier: MIT
#include "core/data/image_folder.h"

#include "core/error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace fs = std::filesystem;

namespace lada {

namespace {

bool isHidden(const fs::path& p)
{
    const std::string name = p.filename().string();
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

/** Non-hidden regular files below `folder` at any depth, as '/'-separated paths relative to it, in byte order. */
std::vector<std::string> filesBelow(const fs::path& folder, const LoadOptions& options)
{
    std::vector<std::string> files;
    try {
        for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied);
             it != fs::recursive_directory_iterator(); ++it) {
            if (isHidden(it->path())) {
                if (it->is_directory()) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (it->is_regular_file()) {
                files.push_back(it->path().lexically_relative(folder).generic_string());
                if (files.size() % 4096 == 0) {
                    throwIfCancelled(options);
                }
            }
        }
    } catch (const fs::filesystem_error& e) {
        throw DataError("cannot list " + quoted(folder) + ": " + e.code().message());
    }
    std::sort(files.begin(), files.end());
    return files;
}

ImageEntry makeEntry(const fs::path& root, const std::string& relativePath, int64_t label)
{
    ImageEntry entry{root / relativePath, relativePath, label, {}};
    if (!hasImageExtension(entry.file)) {
        const std::string ext = entry.file.extension().string();
        entry.rejectReason = ext.empty() ? "unsupported file type (no extension)"
                                         : "unsupported file type (\"" + ext + "\")";
    }
    return entry;
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

} // namespace

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
    try {
        for (const fs::directory_entry& e : fs::directory_iterator(root)) {
            if (isHidden(e.path())) {
                continue;
            }
            if (e.is_directory()) {
                classFolders.push_back(e.path().filename().string());
            } else if (e.is_regular_file()) {
                topFiles.push_back(e.path().filename().string());
            }
        }
    } catch (const fs::filesystem_error& e) {
        throw DataError("cannot list " + quoted(root) + ": " + e.code().message());
    }
    std::sort(classFolders.begin(), classFolders.end());
    std::sort(topFiles.begin(), topFiles.end());

    ImageListing listing;
    listing.root = root.string();
    if (classFolders.empty()) {
        const bool anyImage = std::any_of(topFiles.begin(), topFiles.end(),
                                          [](const std::string& f) { return hasImageExtension(f); });
        if (!anyImage) {
            throw DataError("no image files in " + quoted(root) + " (expected " + root.string() +
                            "/<class>/<image> or a flat folder of images)");
        }
        if (!options.allowUnlabeled) {
            throw DataError(quoted(root) + " holds image files but no class folders: sort them into " +
                            root.string() + "/<class>/ folders or load it as an unlabeled split");
        }
        listing.classNames = options.classNames;
        for (const std::string& f : topFiles) {
            listing.entries.push_back(makeEntry(root, f, -1));
        }
        return listing;
    }

    listing.classNames = options.classNames.empty() ? classFolders : options.classNames;
    for (const std::string& folder : classFolders) {
        const auto found = std::find(listing.classNames.begin(), listing.classNames.end(), folder);
        if (found == listing.classNames.end()) {
            throw DataError("class folder " + quoted(root / folder) + " is not one of the " +
                            std::to_string(listing.classNames.size()) + " given classes (" +
                            joined(listing.classNames) + ")");
        }
        const int64_t label = found - listing.classNames.begin();
        for (const std::string& f : filesBelow(root / folder, options)) {
            listing.entries.push_back(makeEntry(root, folder + "/" + f, label));
        }
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

} // namespace lada
