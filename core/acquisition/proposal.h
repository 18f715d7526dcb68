// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace lada {

/** Why ALFA-Mix queried an image (ALGORITHMS.md 1.2, Eq. 5-6); NaN / -1 for an image of the fill. */
struct AlfaMixQuery {
    bool candidate = false;        ///< in the candidate set I (Eq. 6); false: filled up (too few candidates)
    std::vector<int> flipClasses;  ///< anchors whose mix flips the prediction at `epsilon`
    int predictionBefore = -1;     ///< argmax f_c(z^u)
    int predictionAfter = -1;      ///< argmax f_c(z~) for the first of flipClasses
    double alphaNorm = std::numeric_limits<double>::quiet_NaN();  ///< ||alpha*||_2 (Eq. 5) for that anchor
    double epsilon = std::numeric_limits<double>::quiet_NaN();    ///< the grid cap at which it first flipped
};

/** One query for the oracle: a single image (uncertainty strategies) or a LADA pair. */
struct Query {
    std::vector<int64_t> indices;     ///< dataset rows of the pool images: 1 or 2
    std::vector<double> imageScores;  ///< acquisition score per image (bits for entropy, BALD)
    double score = 0.0;               ///< ranking score; for a pair Eq. 13
    double tau = 0.0;                 ///< tau* of the pair (0 for single images)
    double virtualEntropy = std::numeric_limits<double>::quiet_NaN();  ///< mean score of its virtual instances
    std::optional<AlfaMixQuery> alfaMix;                               ///< set by ALFA-Mix only
};

/** Two pool images whose mix at the round's layer joins the virtual training set (Eq. 14). */
struct VirtualPair {
    int64_t a = -1, b = -1;  ///< dataset rows
    double tau = 0.0;        ///< Beta(tau, tau) for lambda
};

/** What a strategy measured while proposing; the JSON record and the workbench plots read it. */
struct AcquisitionDiagnostics {
    int mixLayer = -1;                   ///< k drawn this round (-1: no mixing)
    std::vector<float> tauAll;           ///< tau* of every candidate pair
    std::vector<float> virtualScoreAll;  ///< mean virtual-instance score of every candidate pair
    double meanVirtualScore = std::numeric_limits<double>::quiet_NaN();  ///< over all pairs
    std::vector<double> policyLoss;                                      ///< L_pi per policy epoch (Eq. 12)
    int bestPolicyEpoch = -1;
    int64_t candidates = 0;          ///< pool images scored
    double featureSeconds = 0.0;     ///< h^k extraction (Eq. 8)
    double policySeconds = 0.0;      ///< policy training (Eq. 10-12)
    double scoringSeconds = 0.0;     ///< acquisition scores (incl. Eq. 13's virtual term)
    double selectionSeconds = 0.0;   ///< ranking and top-b selection
    int64_t alfaMixCandidates = -1;  ///< |I| of ALFA-Mix (Eq. 6) at the last grid cap tried; -1 for other strategies
    double alfaMixEpsilon = std::numeric_limits<double>::quiet_NaN();  ///< that last cap
    std::vector<int64_t> candidateSet;  ///< ALFA-Mix: dataset rows of the candidate set I (Eq. 6), for the map
};

/** A round's proposal: the queries in ranking order, the virtual pairs to train on, diagnostics. */
struct Proposal {
    int round = 0;
    bool pairs = false;  ///< queries are LADA pairs
    std::vector<Query> queries;
    std::vector<VirtualPair> virtualPairs;
    AcquisitionDiagnostics diagnostics;

    /** All queried dataset rows, in query order. */
    std::vector<int64_t> queriedIndices() const
    {
        std::vector<int64_t> out;
        for (const Query& q : queries)
            out.insert(out.end(), q.indices.begin(), q.indices.end());
        return out;
    }
};

}  // namespace lada
