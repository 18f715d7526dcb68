// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/image_listing.h"
#include "core/data/load_options.h"

#include <filesystem>

namespace lada {

/**
 * Lists the images a CSV manifest names. The header row is `filepath,label` (in either order, any
 * case; the label column may be left out for an unlabeled split when `options.allowUnlabeled`); paths
 * are relative to the manifest's folder and kept in the manifest's row order. A manifest is the user's
 * own choice of files, so its paths may also leave its folder ("../x.png") or be absolute: the listing is
 * then rooted at the deepest folder holding every image (an exported labels CSV saved away from its
 * dataset reads back with the dataset's own relative paths). Class names are
 * `options.classNames`, else the distinct labels sorted (numerically when all are integers, so "10"
 * follows "9").
 * Throws DataError naming the manifest (and the row) for: unknown columns (named), a missing
 * filepath or label column, a row with the wrong number of fields, an empty path or label, a label
 * outside `options.classNames`, a path naming a folder.
 */
ImageListing listCsvManifest(const std::filesystem::path& csvFile, const LoadOptions& options);

}  // namespace lada
