// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <limits>
#include <vector>

namespace lada::ui {

/** What to open: a training source, an optional labeled test source, class names for unlabeled images. */
struct OpenRequest {
    QString trainSource;     ///< ImageFolder tree, flat folder of images, CSV manifest, idx or cache file
    QString testSource;      ///< empty = no test split (accuracy on a held-out share of the labels)
    QStringList classNames;  ///< required for a folder of unlabeled images; else empty = discover
    QString cacheFolder;     ///< where decoded splits are cached; empty = no cache
};

/** The settings of one session; the settings dialog edits them and QSettings remembers them. */
struct SessionSettings {
    QString strategy = QStringLiteral("lada-entmix");
    QString model = QStringLiteral("cnn");
    int budget = 10;              ///< b, images per round
    int initial = 20;             ///< n0
    int epochs = 50;              ///< classifier epochs after each acquisition
    double gamma = 1.0;           ///< Eq. 13
    int lambdaSamples = 10;       ///< N, Eq. 11
    double fixedTau = -1.0;       ///< < 0: the engine's default for -fixed variants
    int policyEpochs = 10;
    QString policyObjective = QStringLiteral("exact");  ///< "exact" (Eq. 11-12) or "curve" (faster on a CPU)
    int poolSubset = 2000;        ///< candidates per round; 0 = whole pool
    QString device = QStringLiteral("auto");
    int threads = 0;              ///< 0 = all cores
    qulonglong seed = 0;
    int tsnePoolSample = 400;     ///< grey pool points in the t-SNE view; 0 = no t-SNE
    int tsneIterations = 400;
};

/** A split as opened by the worker. */
struct DatasetSummary {
    QString trainSource;
    qint64 trainSize = 0;
    qint64 testSize = 0;          ///< 0 without a test split
    int channels = 0, height = 0, width = 0;
    QStringList classNames;
    bool labelsKnown = false;     ///< every training image has a label: the simulated oracle can run
    bool fromCache = false;
    double seconds = 0.0;
    QString report;               ///< the loader's summary (skipped files, warnings)
};

/** One image of a card: pixels for display and what the current model thinks of it. */
struct QueryImage {
    qint64 row = -1;                  ///< dataset row
    QString path;                     ///< relative to the split's root
    int channels = 1, height = 0, width = 0;
    std::vector<uint8_t> pixels;      ///< uint8 [C, H, W], row-major
    int trueLabel = -1;               ///< ground truth when known (-1 unknown)
    std::vector<int> topClasses;      ///< model's top predictions, best first (empty before round 0 trains)
    std::vector<float> topProbabilities;
    double entropy = std::numeric_limits<double>::quiet_NaN();  ///< H[y|x] in bits from the model
    double score = std::numeric_limits<double>::quiet_NaN();    ///< the strategy's acquisition score
};

/** One card: a single image or a LADA pair with its policy. */
struct QueryView {
    std::vector<QueryImage> images;   ///< 1 or 2
    double score = std::numeric_limits<double>::quiet_NaN();   ///< ranking score (Eq. 13 for pairs)
    double tau = 0.0;                 ///< tau* (pairs)
    double virtualEntropy = std::numeric_limits<double>::quiet_NaN();  ///< mean over its virtual instances
    std::vector<float> lambdas;       ///< lambda ~ Beta(tau*, tau*) samples, N of them, for display
};

/** The proposals of a round (round 0: the initial set) plus what the strategy measured. */
struct RoundProposal {
    int round = 0;
    bool pairs = false;
    QString strategy;
    int mixLayer = -1;
    std::vector<QueryView> queries;
    std::vector<float> tauAll;            ///< tau* of every candidate pair
    std::vector<float> virtualScoreAll;   ///< mean virtual-instance score of every candidate pair
    double meanVirtualScore = std::numeric_limits<double>::quiet_NaN();
    bool simulated = false;               ///< the simulated oracle will answer it
};

/** Where the accuracy of a round comes from. */
enum class AccuracySource { None, TestSplit, HeldOut };

/** Metrics of a finished round. */
struct RoundMetrics {
    int round = 0;
    qint64 labeledCount = 0;
    qint64 skippedCount = 0;
    qint64 poolCount = 0;
    double accuracy = std::numeric_limits<double>::quiet_NaN();  ///< [0, 1]
    AccuracySource accuracySource = AccuracySource::None;
    qint64 heldOutCount = 0;
    double trainLoss = 0.0;
    double scoringSeconds = 0.0, trainingSeconds = 0.0, evaluationSeconds = 0.0;
    qint64 virtualInstances = 0;
};

/** Labeled / skipped / pool counts after an answer or an undo. */
struct PoolCounts {
    qint64 labeled = 0;
    qint64 skipped = 0;
    qint64 heldOut = 0;
    qint64 pool = 0;
    int round = 0;
    int answeredThisRound = 0;
    int queriesThisRound = 0;
    std::vector<qint64> perClass;
};

/** A 2-D t-SNE map of penultimate-layer features. */
struct EmbeddingView {
    int round = 0;                    ///< the model's round
    std::vector<float> x, y;          ///< per point
    std::vector<int> label;           ///< class of labeled points; -1 for pool points
    std::vector<int> role;            ///< 0 pool sample, 1 labeled, 2 queried this round
    struct Pair { int a = -1, b = -1; std::vector<float> lambdas; };
    std::vector<Pair> pairs;          ///< queried pairs (point indices) with their lambda samples
    double seconds = 0.0;
};

/** A virtual instance inspected at one lambda (computed by the worker). */
struct VirtualInspection {
    int round = 0;
    int query = -1;                   ///< index into RoundProposal::queries
    double lambda = 0.5;
    std::vector<float> featureMix;    ///< class distribution of the mixed feature map
    std::vector<float> inputMix;      ///< class distribution of the mixed input
    int channels = 1, height = 0, width = 0;
    std::vector<uint8_t> mixedPixels; ///< uint8 [C, H, W] input-level mix
};

/** Registers every type above with Qt's meta-type system; call once at start-up (main, tests). */
void registerWorkerTypes();

} // namespace lada::ui

Q_DECLARE_METATYPE(lada::ui::OpenRequest)
Q_DECLARE_METATYPE(lada::ui::SessionSettings)
Q_DECLARE_METATYPE(lada::ui::DatasetSummary)
Q_DECLARE_METATYPE(lada::ui::RoundProposal)
Q_DECLARE_METATYPE(lada::ui::RoundMetrics)
Q_DECLARE_METATYPE(lada::ui::PoolCounts)
Q_DECLARE_METATYPE(lada::ui::EmbeddingView)
Q_DECLARE_METATYPE(lada::ui::VirtualInspection)
