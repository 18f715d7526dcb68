// SPDX-License-Identifier: MIT
#pragma once

#include "core/acquisition/strategy.h"
#include "core/config/experiment_config.h"
#include "core/data/channel_stats.h"
#include "core/data/dataset.h"
#include "core/loop/oracle.h"
#include "core/loop/round_report.h"
#include "core/nn/classifier.h"
#include "core/util/progress.h"

#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <vector>

namespace lada {

/**
 * The pool-based active-learning loop: pool X_U, labeled set X_L, round j, budget b.
 * Lifecycle: initialQueries() -> recordAnswer() for each -> trainInitial() (round 0) -> then per round
 * proposeRound() -> recordAnswer() for each queried row -> completeRound(). runRound() and run() do
 * this with an Oracle. Every random choice comes from the config's seed, so a run repeats exactly.
 * Not thread-safe: one thread (the CLI's main thread or the workbench's worker) drives it.
 */
class ActiveLearner {
public:
    /** Throws ConfigError for an unusable config (budget or initial set larger than the pool, ...). */
    ActiveLearner(Dataset train, std::optional<Dataset> test, ExperimentConfig config);
    ~ActiveLearner();

    const Dataset& train() const { return m_train; }
    const std::optional<Dataset>& test() const { return m_test; }
    const ExperimentConfig& config() const { return m_config; }
    const ChannelStats& stats() const { return m_stats; }
    torch::Device device() const { return m_device; }
    ClassifierImpl& model() { return *m_model; }
    const Strategy& strategy() const { return *m_strategy; }

    int round() const { return m_round; }
    const std::vector<int64_t>& labeledRows() const { return m_labeledRows; }
    int64_t labelOf(int64_t row) const { return m_labelOf[static_cast<size_t>(row)]; }
    bool isInPool(int64_t row) const { return m_state[static_cast<size_t>(row)] == RowState::Pool; }
    int64_t poolSize() const { return m_poolCount; }
    int64_t skippedCount() const { return m_skippedCount; }
    const std::optional<Proposal>& pendingProposal() const { return m_pending; }
    const std::vector<RoundReport>& history() const { return m_history; }

    /** The n0 rows of the initial set: balanced over classes when the split is labeled, else random. */
    std::vector<int64_t> initialQueries();

    /** Records the oracle's answer for a pool row (nullopt = skipped: it leaves the pool). Throws Error
     *  for a row that is not in the pool or a label outside the class list. */
    void recordAnswer(int64_t row, std::optional<int64_t> label);
    /** Returns an answered row to the pool (undo). Throws Error if the row was not answered. */
    void undoAnswer(int64_t row);

    /** Round 0: trains on the labeled set and evaluates. */
    RoundReport trainInitial(const Progress& progress = {});
    /** Proposes round j + 1 from a fresh random pool subset; kept until completeRound(). */
    const Proposal& proposeRound(const Progress& progress = {});
    /** Trains on X_L plus the virtual pairs whose two images were labeled, evaluates, and advances j. */
    RoundReport completeRound(const Progress& progress = {});

    /**
     * Resumes a run kept in a session: `history` holds the rounds already done, oldest first (round j
     * becomes the last one's round). Record the session's answers first; load the model's weights into
     * model() (or retrain) separately. Throws Error when a proposal is pending or `history` is empty.
     */
    void restoreHistory(std::vector<RoundReport> history);

    /**
     * Makes `proposal` the pending round again (a reopened session's journaled proposal), so that
     * completeRound trains on it. Throws Error unless its round is round() + 1, no proposal is pending,
     * and every queried row is in the pool or answered.
     */
    void restoreProposal(Proposal proposal);

    /** propose -> ask the oracle for every queried row -> complete. */
    RoundReport runRound(Oracle& oracle, const Progress& progress = {});
    /** Initial set, round 0 and config().rounds rounds with an oracle; onRound is called after each. */
    std::vector<RoundReport> run(Oracle& oracle, const Progress& progress = {},
                                 const std::function<void(const RoundReport&)>& onRound = {});

private:
    enum class RowState : uint8_t { Pool, Labeled, Skipped };

    RoundReport trainAndEvaluate(const Proposal* proposal, const Progress& progress);

    Dataset m_train;
    std::optional<Dataset> m_test;
    ExperimentConfig m_config;
    ChannelStats m_stats;
    torch::Device m_device;
    std::mt19937_64 m_rng;
    Classifier m_model;
    std::unique_ptr<Strategy> m_strategy;
    int m_round = 0;
    std::vector<RowState> m_state;
    std::vector<int64_t> m_labelOf;
    std::vector<int64_t> m_labeledRows;
    int64_t m_poolCount = 0;
    int64_t m_skippedCount = 0;
    std::optional<Proposal> m_pending;
    std::vector<RoundReport> m_history;
};

}  // namespace lada
