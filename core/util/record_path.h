// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lada {

/** An image stored as a record of an idx or CIFAR binary file rather than as a file of its own. */
struct RecordPath {
    std::string file;   ///< the container file, relative to the dataset root
    int64_t index = 0;  ///< the record's index in it, from 0
};

/** The dataset path of record `index` of `file`: "<file>#<index>" (the one place this spelling is made). */
std::string recordPath(const std::string& file, int64_t index);

/**
 * The record a dataset path names, or nullopt for a plain image path. A path is a record when it ends in
 * '#' and decimal digits; a file whose own name has such a tail ("a#1.png") is not, since "png" is not digits.
 */
std::optional<RecordPath> parseRecordPath(const std::string& path);

}  // namespace lada
