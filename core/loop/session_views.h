// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/proposal.h"
#include "core/loop/round_report.h"
#include "core/util/progress.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace lada {

class ActiveLearner;

/**
 * What the workbench shows of the engine, as plain values computed here in core (the window only
 * draws them): the cards of a round with the model's predictions, and the t-SNE map. Every function
 * runs torch work: call it on the thread that owns the learner, never on the GUI thread.
 */

/** A virtual instance of an open card's pair mixed at one lambda (LabelingSession::inspectVirtual). */
struct VirtualInspection {
    int round = 0;
    int query = -1;  ///< index into RoundCards::queries
    double lambda = 0.5;
    std::vector<float> featureMix;  ///< class distribution of the mixed feature map (Eq. 4, block k)
    std::vector<float> inputMix;    ///< class distribution of the mixed input
    int channels = 1, height = 0, width = 0;
    std::vector<uint8_t> mixedPixels;  ///< uint8 [C, H, W] input-level mix; empty when embeddingMix
    /** The pool is held as backbone embeddings: what is mixed is the two photos' embeddings (k = 0) or the
     *  head's hidden layer (k = 1), never pixels, so there is no mixed image to draw. */
    bool embeddingMix = false;
};

/** Longest side, in pixels, of a photo decoded for a card when the pool is held as embeddings. */
inline constexpr int kDisplayLongSide = 448;

/** One image of a card: pixels for display and what the current model thinks of it. */
struct ImageView {
    int64_t row = -1;  ///< dataset row
    std::string path;  ///< relative to the split's root
    /** The original image file (absolute), for a full-resolution view; empty for idx / CIFAR / cache records. */
    std::string file;
    /**
     * What to draw: the training pixels, or for a split held as backbone embeddings the original photo
     * decoded for display (long side at most kDisplayLongSide, aspect ratio kept).
     */
    int channels = 1, height = 0, width = 0;
    std::vector<uint8_t> pixels;  ///< uint8 [C, H, W], row-major
    int trueLabel = -1;           ///< ground truth when known (-1 unknown)
    std::vector<int> topClasses;  ///< model's top predictions, best first (empty before round 0 trains)
    std::vector<float> topProbabilities;
    double entropy = std::numeric_limits<double>::quiet_NaN();  ///< H[y|x] in bits from the model
    double score = std::numeric_limits<double>::quiet_NaN();    ///< the strategy's acquisition score
};

/** One card: a single image or a LADA pair with its policy. */
struct QueryCard {
    std::vector<ImageView> images;                                     ///< 1 or 2
    double score = std::numeric_limits<double>::quiet_NaN();           ///< ranking score (Eq. 13 for pairs)
    double tau = 0.0;                                                  ///< tau* (pairs)
    double virtualEntropy = std::numeric_limits<double>::quiet_NaN();  ///< mean over its virtual instances, bits
    std::vector<float> lambdas;  ///< lambda ~ Beta(tau*, tau*) samples, N of them, for display
    /** Coreset, BADGE: L2 distance of the image's penultimate features to the nearest labeled image's. */
    double nearestLabeledDistance = std::numeric_limits<double>::quiet_NaN();
    std::string reason;  ///< why the strategy chose it, in words (empty when its score says it all)
};

/** The cards of a round (round 0: the initial set) plus what the strategy measured. */
struct RoundCards {
    int round = 0;
    bool pairs = false;
    std::string strategy;
    int mixLayer = -1;
    std::vector<QueryCard> queries;
    std::vector<float> tauAll;           ///< tau* of every candidate pair
    std::vector<float> virtualScoreAll;  ///< mean virtual-instance score of every candidate pair
    double meanVirtualScore = std::numeric_limits<double>::quiet_NaN();
    bool simulated = false;  ///< the simulated oracle will answer it
};

/** A 2-D t-SNE map of penultimate-layer features. */
struct EmbeddingMap {
    int round = 0;            ///< the model's round
    std::vector<float> x, y;  ///< per point
    std::vector<int> label;   ///< class of labeled points; -1 for pool points
    std::vector<int> role;    ///< 0 pool sample, 1 labeled, 2 queried this round, 3 in ALFA-Mix's candidate set
    struct Pair {
        int a = -1, b = -1;
        std::vector<float> lambdas;
    };
    std::vector<Pair> pairs;  ///< queried pairs (point indices) with their lambda samples
    double seconds = 0.0;
};

/**
 * What the plots need of a finished round (a reopened session's history): tau* of its pairs and of
 * every candidate pair, the virtual scores, the mixing layer. Queries hold no images (pairs get two empty ones).
 */
RoundCards roundPlotData(const RoundReport& report);

/** `n` draws of lambda ~ Beta(tau, tau) for display, from a generator seeded with `seed` (never the training one). */
std::vector<float> displayLambdas(double tau, int n, uint64_t seed);

/** The cards of the initial set (round 0): single images, no model yet. */
RoundCards initialCards(const ActiveLearner& learner, const std::vector<int64_t>& rows);

/**
 * The cards of a proposed round with the current model's top-3 predictions and entropy (bits) per
 * image, and `lambdaSamples` draws of lambda ~ Beta(tau*, tau*) per pair (seeded by `seed`).
 */
RoundCards proposalCards(ActiveLearner& learner, const Proposal& proposal, int lambdaSamples, uint64_t seed);

/**
 * A t-SNE map of penultimate-layer features: `poolPoints` random pool rows, up to 1,000 labeled rows,
 * and the rows of `proposal` (stars) with its pairs. Reports "t-SNE"; throws Cancelled.
 */
EmbeddingMap embeddingMap(ActiveLearner& learner, const Proposal* proposal, int poolPoints, int iterations,
                          uint64_t seed, const Progress& progress);

}  // namespace lada
