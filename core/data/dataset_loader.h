// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/load_options.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace lada {

/**
 * Loads one split from `source`, choosing the reader from what it is:
 * - a folder of class sub-folders (ImageFolder: `root/<class>/<image>`; PNG, JPEG, BMP, TIFF, WebP),
 *   or a flat folder of images when `allowUnlabeled`;
 * - a `.csv` manifest with the header `filepath,label` (paths relative to the CSV's folder);
 * - an MNIST idx image file (`*-images-idx3-ubyte`, optionally `.gz`; labels from the sibling
 *   `*-labels-idx1-ubyte[.gz]`);
 * - a CIFAR-10/100 binary file (`*.bin`; 3073 or 3074 bytes per record), or a folder holding them;
 * - a dataset cache file (`*.ladacache`, written by saveDatasetCache).
 * Unreadable images, and entries of a folder that cannot be listed, are skipped and listed in
 * `report.skipped`. With `options.cacheFile`, a cache that matches the source (its path, the size and
 * time of every file it reads, the shape and class options) is read instead of decoding; any other
 * cache is replaced, and a cache that cannot be used or written is a warning in `report.warnings`,
 * never an error. Runs on the calling thread, which also receives `options.progress`; decoding uses
 * `options.threads` std::thread workers. `root` is absolute.
 * Throws DataError (naming the file and the reason) for: a missing or unreadable source (a folder that
 * cannot be listed, a link loop), no readable image, a CSV with unknown columns, a label outside the
 * class list, a path that leaves the root, a truncated idx / CIFAR file, a bad idx magic, a damaged
 * cache given as the source, image files in a build without OpenCV; ConfigError for invalid options;
 * Cancelled when `*options.cancel` becomes true.
 */
Dataset loadDataset(const std::string& source, const LoadOptions& options = {});

}  // namespace lada
