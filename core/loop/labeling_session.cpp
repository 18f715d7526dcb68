// SPDX-License-Identifier: MIT
#include "core/loop/labeling_session.h"

#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/loop/session_files.h"
#include "core/nn/checkpoint.h"
#include "core/training/trainer.h"
#include "core/util/durable_io.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <unordered_map>

namespace fs = std::filesystem;

namespace lada {

namespace {

/** Every 5th answer of a person is held out when there is no test split and no known label. */
constexpr int kHeldOutEvery = 5;
/** Share of a labeled training split set aside as the held-out split when there is no test split. */
constexpr double kHeldOutShare = 0.1;
constexpr int64_t kHeldOutMax = 2000;

std::string absolutePath(const std::string& p)
{
    return p.empty() ? std::string() : fs::absolute(p).lexically_normal().string();
}

}  // namespace

std::string toString(SessionPhase phase)
{
    switch (phase) {
    case SessionPhase::AwaitingAnswers: return "awaiting answers";
    case SessionPhase::Training: return "training";
    case SessionPhase::Proposing: return "proposing";
    case SessionPhase::Embedding: return "t-SNE";
    case SessionPhase::Exhausted: return "exhausted";
    }
    return "?";
}

LabelingSession::LabelingSession(Splits splits, DataSources sources, ExperimentConfig config, const std::string& folder)
    : m_sources(std::move(sources))
{
    resolveSeed(config);
    m_unlabeled = !splits.train.hasLabels();
    buildLearner(std::move(splits), std::move(config));
    if (!folder.empty()) {
        SessionInfo info;
        info.datasetRoot = absolutePath(m_learner->train().root);
        info.trainSource = absolutePath(m_sources.train);
        info.testSource = absolutePath(m_sources.test);
        info.classNames = m_learner->train().classNames;
        info.config = m_learner->config();
        info.imagesUnlabeled = m_unlabeled;
        m_journal.emplace(Session::create(folder, std::move(info)));
    }
}

LabelingSession::~LabelingSession() = default;

void LabelingSession::buildLearner(Splits splits, ExperimentConfig config)
{
    m_trainReport = splits.train.report;
    if (splits.test)
        m_testReport = splits.test->report;
    Dataset train = std::move(splits.train);
    std::optional<Dataset> test = std::move(splits.test);
    m_heldOutFromSplit = !test && train.hasLabels();
    if (m_heldOutFromSplit) {
        // No test split but known labels: a seeded share of the split measures the accuracy curve.
        const int64_t n = train.size();
        const int64_t held =
            std::min<int64_t>(kHeldOutMax, static_cast<int64_t>(static_cast<double>(n) * kHeldOutShare));
        const torch::Tensor order =
            torch::randperm(n, torch::make_generator<at::CPUGeneratorImpl>(config.seedValue()), torch::kLong);
        test = train.subset(order.narrow(0, 0, held));
        train = train.subset(std::get<0>(order.narrow(0, held, n - held).sort()));
    }
    m_learner = std::make_unique<ActiveLearner>(std::move(train), std::move(test), std::move(config));
}

// ---- state ---------------------------------------------------------------------------------------

SessionPhase LabelingSession::phase() const
{
    std::lock_guard lock(m_mutex);
    if (m_phaseRunning)
        return m_phase;
    if (m_cardsRound >= 0 && !m_roundTrained)
        return std::all_of(m_cardAnswered.begin(), m_cardAnswered.end(), [](char a) { return a != 0; }) &&
                       !m_cardRows.empty()
                   ? SessionPhase::Training
                   : SessionPhase::AwaitingAnswers;
    return canPropose() ? SessionPhase::Proposing : SessionPhase::Exhausted;
}

int LabelingSession::cardsRound() const
{
    std::lock_guard lock(m_mutex);
    return m_cardsRound;
}

std::vector<int64_t> LabelingSession::cardRows() const
{
    std::lock_guard lock(m_mutex);
    return m_cardRows;
}

std::vector<std::pair<int64_t, int64_t>> LabelingSession::cardPairs() const
{
    std::lock_guard lock(m_mutex);
    return m_cardPairs;
}

int LabelingSession::cardsMixLayer() const
{
    std::lock_guard lock(m_mutex);
    return m_mixLayer;
}

bool LabelingSession::isOpenCard(int64_t row) const
{
    std::lock_guard lock(m_mutex);
    if (m_roundTrained)
        return false;
    const auto it = std::find(m_cardRows.begin(), m_cardRows.end(), row);
    return it != m_cardRows.end() && !m_cardAnswered[static_cast<size_t>(it - m_cardRows.begin())];
}

bool LabelingSession::roundComplete() const
{
    std::lock_guard lock(m_mutex);
    return !m_cardRows.empty() && !m_roundTrained &&
           std::all_of(m_cardAnswered.begin(), m_cardAnswered.end(), [](char a) { return a != 0; });
}

bool LabelingSession::canPropose() const
{
    // lada-cli counts its rounds itself; the session proposes while the pool holds a budget's worth.
    return !m_learner->history().empty() && !m_learner->pendingProposal() &&
           m_learner->poolSize() >= m_learner->config().budget;
}

size_t LabelingSession::undoableAnswers() const
{
    std::lock_guard lock(m_mutex);
    return m_answerOrder.size() - std::min(m_undoFloor, m_answerOrder.size()) + m_reviewEdits.size();
}

LabelingSession::Counts LabelingSession::counts() const
{
    std::lock_guard lock(m_mutex);
    Counts c;
    c.labeled = static_cast<int64_t>(m_learner->labeledRows().size());
    c.heldOut = static_cast<int64_t>(m_heldOutRows.size());
    c.skipped = m_learner->skippedCount() - c.heldOut;
    c.pool = m_learner->poolSize();
    c.round = m_cardsRound;
    c.queries = static_cast<int>(m_cardRows.size());
    c.answered = static_cast<int>(std::count(m_cardAnswered.begin(), m_cardAnswered.end(), 1));
    c.perClass.assign(static_cast<size_t>(m_learner->train().numClasses()), 0);
    for (int64_t r : m_learner->labeledRows())
        ++c.perClass[static_cast<size_t>(m_learner->labelOf(r))];
    // Answers journaled while a phase runs count at once: the person sees what the journal holds.
    constexpr int kPool = -3, kHeldOut = -2, kSkipped = -1;
    std::unordered_map<int64_t, int> now;
    for (const Deferred& d : m_deferred)
        now[d.row] = d.kind == Deferred::Kind::Undo ? kPool : d.heldOut ? kHeldOut : d.label;
    for (const auto& [row, state] : now) {
        const bool held = std::find(m_heldOutRows.begin(), m_heldOutRows.end(), row) != m_heldOutRows.end();
        const int before = m_learner->isInPool(row)       ? kPool
                           : held                         ? kHeldOut
                           : m_learner->labelOf(row) >= 0 ? static_cast<int>(m_learner->labelOf(row))
                                                          : kSkipped;
        for (const auto& [st, sign] : {std::pair{before, -1}, std::pair{state, +1}}) {
            if (st == kPool)
                c.pool += sign;
            else if (st == kHeldOut)
                c.heldOut += sign;
            else if (st == kSkipped)
                c.skipped += sign;
            else {
                c.labeled += sign;
                c.perClass[static_cast<size_t>(st)] += sign;
            }
        }
    }
    return c;
}

// ---- cards and answers -----------------------------------------------------------------------------

void LabelingSession::openCards(int round, const std::vector<int64_t>& rows, const Proposal* proposal)
{
    m_cardsRound = round;
    m_roundTrained = false;
    m_cardRows = rows;
    m_cardPairs.clear();
    if (proposal) {
        for (const Query& q : proposal->queries)
            m_cardPairs.emplace_back(q.indices.size() == 2 ? std::pair{q.indices[0], q.indices[1]}
                                                           : std::pair<int64_t, int64_t>{-1, -1});
    } else {
        m_cardPairs.assign(rows.size(), {-1, -1});
    }
    m_mixLayer = proposal ? proposal->diagnostics.mixLayer : -1;
    m_cardAnswered.assign(m_cardRows.size(), 0);
    for (size_t i = 0; i < m_cardRows.size(); ++i)
        m_cardAnswered[i] = m_learner->isInPool(m_cardRows[i]) ? 0 : 1;
}

std::vector<int64_t> LabelingSession::openInitialSet()
{
    std::vector<int64_t> rows = m_learner->initialQueries();
    {
        std::lock_guard lock(m_mutex);
        openCards(0, rows);
    }
    if (m_learner->train().hasLabels()) {
        // Known labels: the initial set is labeled from them, as in the paper's experiments; undo stops there.
        answerFromGroundTruth();
        std::lock_guard lock(m_mutex);
        m_undoFloor = m_answerOrder.size();
    }
    return rows;
}

void LabelingSession::journalAnswer(int64_t row, int label)
{
    if (!m_journal)
        return;
    const std::string& path = m_learner->train().paths[static_cast<size_t>(row)];
    const Answer answer =
        label >= 0 ? m_journal->recordLabel(path, label, m_cardsRound) : m_journal->recordSkip(path, m_cardsRound);
    if (m_answerListener)
        m_answerListener(answer);
}

bool LabelingSession::nextAnswerHeldOut() const
{
    return !m_heldOutFromSplit && !m_learner->test() && (m_answerOrder.size() + 1) % kHeldOutEvery == 0;
}

AnswerOutcome LabelingSession::applyAnswer(int64_t row, int label, bool heldOut)
{
    if (heldOut) {
        m_learner->recordAnswer(row, std::nullopt);
        m_heldOutRows.push_back(row);
        m_heldOutLabels.push_back(label);
    } else {
        m_learner->recordAnswer(row, label >= 0 ? std::optional<int64_t>(label) : std::nullopt);
    }
    return {row, label, heldOut, true};
}

void LabelingSession::forgetAnswer(int64_t row)
{
    m_learner->undoAnswer(row);
    const auto held = std::find(m_heldOutRows.begin(), m_heldOutRows.end(), row);
    if (held != m_heldOutRows.end()) {
        m_heldOutLabels.erase(m_heldOutLabels.begin() + (held - m_heldOutRows.begin()));
        m_heldOutRows.erase(held);
    }
}

std::optional<AnswerOutcome> LabelingSession::answer(int64_t row, std::optional<int> label)
{
    std::lock_guard lock(m_mutex);
    const auto it = std::find(m_cardRows.begin(), m_cardRows.end(), row);
    if (m_roundTrained || it == m_cardRows.end() || m_cardAnswered[static_cast<size_t>(it - m_cardRows.begin())])
        return std::nullopt;  // a late or repeated key press for a card already answered
    if (label && (*label < 0 || *label >= m_learner->train().numClasses()))
        throw ConfigError("label " + std::to_string(*label) + " is outside the " +
                          std::to_string(m_learner->train().numClasses()) + " classes");
    const int y = label.value_or(-1);
    journalAnswer(row, y);  // on the disk before anything else changes; throws when it cannot be written
    const bool heldOut = y >= 0 && nextAnswerHeldOut();
    m_cardAnswered[static_cast<size_t>(it - m_cardRows.begin())] = 1;
    m_answerOrder.push_back(row);
    if (m_phaseRunning) {
        m_deferred.push_back({Deferred::Kind::Answer, row, y, heldOut});
        return AnswerOutcome{row, y, heldOut, false};
    }
    return applyAnswer(row, y, heldOut);
}

std::vector<AnswerOutcome> LabelingSession::answerFromGroundTruth()
{
    if (!m_learner->train().hasLabels())
        throw ConfigError("the simulated oracle needs a training split with known labels");
    std::vector<AnswerOutcome> out;
    for (int64_t row : cardRows()) {
        const int y = static_cast<int>(m_learner->train().labels[row].item<int64_t>());
        if (const std::optional<AnswerOutcome> a = answer(row, y))
            out.push_back(*a);
    }
    return out;
}

std::optional<int64_t> LabelingSession::undo()
{
    const std::optional<UndoneStep> step = undoStep();
    return step ? std::optional<int64_t>(step->row) : std::nullopt;
}

int64_t LabelingSession::undoLatestAnswer()
{
    const int64_t row = m_answerOrder.back();
    // Every answer of the image still in force is taken back (one write), not merely the journal's
    // latest record: after review edits the latest record may be another image's (a restored removal),
    // and a changed image's older answer must not come back. Journaled before anything changes; throws
    // when it cannot be written.
    if (m_journal)
        m_journal->retractAll(m_learner->train().paths[static_cast<size_t>(row)]);
    m_answerOrder.pop_back();
    const auto it = std::find(m_cardRows.begin(), m_cardRows.end(), row);
    if (it != m_cardRows.end() && !m_roundTrained)
        m_cardAnswered[static_cast<size_t>(it - m_cardRows.begin())] = 0;
    if (m_phaseRunning)
        m_deferred.push_back({Deferred::Kind::Undo, row, -1, false});
    else
        forgetAnswer(row);
    return row;
}

ImportOutcome LabelingSession::importLabelsCsv(const std::string& csvPath)
{
    std::lock_guard lock(m_mutex);
    if (!m_journal)
        throw Error("this session has no folder to journal the imported labels in");
    m_reviewEdits.clear();  // the import reorders the answers: review edits stay journaled, not undoable
    ImportOutcome out;
    const size_t before = m_journal->allAnswers().size();
    out.report = m_journal->importLabelsCsv(csvPath);  // journaled and synced in one write
    const std::unordered_map<std::string, int64_t> rowOf = rowsByPath(m_learner->train().paths);
    const std::vector<Answer>& all = m_journal->allAnswers();
    for (size_t i = before; i < all.size(); ++i) {
        const auto it = rowOf.find(all[i].path);
        if (it == rowOf.end() || all[i].classIndex < 0)
            continue;  // not in this split (the held-out share): the journal keeps it
        const int64_t row = it->second;
        const auto order = std::find(m_answerOrder.rbegin(), m_answerOrder.rend(), row);
        if (order != m_answerOrder.rend()) {
            // Already answered: the import is now the image's current answer, as on a reopen.
            const auto at = std::next(order).base();
            if (static_cast<size_t>(at - m_answerOrder.begin()) < m_undoFloor)
                --m_undoFloor;
            m_answerOrder.erase(at);
            if (m_phaseRunning)
                m_deferred.push_back({Deferred::Kind::Undo, row, -1, false});
            else if (!m_learner->isInPool(row) && m_learner->labelOf(row) != all[i].classIndex)
                forgetAnswer(row);
            else if (!m_learner->isInPool(row)) {
                m_answerOrder.push_back(row);  // the same label: nothing changes
                continue;
            }
        }
        const auto card = std::find(m_cardRows.begin(), m_cardRows.end(), row);
        if (card != m_cardRows.end() && !m_roundTrained)
            m_cardAnswered[static_cast<size_t>(card - m_cardRows.begin())] = 1;
        m_answerOrder.push_back(row);
        if (m_phaseRunning) {
            m_deferred.push_back({Deferred::Kind::Answer, row, all[i].classIndex, false});
            out.applied.push_back({row, all[i].classIndex, false, false});
        } else {
            out.applied.push_back(applyAnswer(row, all[i].classIndex, false));
        }
    }
    return out;
}

ExportReport LabelingSession::exportLabels(ExportFormat format, const std::string& target,
                                           const ExportOptions& options) const
{
    std::lock_guard lock(m_mutex);
    if (!m_journal)
        throw Error("this session has no folder: there is nothing to export");
    return lada::exportLabels(*m_journal, format, target, options);
}

RunProvenance LabelingSession::provenance() const
{
    RunProvenance p;
    p.trainSource = m_sources.train;
    p.testSource = m_sources.test;
    // As loaded: the held-out share (no test split) is part of the training images here.
    p.trainImages = m_trainReport.loaded;
    p.trainSkipped = static_cast<int64_t>(m_trainReport.skipped.size());
    if (m_testReport) {
        p.testImages = m_testReport->loaded;
        p.testSkipped = static_cast<int64_t>(m_testReport->skipped.size());
    }
    p.device = m_learner->device().str();
    p.threads = torch::get_num_threads();
    return p;
}

}  // namespace lada
