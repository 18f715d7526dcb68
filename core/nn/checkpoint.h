// SPDX-License-Identifier: MIT
#pragma once

#include "core/nn/classifier.h"

#include <string>

namespace lada {

/**
 * Writes the model's parameters and buffers to `path` (LibTorch archive) through a temporary name and a
 * rename, so a crash mid-write leaves the previous checkpoint. Throws Error naming the file on failure.
 */
void saveCheckpoint(ClassifierImpl& model, const std::string& path);

/**
 * Loads a checkpoint written by saveCheckpoint into `model` (same architecture and class count). Throws
 * DataError naming the file when it is missing, corrupt or of another architecture; `model` may then
 * hold partly loaded weights, so retrain it.
 */
void loadCheckpoint(ClassifierImpl& model, const std::string& path);

}  // namespace lada
