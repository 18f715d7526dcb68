// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/util/progress.h"
#include "ui/worker/worker_types.h"

#include <optional>

namespace lada::ui {

/** The splits of an OpenRequest as decoded (or read from the dataset cache). */
struct OpenedData {
    Dataset train;
    std::optional<Dataset> test;
};

/**
 * Loads the training split (unlabeled images allowed when class names are given) and the optional test
 * split with the training split's classes, channels and size. Each split is cached in
 * `request.cacheFolder` under a name derived from its absolute path, so a second open reads one file.
 * Runs on the worker thread; reports phase "loading train" / "loading test"; throws DataError,
 * ConfigError or Cancelled.
 */
OpenedData openData(const OpenRequest& request, const Progress& progress);

/** DatasetSummary of what openData returned, for the window. */
DatasetSummary summarize(const OpenRequest& request, const OpenedData& data);

} // namespace lada::ui
