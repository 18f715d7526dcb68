// SPDX-License-Identifier: MIT
// LabelingSession's phases: training, proposing, the cards and the t-SNE map, the simulated oracle's
// loop, and the bookkeeping of a front end that shows them. The ledger is labeling_session.cpp.
#include "core/loop/labeling_session.h"

#include "core/acquisition/lada_strategy.h"
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

namespace fs = std::filesystem;

namespace lada {

// ---- phases ------------------------------------------------------------------------------------------

void LabelingSession::beginPhase(SessionPhase phase)
{
    // Training starts on the round as answered now: an undo given while it runs takes effect after it.
    if (phase == SessionPhase::Training && !roundComplete())
        throw Error("the round's cards are not all answered");
    std::lock_guard lock(m_mutex);
    m_phaseRunning = true;
    m_phase = phase;
}

std::vector<AnswerOutcome> LabelingSession::endPhase()
{
    std::lock_guard lock(m_mutex);
    m_phaseRunning = false;
    std::vector<AnswerOutcome> applied;
    for (const Deferred& d : m_deferred) {
        if (d.kind == Deferred::Kind::Undo) {
            if (!m_learner->isInPool(d.row))
                forgetAnswer(d.row);
        } else if (m_learner->isInPool(d.row)) {
            applied.push_back(applyAnswer(d.row, d.label, d.heldOut));
        }
    }
    m_deferred.clear();
    return applied;
}

double LabelingSession::heldOutAccuracy()
{
    std::vector<int64_t> rows, labels;
    {
        std::lock_guard lock(m_mutex);
        rows = m_heldOutRows;
        labels = m_heldOutLabels;
    }
    if (rows.size() < 2)
        return std::numeric_limits<double>::quiet_NaN();
    const Dataset& train = m_learner->train();
    return evaluateAccuracy(m_learner->model(), train.images.index_select(0, torch::tensor(rows, torch::kLong)),
                            torch::tensor(labels, torch::kLong), m_learner->stats(), m_learner->device());
}

RoundOutcome LabelingSession::train(const Progress& progress, std::string* writeError)
{
    bool running;
    {
        std::lock_guard lock(m_mutex);
        running = m_phaseRunning;
    }
    if (!running && !roundComplete())  // in a phase, beginPhase checked it when training began
        throw Error("the round's cards are not all answered");
    const bool initial = m_learner->history().empty();
    RoundOutcome o;
    o.report = initial ? m_learner->trainInitial(progress) : m_learner->completeRound(progress);
    const RoundReport& report = o.report;
    {
        std::lock_guard lock(m_mutex);
        o.heldOut = m_heldOutFromSplit ? (m_learner->test() ? m_learner->test()->size() : 0)
                                       : static_cast<int64_t>(m_heldOutRows.size());
        o.skipped = report.skippedCount - static_cast<int64_t>(m_heldOutRows.size());
    }
    o.labeled = report.labeledCount;
    o.pool = m_learner->poolSize();
    if (m_learner->test()) {
        o.accuracy = report.testAccuracy;
        o.accuracySource = m_heldOutFromSplit ? AccuracySource::HeldOut : AccuracySource::TestSplit;
    } else {
        o.accuracy = heldOutAccuracy();
        o.accuracySource = std::isnan(o.accuracy) ? AccuracySource::None : AccuracySource::HeldOut;
    }
    std::lock_guard lock(m_mutex);
    m_roundTrained = true;
    m_outcomes.push_back(o);
    if (m_journal) {
        try {
            m_journal->appendRoundHistory(roundRecordJson(o, &m_learner->config()));
            saveCheckpoint(m_learner->model(), m_journal->checkpointPath());
            std::error_code ec;
            fs::remove(fs::path(m_journal->dir()) / kProposalFile, ec);  // trained on: no longer pending
        } catch (const std::exception& e) {
            if (!writeError)
                throw;
            *writeError = e.what();
        }
    }
    return o;
}

const Proposal& LabelingSession::propose(const Progress& progress)
{
    if (!canPropose())
        throw Error("no round can be proposed: the pool holds " + std::to_string(m_learner->poolSize()) +
                    " images (budget " + std::to_string(m_learner->config().budget) + ")");
    const Proposal& proposal = m_learner->proposeRound(progress);
    saveProposal(proposal);
    std::lock_guard lock(m_mutex);
    openCards(proposal.round, proposal.queriedIndices(), &proposal);
    return proposal;
}

RoundCards LabelingSession::cards()
{
    int round;
    std::vector<int64_t> rows;
    {
        std::lock_guard lock(m_mutex);
        round = m_cardsRound;
        rows = m_cardRows;
    }
    if (round <= 0 || !m_learner->pendingProposal())
        return initialCards(*m_learner, rows);
    const uint64_t seed = m_learner->config().seedValue() * 1000003ull + static_cast<uint64_t>(round);
    return proposalCards(*m_learner, *m_learner->pendingProposal(), m_learner->config().strategy.lambdaSamples, seed);
}

EmbeddingMap LabelingSession::embedding(const Progress& progress)
{
    const ExperimentConfig& c = m_learner->config();
    const uint64_t seed = c.seedValue() * 7919ull + static_cast<uint64_t>(m_learner->round());
    const Proposal* pending = m_learner->pendingProposal() ? &*m_learner->pendingProposal() : nullptr;
    EmbeddingMap map =
        embeddingMap(*m_learner, pending, c.embedding.poolPoints, c.embedding.iterations, seed, progress);
    if (m_journal && pending)
        writeFileAtomically((fs::path(m_journal->dir()) / kEmbeddingFile).string(), embeddingToJson(map));
    return map;
}

bool LabelingSession::runWithGroundTruth(int rounds, const Progress& progress,
                                         const std::function<void(const RoundOutcome&)>& onRound)
{
    const int last = (m_outcomes.empty() ? 0 : m_outcomes.back().report.round) + rounds;
    for (;;) {
        switch (phase()) {
        case SessionPhase::AwaitingAnswers: answerFromGroundTruth(); break;  // journaled before the loop goes on
        case SessionPhase::Training: {
            const RoundOutcome o = train(progress);
            if (onRound)
                onRound(o);
            if (o.report.round >= last)
                return true;
            break;
        }
        case SessionPhase::Proposing: propose(progress); break;
        case SessionPhase::Embedding:
        case SessionPhase::Exhausted: return false;
        }
    }
}

std::optional<SessionPhase> LabelingSession::nextWork() const
{
    const SessionPhase now = phase();
    std::lock_guard lock(m_mutex);
    const bool cardsOpen = now == SessionPhase::AwaitingAnswers || now == SessionPhase::Training;
    if (cardsOpen && m_shownRound != m_cardsRound)
        return SessionPhase::AwaitingAnswers;  // show the open cards first (round 0, a reopened round)
    // A session whose folder cannot be written is shown as it is: training, proposing and the map write files.
    if (m_journal && m_journal->isReadOnly())
        return now == SessionPhase::Exhausted ? std::optional<SessionPhase>(now) : std::nullopt;
    if (now == SessionPhase::Training || now == SessionPhase::Proposing || now == SessionPhase::Exhausted)
        return now;
    if (now == SessionPhase::AwaitingAnswers && m_cardsRound > 0 && m_mappedRound != m_cardsRound &&
        m_learner->config().embedding.poolPoints > 0)
        return SessionPhase::Embedding;
    return std::nullopt;
}

PhaseResult LabelingSession::runPhase(SessionPhase work, const Progress& progress)
{
    PhaseResult r;
    r.phase = work;
    switch (work) {
    case SessionPhase::Training: r.outcome = train(progress, &r.writeError); break;
    case SessionPhase::Embedding: r.map = embedding(progress); break;
    case SessionPhase::Proposing: propose(progress); [[fallthrough]];
    case SessionPhase::AwaitingAnswers: r.cards = cards(); break;
    case SessionPhase::Exhausted: break;
    }
    return r;
}

ShownWork LabelingSession::markShown(const PhaseResult& result)
{
    ShownWork shown;
    std::lock_guard lock(m_mutex);
    if (result.cards) {
        m_shownRound = result.cards->round;
        for (int64_t row : m_cardRows)  // answered before a reopen, or from known labels
            if (!m_learner->isInPool(row))
                shown.answered.push_back({row, static_cast<int>(m_learner->labelOf(row)), false, true});
        if (m_restoredMap && m_restoredMap->round + 1 == result.cards->round) {
            m_mappedRound = result.cards->round;
            shown.restoredMap = std::move(m_restoredMap);
        }
        m_restoredMap.reset();
    }
    if (result.map)
        m_mappedRound = m_cardsRound;
    return shown;
}

std::optional<CardPair> LabelingSession::cardPair(int query) const
{
    std::lock_guard lock(m_mutex);
    if (query < 0 || query >= static_cast<int>(m_cardPairs.size()) || m_mixLayer < 0)
        return std::nullopt;
    const auto [a, b] = m_cardPairs[static_cast<size_t>(query)];
    if (a < 0)
        return std::nullopt;
    return CardPair{m_cardsRound, a, b, m_mixLayer};
}

std::optional<VirtualInspection> LabelingSession::inspectVirtual(int query, double lambda)
{
    const std::optional<CardPair> p = cardPair(query);
    if (!p)
        return std::nullopt;
    const Dataset& train = m_learner->train();
    VirtualInstanceView view = inspectVirtualInstance(m_learner->model(), train.images[p->a], train.images[p->b],
                                                      p->layer, lambda, m_learner->stats(), m_learner->device());
    return VirtualInspection{p->round,
                             query,
                             lambda,
                             std::move(view.featureMix),
                             std::move(view.inputMix),
                             static_cast<int>(train.channels()),
                             static_cast<int>(train.height()),
                             static_cast<int>(train.width()),
                             std::move(view.mixedImage),
                             train.isEmbedding()};
}

bool LabelingSession::oracleTurn(int lastRound) const
{
    return !nextWork() && phase() == SessionPhase::AwaitingAnswers && !roundComplete() && cardsRound() >= 0 &&
           (lastRound < 0 || cardsRound() <= lastRound);
}

}  // namespace lada
