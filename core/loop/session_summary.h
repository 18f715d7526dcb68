// SPDX-License-Identifier: MIT
#pragma once

#include "core/loop/round_record.h"
#include "core/session/session.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace lada {

/** What the oracle did in one round, as the labels journal tells it. */
struct RoundActivity {
    int round = 0;        ///< acquisition round; kImportRound for imported labels
    int64_t labeled = 0;  ///< answers with a label, not taken back
    int64_t skipped = 0;  ///< skips not taken back
    int64_t undone = 0;   ///< answers of this round taken back by undo
};

/** What a pair strategy measured in one round (LADA: tau* and the virtual instances, Eq. 10-13). */
struct RoundPairs {
    int round = 0;
    int mixLayer = -1;                                                     ///< mixing layer k (0 = the input)
    int64_t pairs = 0;                                                     ///< candidate pairs with a tau*
    double tauMedian = std::numeric_limits<double>::quiet_NaN();           ///< median tau* over the candidates
    double queriedTauMean = std::numeric_limits<double>::quiet_NaN();      ///< mean tau* of the queried pairs
    double meanVirtualEntropy = std::numeric_limits<double>::quiet_NaN();  ///< bits, over all candidates
};

/**
 * A session folder summed up for a report: the settings as text, the labels per class, the history's
 * rounds and the journal's activity per round. Built from a Session's data only; nothing is trained or
 * loaded (model.pt is not read).
 */
struct SessionSummary {
    std::string name;  ///< the session folder's name
    std::string datasetRoot, trainSource, testSource, strategy, created;
    std::vector<std::string> classNames;
    std::vector<std::pair<std::string, std::string>> settings;  ///< setting key -> value, sorted by key
    std::vector<int64_t> labelsPerClass;                        ///< current labels per class index (Session::labels())
    int64_t labeledImages = 0;                                  ///< sum of labelsPerClass
    int64_t skippedImages = 0;                                  ///< images whose current answer is a skip
    std::vector<RoundOutcome> rounds;      ///< history.jsonl, oldest first (unreadable records left out)
    std::vector<RoundPairs> pairRounds;    ///< the history's rounds that measured tau* or virtual instances
    std::vector<RoundActivity> activity;   ///< per journal round, ascending (kImportRound first)
    int lastRound = -1;                    ///< latest round with a current answer; -1 when none
    std::vector<Answer> lastRoundAnswers;  ///< current answers of lastRound, in journal order
    bool hasTau = false;                   ///< some round measured tau* of candidate pairs (LADA strategies)
    bool hasVirtualEntropy = false;        ///< some round measured the virtual instances' mean entropy
    std::vector<std::string> warnings;     ///< the session's own warnings and history records left out
};

/**
 * Sums up `session` (any mode). A history record that cannot be read is left out with a warning naming
 * history.jsonl and its line; nothing is thrown for the session's contents. Any thread; not thread-safe
 * on the same Session.
 */
SessionSummary summarizeSession(const Session& session);

}  // namespace lada
