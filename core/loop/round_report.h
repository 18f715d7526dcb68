// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/proposal.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace lada {

/** One round's outcome: round 0 is the initial training; rounds 1.. add the oracle's answers. */
struct RoundReport {
    int round = 0;
    int64_t labeledCount = 0;
    int64_t skippedCount = 0;
    double testAccuracy = std::numeric_limits<double>::quiet_NaN();  ///< [0, 1]; NaN without a test split
    double trainLoss = 0.0;
    double scoringSeconds = 0.0;  ///< acquisition (features + policy + scores) of this round
    double selectionSeconds = 0.0;
    double trainingSeconds = 0.0;
    double evaluationSeconds = 0.0;
    int64_t virtualInstances = 0;         ///< pairs in this round's virtual set
    Proposal proposal;                    ///< empty for round 0
    std::vector<int64_t> answeredLabels;  ///< per queried row, in proposal order; -1 = skipped
};

/** Summary of a run's accuracy curve. */
struct CurveSummary {
    double finalAccuracy = 0.0;
    double bestAccuracy = 0.0;
    int bestRound = 0;
    /** Area under accuracy vs labeled count, divided by the labeled range: a mean accuracy in [0, 1]. */
    double areaUnderCurve = 0.0;
};

/** Final, best and normalised area under the curve of the reports' test accuracies. */
CurveSummary summarizeCurve(const std::vector<RoundReport>& reports);

}  // namespace lada
