// SPDX-License-Identifier: MIT
#pragma once

#include "core/loop/data_sources.h"
#include "ui/worker/worker_types.h"

namespace lada::ui {

/** The core DataSources of a window's OpenRequest (paths and class names as UTF-8). */
DataSources toSources(const OpenRequest& request);

/** The window's OpenRequest for core DataSources (a reopened session's splits). */
OpenRequest openRequestFor(const DataSources& sources);

/** A new session folder under the application's data folder, named by the time and the strategy. */
std::string newSessionFolder(StrategyKind strategy);

/** "Opened DIR: 60000 images, 10 classes in 1.20 s", for the log. */
QString describe(const DatasetSummary& summary);

/** DatasetSummary of loaded splits, for the window. */
DatasetSummary summarize(const OpenRequest& request, const Splits& data);

}  // namespace lada::ui
