// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace lada {
class ActiveLearner;
class Session;
struct Progress;
}

namespace lada::ui {

struct OpenedData;

/**
 * Owns the engine (splits, model, pool, labeled set, strategy) and the session folder on its own thread.
 * The window reaches it only through queued signals into its slots and receives plain value types back.
 * A round goes: proposalsReady -> submitAnswer for every image (by a person or the simulated oracle) ->
 * training -> roundFinished -> the next proposalsReady -> embeddingReady. Every answer is journaled in
 * the session (flushed and synced) before answerRecorded tells the window it is done; every finished
 * round appends to the session's history and rewrites its model checkpoint. Every slot catches
 * std::exception and emits failed(); a cancelled phase emits cancelled() and can be run again with resume().
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
    /**
     * Starts a session on the opened splits in a new session folder (`sessionFolder`; empty = a new
     * folder under the application's data folder): the initial set's cards, answered at once when the
     * labels are known.
     */
    void startSession(const lada::ui::SessionSettings& settings, const QString& sessionFolder = QString());
    /**
     * Opens the session folder `folder`: loads its dataset (cached in `cacheFolder`), replays its labels
     * journal into the labeled set and the pool, restores the rounds (roundRestored per history record)
     * and the model checkpoint, then proposes the next round. A moved dataset emits sessionDatasetMissing.
     */
    void openSession(const QString& folder, const QString& cacheFolder);
    /** Points session `folder` at the dataset's new root folder, then opens it as openSession does. */
    void relocateSession(const QString& folder, const QString& newRoot, const QString& cacheFolder);
    /**
     * Records the labels of a `filepath,label` CSV in the open session (journaled first, as
     * Session::importLabelsCsv does) and adds those of pool images to the labeled set; logs what was refused.
     */
    void importLabels(const QString& csvPath);
    /** Exports the open session's labeled set ("csv", "imagefolder" or "json") to `target`; emits exportFinished. */
    void exportSession(const QString& format, const QString& target, bool force);
    /** The oracle's answer for a shown image: a class index, or -1 to skip it (it leaves the pool). */
    void submitAnswer(qint64 row, int label);
    /**
     * Takes back the most recent answer (any number of times, back to the session's start: the initial
     * set labeled from known labels stays); journaled as a retraction.
     */
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
    /** The answer for `row` could not be journaled, so it was not recorded; the image stays in the pool. */
    void answerRejected(qint64 row, const QString& reason);
    /** The session folder in use (absolute); `restored` when it was opened rather than created. */
    void sessionOpened(const QString& folder, bool restored);
    /** The dataset folder of session `folder` does not exist: offer to relocate it (relocateSession). */
    void sessionDatasetMissing(const QString& folder, const QString& datasetRoot);
    /** The settings a reopened session was run with. */
    void settingsRestored(const lada::ui::SessionSettings& settings);
    /** A finished round of a reopened session, for the plots (plotData.round > 0 carries tau* data). */
    void roundRestored(const lada::ui::RoundProposal& plotData, const lada::ui::RoundMetrics& metrics);
    /** An export finished: what it wrote. */
    void exportFinished(const QString& summary);
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
    /** Drops the splits, the learner and the session (before another dataset or session opens). */
    void resetEngine();
    /** Training-split row of every image path (relative to the dataset root). */
    std::unordered_map<std::string, int64_t> rowsByPath() const;
    /** Creates m_learner on the opened splits (a held-out split when labels are known but no test split). */
    void buildLearner(const SessionSettings& settings);
    /** Journals an answer (label, or -1 skipped) for `row` in the cards' round; throws when it cannot. */
    void journal(int64_t row, int label);
    /** Returns an answered row to the pool and drops it from the undo order and the held-out labels. */
    void forgetAnswer(int64_t row);
    /** Records an answer in the learner (or in the held-out labels) without journaling it. */
    void applyAnswer(int64_t row, int label);
    /** Shows the initial set's cards; answers the rest from known labels (journaled); trains when complete. */
    void showInitialSet(const std::vector<int64_t>& rows);
    /** Replays the session's journal and history into the fresh learner; proposes or trains next. */
    void restoreFromSession();
    void openSessionFolder(const QString& folder, const QString& cacheFolder, const QString& newRoot);
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
    std::unique_ptr<Session> m_session;    ///< the session folder every answer is journaled in
    OpenRequest m_request;                 ///< what the open splits were loaded from
    std::vector<int64_t> m_answerOrder;    ///< answered rows, oldest first, as in the journal, for undo
    size_t m_undoFloor = 0;                ///< answers undo cannot take back (initial set from known labels)
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
