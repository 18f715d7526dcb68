// SPDX-License-Identifier: MIT
#pragma once

#include "core/config/experiment_config.h"
#include "core/loop/round_report.h"

#include <cstdint>
#include <limits>
#include <string>

namespace lada {

/** Where a round's accuracy comes from. */
enum class AccuracySource { None, TestSplit, HeldOut };

/**
 * One finished round of a labeling session: the engine's report plus what the session measured around
 * it (the accuracy and its source, the labeled / skipped / held-out / pool counts as the person sees them).
 */
struct RoundOutcome {
    RoundReport report;
    double accuracy = std::numeric_limits<double>::quiet_NaN();  ///< [0, 1]; NaN when nothing measures it
    AccuracySource accuracySource = AccuracySource::None;
    int64_t labeled = 0;  ///< images in the training set X_L
    int64_t skipped = 0;  ///< skipped by the oracle (held-out answers not counted)
    int64_t heldOut = 0;  ///< answers or images kept out of training to measure the accuracy
    int64_t pool = 0;     ///< images left in the pool X_U
};

/**
 * The one-line account of a finished round that lada-cli prints and the workbench logs: "round 2: 40
 * labeled, accuracy 61.60 % (test split), loss 0.042, acquisition 1.77 s, training 0.20 s".
 */
std::string roundSummary(const RoundOutcome& outcome);

/**
 * One history.jsonl record: roundToJson(report), a "session" object with the outcome's fields and,
 * when given, the settings the round ran with ("config", configToJson).
 */
std::string roundRecordJson(const RoundOutcome& outcome, const ExperimentConfig* config = nullptr);

/**
 * Reads a history.jsonl record: this version's, the workbench's before it ("workbench" object), or
 * lada-cli's (the round record alone: its test accuracy is taken as the round's accuracy). The report's
 * proposal keeps what the plots need: the queries' tau* and virtual scores, tau* of every pair (or its
 * quantiles), the mixing layer and the mean virtual score; pool rows are kept too. Throws DataError for
 * a record that is not a JSON object with an integer "round".
 */
RoundOutcome roundRecordFromJson(const std::string& record);

}  // namespace lada
