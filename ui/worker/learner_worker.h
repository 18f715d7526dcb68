// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <random>
#include <vector>

namespace lada {
class ActiveLearner;
struct Progress;
}

namespace lada::ui {

struct OpenedData;

/**
 * Owns the engine (splits, model, pool, labeled set, strategy) on its own thread. The window reaches it
 * only through queued signals into its slots and receives plain value types back. A round goes:
 * proposalsReady -> submitAnswer for every image (by a person or the simulated oracle) -> training ->
 * roundFinished -> the next proposalsReady -> embeddingReady. Every slot catches std::exception and
 * emits failed(); a cancelled phase emits cancelled() and can be run again with resume().
 */
class LearnerWorker : public QObject {
    Q_OBJECT
public:
    explicit LearnerWorker(QObject* parent = nullptr);
    ~LearnerWorker() override;

    /** Asks the running phase to stop at its next batch. Thread-safe: call it from the GUI thread. */
    void requestCancel() { m_cancel.store(true); }

public Q_SLOTS:
    /** Loads (or reads from the cache) the splits of `request`; emits datasetOpened. */
    void openDataset(const lada::ui::OpenRequest& request);
    /** Starts a session on the opened splits: the initial set's cards, answered at once when labels are known. */
    void startSession(const lada::ui::SessionSettings& settings);
    /** The oracle's answer for a shown image: a class index, or -1 to skip it (it leaves the pool). */
    void submitAnswer(qint64 row, int label);
    /** Takes back the person's most recent answer (any number of times, back to the session's start). */
    void undoLastAnswer();
    /** Lets the ground truth answer each round after `delayMs`; stops after round `stopAfterRound` (< 0: never). */
    void setSimulatedOracle(bool enabled, int delayMs, int stopAfterRound);
    /** Runs again the phase a cancel interrupted (training, proposing or t-SNE). */
    void resume();
    /** Mixes query `query`'s pair at `lambda`; emits virtualInspected. */
    void inspectVirtual(int query, double lambda);

Q_SIGNALS:
    void datasetOpened(const lada::ui::DatasetSummary& summary);
    void sessionStarted(const QString& description);
    void proposalsReady(const lada::ui::RoundProposal& proposal);
    void answerRecorded(qint64 row, int label);
    void answerUndone(qint64 row);
    void countsChanged(const lada::ui::PoolCounts& counts);
    void roundFinished(const lada::ui::RoundMetrics& metrics);
    void embeddingReady(const lada::ui::EmbeddingView& view);
    void virtualInspected(const lada::ui::VirtualInspection& inspection);
    /** At most every ~100 ms per phase, plus each phase's start and end. */
    void progressChanged(const QString& phase, qint64 done, qint64 total);
    void busyChanged(bool busy);
    void logMessage(const QString& text);
    void cancelled(const QString& phase);
    void failed(const QString& message);

private:
    enum class Step { None, Train, Propose, Embed };

    /** Runs `step` with progress, cancel and error handling; queues the next step on success. */
    void runStep(Step step);
    void trainRound();
    void proposeNext();
    void computeEmbedding();
    void answerBySimulation();
    void scheduleSimulation();
    void emitCounts();
    bool roundComplete() const;
    Progress makeProgress();
    double heldOutAccuracy();

    std::atomic<bool> m_cancel{false};
    std::unique_ptr<OpenedData> m_data;  ///< the opened splits (torch-free header: defined in dataset_opener.h)
    std::unique_ptr<ActiveLearner> m_learner;
    SessionSettings m_settings;
    std::mt19937_64 m_rng;
    int m_threads = -1;
    bool m_heldOutFromSplit = false;

    // The cards on screen: their rows and which have been answered.
    int m_cardsRound = -1;
    std::vector<int64_t> m_cardRows;
    std::vector<std::pair<int64_t, int64_t>> m_cardPairs;  ///< per query: rows of a pair, or (-1, -1)
    int m_mixLayer = -1;
    std::vector<int64_t> m_personAnswers;  ///< rows the person answered, oldest first, for undo
    std::vector<int64_t> m_heldOutRows;    ///< answers kept out of training to measure accuracy
    std::vector<int64_t> m_heldOutLabels;

    bool m_busy = false;
    Step m_interrupted = Step::None;
    bool m_simulated = false;
    int m_simulationDelayMs = 0;
    int m_stopAfterRound = -1;
    bool m_simulationScheduled = false;
};

} // namespace lada::ui
