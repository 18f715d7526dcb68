// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/image_listing.h"
#include "core/data/load_options.h"

#include <filesystem>

namespace lada {

/**
 * Lists an ImageFolder tree `root/<class>/<image>` (files below a class folder at any depth belong to
 * it), or, when `options.allowUnlabeled` and `root` has no sub-folders, a flat folder of images with
 * labels -1. Classes are the sorted sub-folder names (or `options.classNames`); files are sorted in
 * byte order of their relative paths. Hidden entries (".name") are ignored; other files without an
 * image extension are listed with a reject reason so that the load report shows them, and so is each
 * entry that cannot be listed: a folder that cannot be opened, a link loop, a broken link, a link to a
 * folder below a class folder (not followed), a name that is not UTF-8 (shown with "\xFF" escapes).
 * Throws DataError naming the folder when `root` itself cannot be listed (with the reason), when it
 * holds no image file, when it holds images but no class folders (and unlabeled loading was not asked
 * for), or when a class folder is not in `options.classNames`; Cancelled when `options.cancel` is set.
 */
ImageListing listImageFolder(const std::filesystem::path& root, const LoadOptions& options);

}  // namespace lada
