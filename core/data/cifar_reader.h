// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/dataset_loader.h"

#include <filesystem>
#include <vector>

namespace lada {

/** True for a folder that holds CIFAR `*.bin` files and no sub-folders. */
bool isCifarFolder(const std::filesystem::path& folder);

/**
 * The CIFAR binary files `source` stands for, sorted: the file itself, or from a folder the
 * training batches ("data_batch_*.bin" for CIFAR-10, "train.bin" for CIFAR-100) when present, else
 * every "*.bin" file. Pass "test_batch.bin" / "test.bin" to load a test split.
 */
std::vector<std::filesystem::path> cifarFiles(const std::filesystem::path& source);

/**
 * Reads CIFAR-10 (records of 1 label byte + 3072 pixel bytes) or CIFAR-100 (coarse and fine label
 * bytes + 3072; the fine label is used) binary files into uint8 [N, 3, 32, 32] (RGB planes as stored)
 * and int64 labels; paths are "<file name>#<record>". Class names are `options.classNames`, else
 * batches.meta.txt / fine_label_names.txt next to the files, else the CIFAR-10 names or "0".."99".
 * Throws DataError naming the file for a size that is not a whole number of records (bytes expected
 * and found), an empty file, files of both kinds, or a label outside the classes.
 */
Dataset readCifarDataset(const std::vector<std::filesystem::path>& files, const LoadOptions& options);

}  // namespace lada
