// SPDX-License-Identifier: MIT
#pragma once

#include "core/config/experiment_config.h"
#include "core/loop/round_report.h"

#include <string>
#include <vector>

namespace lada {

/** Where a run's data came from, recorded beside its configuration. */
struct RunProvenance {
    std::string trainSource, testSource;
    int64_t trainImages = 0, testImages = 0, trainSkipped = 0, testSkipped = 0;
    std::string device;
    int threads = 0;
};

/**
 * One round as a JSON object text: round, labeled count, accuracy, loss, seconds per stage, the
 * queries (pool rows, scores, tau*, virtual-instance score) and, for mixing strategies, k, tau* of every
 * pair (quantiles when there are more than 200 pairs), policy loss per epoch, mean virtual score.
 */
std::string roundToJson(const RoundReport& report);

/**
 * Writes the results JSON (configuration (configToJson: one member per setting), provenance, one record per round, summary) to `path` and a
 * CSV of the per-round curve to the same path with extension ".csv". Both are written to a temporary
 * name and renamed into place. Throws Error naming the file when it cannot be written.
 */
void writeResults(const std::string& path, const ExperimentConfig& config, const RunProvenance& provenance,
                  const std::vector<RoundReport>& reports);

/** The accuracy table lada-cli prints: one "round labeled accuracy" line per round, then the curve's summary. */
std::string curveTable(const std::vector<RoundReport>& reports);

/** The CSV path beside a results JSON: "out.json" -> "out.csv". */
std::string curveCsvPath(const std::string& jsonPath);

}  // namespace lada
