// SPDX-License-Identifier: MIT
#pragma once

#include "core/config/experiment_config.h"
#include "core/loop/active_learner.h"
#include "core/loop/data_sources.h"
#include "core/loop/results_writer.h"
#include "core/loop/review_entry.h"
#include "core/loop/round_record.h"
#include "core/loop/session_views.h"
#include "core/session/exporter.h"
#include "core/session/session.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace lada {

/** What the labeling session is doing or waiting for (an explicit state, not inferred from flags). */
enum class SessionPhase {
    AwaitingAnswers,  ///< cards are open: the oracle answers them
    Training,         ///< a round's answers are in: the classifier trains (round 0 or completeRound)
    Proposing,        ///< the acquisition function proposes the next round
    Embedding,        ///< the t-SNE map of the new round is computed (the cards are already open)
    Exhausted,        ///< the pool holds fewer images than the budget, or the rounds are done
};
std::string toString(SessionPhase phase);

/** What the session recorded for one answer. */
struct AnswerOutcome {
    int64_t row = -1;
    int label = -1;        ///< class index; -1 skipped
    bool heldOut = false;  ///< kept out of training to measure the accuracy (no test split, no known labels)
    bool applied = false;  ///< in the learner now; false = deferred until the running phase ends
};

/** What a labels CSV import did. */
struct ImportOutcome {
    ImportReport report;                 ///< journaled rows and the rows refused
    std::vector<AnswerOutcome> applied;  ///< answers that changed the labeled set, in file order
};

/** What reopening a session restored. */
struct RestoreSummary {
    std::vector<RoundOutcome> rounds;       ///< history.jsonl, oldest first
    int64_t answers = 0;                    ///< answers replayed into the labeled set and the pool
    int64_t notFound = 0;                   ///< answers naming images not in the dataset (kept in the journal)
    int64_t unknownLabel = 0;               ///< answers whose label is outside the class list (stay in the pool)
    bool modelRestored = false;             ///< model.pt read; false = retrain on the restored labeled set
    bool proposalRestored = false;          ///< the pending round's cards came back from proposal.json
    std::vector<std::string> warnings;      ///< the journal's warnings and skipped history records
    std::optional<EmbeddingMap> embedding;  ///< the last t-SNE map, when it was of the pending round
};

/** What one phase computed (LabelingSession::runPhase), for a front end to show. */
struct PhaseResult {
    SessionPhase phase = SessionPhase::AwaitingAnswers;
    std::optional<RoundOutcome> outcome;  ///< Training: the round's record
    std::string writeError;               ///< Training: the history or checkpoint was not written (labels are safe)
    std::optional<RoundCards> cards;      ///< Proposing, AwaitingAnswers: the open round's cards
    std::optional<EmbeddingMap> map;      ///< Embedding: the open round's t-SNE map
};

/** What a front end marks on what it has just shown (LabelingSession::markShown). */
struct ShownWork {
    std::vector<AnswerOutcome> answered;      ///< shown cards already answered (before a reopen, or known labels)
    std::optional<EmbeddingMap> restoredMap;  ///< a reopened session's last map, which goes with these cards
};

/** One open card's pair, to mix as a virtual instance (LabelingSession::cardPair). */
struct CardPair {
    int round = 0;
    int64_t a = -1, b = -1;  ///< training rows of the anchor and its partner
    int layer = -1;          ///< mixing layer k
};

/**
 * One labeling session: the learner, the session folder and its journal, and every rule of the loop —
 * the order of answers and the undo floor (the initial set labeled from known labels cannot be undone),
 * the held-out share when there is no test split, journal replay on open, CSV import reconciliation,
 * the history record and model checkpoint after each round, the pending round's proposal on disk, and
 * an explicit phase. lada-cli runs it with a simulated oracle on one thread; the workbench's worker
 * drives it from a Qt thread.
 *
 * Threads: the ledger calls (answer, undo, importLabelsCsv, exportLabels, cards, counts) and the phase
 * calls (train, propose, embedding) may run on two different threads, provided a phase call is
 * bracketed by beginPhase / endPhase on the ledger thread. While a phase runs, answers are journaled
 * (flushed, synced) at once and applied to the learner when endPhase is called, so journaling never
 * waits behind training, policy training or t-SNE. Without beginPhase everything runs on one thread.
 */
class LabelingSession {
public:
    /**
     * A new session on loaded splits. When `folder` is non-empty a session folder is created there
     * (session.json, labels.jsonl, history.jsonl, model.pt, proposal.json); otherwise nothing is
     * written. Without a test split, a labeled training split gives 10 % (at most 2,000) of its images
     * as the held-out split; an unlabeled one holds out every 5th answer. Resolves a random seed.
     * Throws ConfigError for an unusable configuration, Error when the folder cannot be written.
     */
    LabelingSession(Splits splits, DataSources sources, ExperimentConfig config, const std::string& folder);

    /**
     * Reopens session `folder` on `splits` (loaded from sessionSources(folder)): replays the journal,
     * restores the rounds, the model checkpoint (or retrains round 0 when it is missing) and the pending
     * proposal. `overrides` (setting-table keys) change how this run runs (rounds, threads, device) over
     * session.json's settings. Throws DataError naming the file when the session cannot be read or its
     * classes differ; ConfigError for a bad override.
     */
    LabelingSession(Splits splits, Session journal, const Progress& progress, RestoreSummary& restored,
                    const std::map<std::string, std::string>& overrides = {});

    ~LabelingSession();
    LabelingSession(const LabelingSession&) = delete;
    LabelingSession& operator=(const LabelingSession&) = delete;

    /**
     * Loads the splits of `journal`'s session (cached in `cacheDir`) and reopens it (the constructor
     * above). Throws DataError naming the missing folder when its data is not where session.json says.
     */
    static std::unique_ptr<LabelingSession> reopen(Session journal, const std::string& cacheDir,
                                                   const Progress& progress, RestoreSummary& restored,
                                                   const std::map<std::string, std::string>& overrides = {});

    /** The sources and settings of session `folder` (session.json), to load its splits before reopening it. */
    static DataSources sessionSources(const Session& journal, const std::string& cacheDir);

    const ExperimentConfig& config() const { return m_learner->config(); }
    ActiveLearner& learner() { return *m_learner; }
    const ActiveLearner& learner() const { return *m_learner; }
    /** The session folder's journal, or nullptr for a session without a folder. */
    const Session* journal() const { return m_journal ? &*m_journal : nullptr; }
    std::string folder() const { return m_journal ? m_journal->dir() : std::string(); }
    /**
     * Called after each answer the session journals, once it is on disk (fdatasync'd), with that answer:
     * for a front end that reports answers as they are acknowledged (`lada-cli run --print-answers`, which
     * the crash harness follows). Called on the thread that answers; empty by default.
     */
    void setAnswerListener(std::function<void(const Answer&)> listener) { m_answerListener = std::move(listener); }
    /** True when the training split is labeled but there was no test split: 10 % of it is the held-out split. */
    bool heldOutFromSplit() const { return m_heldOutFromSplit; }

    /** What loading the splits read and skipped (before the held-out share was set aside). */
    const LoadReport& trainLoadReport() const { return m_trainReport; }
    const std::optional<LoadReport>& testLoadReport() const { return m_testReport; }

    /** The phase; ledger thread. */
    SessionPhase phase() const;

    // ---- the cards --------------------------------------------------------------------------
    /** The round of the open cards (0 = the initial set; -1 none yet). */
    int cardsRound() const;
    /** The rows of the open cards, in card order (a pair gives two rows). */
    std::vector<int64_t> cardRows() const;
    /** Per query: the rows of its pair, or (-1, -1) for a single image. */
    std::vector<std::pair<int64_t, int64_t>> cardPairs() const;
    /** The open cards' mixing layer k (-1 when the round mixes nothing). */
    int cardsMixLayer() const;
    /** True when `row` is an open card that has no answer yet. */
    bool isOpenCard(int64_t row) const;
    /** True when every open card has an answer and the round has not been trained on. */
    bool roundComplete() const;

    // ---- answers (ledger thread) ---------------------------------------------------------------
    /**
     * Opens the initial set's cards; when the training split's labels are known they are answered from
     * them at once (journaled) and become the undo floor. Returns the rows.
     */
    std::vector<int64_t> openInitialSet();
    /**
     * Journals the oracle's answer for an open card (`label` a class index, or nullopt = skipped) and
     * applies it (now, or at endPhase). Returns nullopt for a row that is not an open unanswered card
     * (a late or repeated key press). Throws Error when the journal cannot be written: nothing changes then.
     */
    std::optional<AnswerOutcome> answer(int64_t row, std::optional<int> label);
    /** Answers every open card from the training split's known labels (the simulated oracle). */
    std::vector<AnswerOutcome> answerFromGroundTruth();
    /**
     * Takes back the latest answer above the undo floor (journaled as a retraction first); returns its
     * row, or nullopt when there is nothing to undo. An answer of an earlier round goes back to the pool.
     */
    std::optional<int64_t> undo();
    /**
     * undo(), saying what it took back: the latest step of one history holding the answers and the
     * review edits (changeAnswer, removeAnswer) in the order they were made. Throws as undo does.
     */
    std::optional<UndoneStep> undoStep();
    /** Number of steps undo can take back (answers above the undo floor and review edits). */
    size_t undoableAnswers() const;
    /** Imports a `filepath,label` CSV (journaled as one synced write) and reconciles it with the labeled set. */
    ImportOutcome importLabelsCsv(const std::string& csvPath);

    /**
     * Exports the labeled set (exportLabels) while any phase runs: it waits for the ledger's lock only,
     * never for training. Throws Error without a session folder, or as exportLabels does.
     */
    ExportReport exportLabels(ExportFormat format, const std::string& target, const ExportOptions& options) const;

    // ---- review: any answered image, any round (ledger thread; labeling_session_review.cpp) -----
    //
    // A review edit is journaled first, like an answer, and is one more step of undo's history:
    // - changeAnswer appends a Label or Skip record for the image with the round it was answered in (so
    //   the view and the undo floor keep the image's round; the record's time says when it changed).
    //   The previous record stays in force underneath: undo retracts the change's record, which makes
    //   the previous answer current again.
    // - removeAnswer retracts every answer of the image still in force (one write); undo journals the
    //   removed answer again (a new record, same label and round).
    // Replay on reopen keeps a changed image at the place of its first answer, so the held-out share and
    // the undo floor come out as they were live. After reopening, review edits are not undo steps any
    // more: undo takes the image's answer back as a whole. An import (importLabelsCsv) also ends the
    // review edits' undo. Held-out answers stay held out with their new class (held out and skipped
    // cannot go together: a held-out image changed to skipped is simply skipped). While a phase runs,
    // the edit is journaled at once and applied to the learner at endPhase. The initial set's answers
    // from the known labels can be changed and removed too. Without a session folder these throw Error.

    /** Every image with a current answer (labeled, skipped or held out), in journal order. */
    std::vector<ReviewEntry> answeredImages() const;
    /**
     * Changes the answer of answered image `row` to `label` (a class index, or nullopt = skipped):
     * journaled, then applied (now, or at endPhase). Returns nullopt when the answer already is `label`
     * (nothing is journaled). Throws ConfigError for a label outside the classes, Error for a row with no
     * answer (an open card: answer it on its card) or when the journal cannot be written (nothing changes).
     */
    std::optional<AnswerOutcome> changeAnswer(int64_t row, std::optional<int> label);
    /**
     * Removes the answer of answered image `row`: journaled as retractions, then the image goes back to
     * the pool (an answered open card of the open round is unanswered again). Returns the removed answer
     * (`applied` false when a phase runs). Throws Error as changeAnswer does.
     */
    AnswerOutcome removeAnswer(int64_t row);

    /** Labeled / skipped / held-out / pool counts and the open round's progress. */
    struct Counts {
        int64_t labeled = 0, skipped = 0, heldOut = 0, pool = 0;
        int round = 0, queries = 0, answered = 0;
        std::vector<int64_t> perClass;
    };
    Counts counts() const;

    // ---- phases (a phase thread between beginPhase and endPhase, or the only thread) ----------
    /**
     * Marks `phase` as running: answers given until endPhase are journaled and applied then. Ledger
     * thread. Training takes the round as answered at this moment (an undo meanwhile applies after it);
     * throws Error when the round is not complete.
     */
    void beginPhase(SessionPhase phase);
    /** Ends the running phase and applies the answers given during it, in order; returns them. Ledger thread. */
    std::vector<AnswerOutcome> endPhase();

    /**
     * Trains on the answered round (round 0 on the initial set), measures the accuracy (test split,
     * held-out split, or held-out answers), appends the history record and rewrites the checkpoint.
     * A failure to write the history is reported in `writeError` (the labels are safe in the journal).
     * Throws Cancelled (the round stays answered: train again) or Error when no round is complete.
     */
    RoundOutcome train(const Progress& progress, std::string* writeError = nullptr);
    /**
     * Proposes the next round, journals its proposal (proposal.json) and opens its cards. Throws Error
     * when the pool holds fewer images than the budget; Cancelled leaves no proposal.
     */
    const Proposal& propose(const Progress& progress);
    /** True when another round can be proposed (the pool holds a budget's worth and rounds remain). */
    bool canPropose() const;
    /** The open round's cards with the model's predictions (round 0: the initial set's images). */
    RoundCards cards();
    /** The t-SNE map of the open round; kept in the session folder (embedding.json). Throws Cancelled. */
    EmbeddingMap embedding(const Progress& progress);

    /**
     * The simulated oracle's loop (lada-cli run): answers the open cards from the known labels, trains,
     * proposes, until `rounds` more rounds have been trained or the pool holds less than a budget;
     * `onRound` is called after each training. Returns false when it stopped because the pool ran out.
     * Throws as answer, train and propose do.
     */
    bool runWithGroundTruth(int rounds, const Progress& progress,
                            const std::function<void(const RoundOutcome&)>& onRound);

    // ---- a front end that shows every round's cards and map (the workbench) ------------------
    /**
     * The work such a front end runs next: AwaitingAnswers = build the open round's cards (not shown
     * yet), Training, Proposing, Embedding (the open round's map, when EmbeddingOptions::poolPoints > 0),
     * Exhausted; nullopt = nothing to compute, the oracle's turn (always, beyond showing the cards, for a
     * session whose folder cannot be written: Session::isReadOnly). Ledger thread.
     */
    std::optional<SessionPhase> nextWork() const;
    /**
     * Runs `work` (from nextWork) on the phase thread, between beginPhase(work) and endPhase on the
     * ledger thread. Throws Cancelled, or Error as train, propose and embedding do.
     */
    PhaseResult runPhase(SessionPhase work, const Progress& progress);
    /** Records that the front end shows `result` (ledger thread); returns what to mark on it. */
    ShownWork markShown(const PhaseResult& result);
    /** The pair of open query `query` and its mixing layer; nullopt for a single image or no mixing. */
    std::optional<CardPair> cardPair(int query) const;
    /**
     * Mixes open query `query`'s pair at `lambda` in [0, 1] (inspectVirtualInstance, at block k and at the
     * input); nullopt when the query is not a pair. Phase thread (torch work, under InferenceMode).
     */
    std::optional<VirtualInspection> inspectVirtual(int query, double lambda);
    /**
     * True when it is the oracle's turn on cards a front end shows: every phase is done, the open cards
     * are not all answered, and their round is at most `lastRound` (< 0: any). Ledger thread.
     */
    bool oracleTurn(int lastRound = -1) const;

    /** Where the splits came from and what was loaded, for the results file. */
    RunProvenance provenance() const;

    /** Every round finished so far, oldest first (restored ones included). */
    const std::vector<RoundOutcome>& outcomes() const { return m_outcomes; }

private:
    struct Deferred {
        enum class Kind { Answer, Undo } kind = Kind::Answer;
        int64_t row = -1;
        int label = -1;
        bool heldOut = false;
    };

    /** A review edit, as undo takes it back (labeling_session_review.cpp). */
    struct ReviewEdit {
        enum class Kind { Change, Remove } kind = Kind::Change;
        int64_t row = -1;
        int label = -1;             ///< the answer before the edit (class index; -1 skipped)
        int round = 0;              ///< Remove: the removed answer's round, journaled again by undo
        bool heldOut = false;       ///< the answer before the edit was held out
        int64_t seq = -1;           ///< Change: the record undo retracts
        size_t orderSize = 0;       ///< m_answerOrder.size() after the edit: it is undo's next step when equal
        size_t orderIndex = 0;      ///< Remove: the row's place in m_answerOrder
        bool inOrder = false;       ///< Remove: the row was in m_answerOrder
        bool belowFloor = false;    ///< Remove: the row was below the undo floor
        bool reopenedCard = false;  ///< Remove: an answered open card became unanswered
    };

    void buildLearner(Splits splits, ExperimentConfig config);
    /** Takes back the latest answer above the undo floor (m_mutex held); returns its row. */
    int64_t undoLatestAnswer();
    /** Takes back the latest review edit (m_mutex held). */
    UndoneStep undoReviewEdit();
    /** The rows whose answer is (or, deferred, will be) held out. m_mutex held. */
    std::unordered_set<int64_t> heldOutNow() const;
    /** True when `row`'s answer is (or, deferred, will be) held out. m_mutex held. */
    bool isHeldOut(int64_t row) const;
    /** Replaces `row`'s answer in the learner by `label` (now, or at endPhase). m_mutex held. */
    void reapplyAnswer(int64_t row, int label, bool heldOut);
    /** The journal's current answer of `row`, checked for a review edit. m_mutex held. Throws Error. */
    Answer reviewedAnswer(int64_t row) const;
    void journalAnswer(int64_t row, int label);
    AnswerOutcome applyAnswer(int64_t row, int label, bool heldOut);
    void forgetAnswer(int64_t row);
    bool nextAnswerHeldOut() const;
    /** Opens the cards of `round` on `rows` (single images, or the pairs of `proposal`); takes m_mutex held. */
    void openCards(int round, const std::vector<int64_t>& rows, const Proposal* proposal = nullptr);
    void saveProposal(const Proposal& proposal) const;
    bool restoreProposal();
    double heldOutAccuracy();
    void restore(const Progress& progress, RestoreSummary& restored);

    std::unique_ptr<ActiveLearner> m_learner;
    std::optional<Session> m_journal;
    std::function<void(const Answer&)> m_answerListener;
    DataSources m_sources;
    bool m_heldOutFromSplit = false;
    bool m_unlabeled = false;
    std::vector<RoundOutcome> m_outcomes;
    LoadReport m_trainReport;
    std::optional<LoadReport> m_testReport;

    mutable std::mutex m_mutex;  ///< guards everything below (the ledger), never held during torch work
    SessionPhase m_phase = SessionPhase::AwaitingAnswers;
    bool m_phaseRunning = false;
    int m_cardsRound = -1;
    std::vector<int64_t> m_cardRows;
    std::vector<std::pair<int64_t, int64_t>> m_cardPairs;
    std::vector<char> m_cardAnswered;  ///< per card row: answered (journaled)
    int m_mixLayer = -1;
    std::vector<int64_t> m_answerOrder;  ///< answered rows, oldest first, as in the journal, for undo
    size_t m_undoFloor = 0;              ///< answers undo cannot take back
    std::vector<int64_t> m_heldOutRows;  ///< answers kept out of training to measure accuracy
    std::vector<int64_t> m_heldOutLabels;
    std::vector<Deferred> m_deferred;           ///< journaled during a phase, applied at endPhase
    std::vector<ReviewEdit> m_reviewEdits;      ///< review edits undo can take back, oldest first
    bool m_roundTrained = false;                ///< the open cards' round has been trained on
    int m_shownRound = -1;                      ///< the round whose cards the front end shows
    int m_mappedRound = -1;                     ///< the round whose t-SNE map the front end shows
    std::optional<EmbeddingMap> m_restoredMap;  ///< a reopened session's last map, until its cards are shown
};

}  // namespace lada
