// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/thread_hand_off.h"
#include "ui/worker/worker_types.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace lada {
class LabelingSession;
struct AnswerOutcome;
enum class SessionPhase;
struct Progress;
struct Splits;
}  // namespace lada

namespace lada::ui {

class EngineThread;

/**
 * The Qt adapter of core's LabelingSession: slots in, signals out. The worker lives on its own thread,
 * which never runs LibTorch work: training, proposing, t-SNE and opening data run on an EngineThread,
 * so answers, undo, import and export are handled (journaled, flushed) at once even while the engine
 * works. The session's rules (answer order, undo floor, held-out share, replay, history, checkpoint,
 * the pending round on disk) are all in core. Every slot catches std::exception and emits failed();
 * a cancelled phase emits cancelled() and can be run again with resume().
 */
class LearnerWorker : public QObject {
    Q_OBJECT
public:
    explicit LearnerWorker(QObject* parent = nullptr);
    ~LearnerWorker() override;

    /** Asks the running phase to stop at its next batch. Thread-safe: call it from the GUI thread. */
    void requestCancel() { m_cancel.store(true); }

public Q_SLOTS:
    /** Loads (or reads from the cache) the splits of `request` on the engine thread; emits datasetOpened. */
    void openDataset(const lada::ui::OpenRequest& request);
    /**
     * Starts a session on the opened splits in a new session folder (`sessionFolder`; empty = a new
     * folder under the application's data folder): the initial set's cards, answered at once when the
     * labels are known.
     */
    void startSession(const lada::ExperimentConfig& settings, const QString& sessionFolder = QString());
    /**
     * Opens the session folder `folder`: loads its dataset (cached in `cacheFolder`), replays its journal,
     * restores the rounds, the checkpoint, the pending round's cards and its t-SNE map. A dataset folder
     * that is missing emits sessionDatasetMissing.
     */
    void openSession(const QString& folder, const QString& cacheFolder);
    /** Points session `folder` at the dataset's new root folder (training and test), then opens it. */
    void relocateSession(const QString& folder, const QString& newRoot, const QString& cacheFolder);
    /** Records the labels of a `filepath,label` CSV in the open session (journaled first). */
    void importLabels(const QString& csvPath);
    /**
     * Exports the open session's labeled set (a format parseExportFormat accepts) to `target`; emits
     * exportFinished. `imagePrefix`: Label Studio image references as that prefix + the path (empty:
     * local-file URLs relative to the dataset folder).
     */
    void exportSession(const QString& format, const QString& target, bool force,
                       const QString& imagePrefix = QString());
    /** The oracle's answer for a shown image: a class index, or -1 to skip it (it leaves the pool). */
    void submitAnswer(qint64 row, int label);
    /** Takes back the most recent answer (any number of times, back to the undo floor); journaled. */
    void undoLastAnswer();
    /** Lets the ground truth answer each round after `delayMs`; stops after round `stopAfterRound` (< 0: never). */
    void setSimulatedOracle(bool enabled, int delayMs, int stopAfterRound);
    /** Runs again the phase a cancel interrupted (training, proposing or t-SNE). */
    void resume();
    /** Mixes query `query`'s pair at `lambda` (on the engine thread); emits virtualInspected. */
    void inspectVirtual(int query, double lambda);
    /** Lists every answered image (the review view); emits answersListed. */
    void listAnswers();
    /**
     * Changes the answer of answered image `row` (any round) to class `label`, or -1 = skipped:
     * journaled at once (even while the engine trains); emits answerChanged and countsChanged.
     */
    void changeAnswer(qint64 row, int label);
    /** Removes the answer of answered image `row`: journaled, the image goes back to the pool; emits answerRemoved. */
    void removeAnswer(qint64 row);

Q_SIGNALS:
    void datasetOpened(const lada::ui::DatasetSummary& summary);
    void sessionStarted(const QString& description);
    void proposalsReady(const lada::RoundCards& proposal);
    /** `row`'s answer is on the disk (journaled and synced). */
    void answerRecorded(qint64 row, int label);
    void answerUndone(qint64 row);
    /** The answered images, for the review view (listAnswers). */
    void answersListed(const lada::ui::ReviewEntries& entries);
    /** `row`'s answer is now `label` (-1 skipped), journaled: a review change, or undo of a review edit. */
    void answerChanged(qint64 row, int label);
    /** `row`'s answer was removed (journaled): the image is back in the pool. */
    void answerRemoved(qint64 row);
    /** The answer for `row` could not be journaled, so it was not recorded; the image stays in the pool. */
    void answerRejected(qint64 row, const QString& reason);
    /** The session folder in use (absolute); `restored` when it was opened rather than created. */
    void sessionOpened(const QString& folder, bool restored);
    /** The dataset folder of session `folder` does not exist: offer to relocate it (relocateSession). */
    void sessionDatasetMissing(const QString& folder, const QString& datasetRoot);
    /** The settings a reopened session was run with. */
    void settingsRestored(const lada::ExperimentConfig& settings);
    /** A finished round of a reopened session, for the plots (plotData.round > 0 carries tau* data). */
    void roundRestored(const lada::RoundCards& plotData, const lada::RoundOutcome& metrics);
    /** An export finished: what it wrote. */
    void exportFinished(const QString& summary);
    void countsChanged(const lada::ui::PoolCounts& counts);
    void roundFinished(const lada::RoundOutcome& metrics);
    void embeddingReady(const lada::EmbeddingMap& view);
    void virtualInspected(const lada::ui::VirtualInspection& inspection);
    /** At most every ~100 ms per phase, plus each phase's start and end. */
    void progressChanged(const QString& phase, qint64 done, qint64 total);
    void busyChanged(bool busy);
    void logMessage(const QString& text);
    void cancelled(const QString& phase);
    void failed(const QString& message);
    /** The session just opened cannot be written (`reason`): it is shown, but answers are refused. */
    void sessionReadOnly(const QString& reason);

private:
    /**
     * Runs `work` on the engine thread, busy meanwhile; back on the worker's thread `always` runs first,
     * then `done` with the result, or cancelled(what) / failed("what: reason").
     */
    template <class T>
    void onEngine(const QString& what, std::function<T(const Progress&)> work, std::function<void(T&)> done,
                  std::function<void()> always = {});
    /** Runs one phase of the session on the engine (AwaitingAnswers: builds the open round's cards). */
    void runPhase(SessionPhase phase);
    /** Starts whatever the session needs next (train a complete round, propose, cards, t-SNE) when the engine is free. */
    void advance();
    void scheduleSimulation();
    void emitCounts();
    /** Emits answerRecorded for each answer. */
    void emitAnswers(const std::vector<AnswerOutcome>& answers);
    /** Runs `f`; an exception becomes failed(failure with %1 = the reason). */
    void guarded(const QString& failure, const std::function<void()>& f);
    void sessionReady(bool restored);

    std::atomic<bool> m_cancel{false};
    std::unique_ptr<EngineThread> m_engine;
    HandOffQueue* m_handOff = new HandOffQueue(this);  ///< the engine's results reach this thread through it
    std::shared_ptr<Splits> m_splits;                  ///< the opened splits before a session starts
    std::shared_ptr<LabelingSession> m_session;
    OpenRequest m_request;  ///< what the open splits were loaded from
    bool m_busy = false;    ///< a job runs on the engine thread
    bool m_simulated = false;
    int m_simulationDelayMs = 0;
    int m_stopAfterRound = -1;
    bool m_simulationScheduled = false;
};

}  // namespace lada::ui
