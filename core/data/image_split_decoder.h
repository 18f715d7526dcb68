// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/dataset_loader.h"
#include "core/data/image_listing.h"

namespace lada {

/**
 * Decodes every image of `listing` into one uint8 [N, C, H, W] tensor, in listing order.
 * C, H and W come from `options` or, where 0, from the most common channel count (gray or colour)
 * and size among the files, read from their headers in a first parallel pass. The second pass decodes
 * on `options.threads` workers, each writing straight into its image's slice; `options.progress`
 * reports that pass from the calling thread. Unreadable files are left out and listed in
 * `report.skipped` with the reason; resized and converted images are counted in the report.
 * Throws DataError naming `listing.root` when no image is readable (or the build has no OpenCV),
 * Cancelled when `options.cancel` is set.
 */
Dataset decodeImageListing(const ImageListing& listing, const LoadOptions& options);

}  // namespace lada
