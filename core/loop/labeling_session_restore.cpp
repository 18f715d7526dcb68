// SPDX-License-Identifier: MIT
// LabelingSession, reopening: journal replay, the restored rounds and model, and the pending round's
// proposal and t-SNE map on disk (proposal.json, embedding.json). The live session is labeling_session.cpp.
#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/loop/labeling_session.h"
#include "core/loop/session_files.h"
#include "core/nn/checkpoint.h"
#include "core/util/durable_io.h"

#include <algorithm>
#include <filesystem>
#include <unordered_set>

namespace fs = std::filesystem;

namespace lada {

namespace {

/**
 * The current answers in the order the live session held them: each image at the place of its oldest
 * answer still in force (a review change, LabelingSession::changeAnswer, keeps the image's place), so
 * that the held-out share (every 5th answer) comes out as it was. With known labels the initial set's
 * answers come first: they are the undo floor, even when one was changed or restored by undo later.
 */
std::vector<Answer> replayOrder(const Session& journal, bool initialFirst)
{
    std::vector<Answer> order;
    std::unordered_set<std::string> seen;
    for (const Answer& a : journal.answers())
        if (seen.insert(a.path).second)
            order.push_back(*journal.currentAnswer(a.path));
    if (initialFirst)
        std::stable_partition(order.begin(), order.end(), [](const Answer& a) { return a.round == 0; });
    return order;
}

}  // namespace

LabelingSession::LabelingSession(Splits splits, Session journal, const Progress& progress, RestoreSummary& restored,
                                 const std::map<std::string, std::string>& overrides)
{
    const SessionInfo& info = journal.info();
    if (splits.train.classNames != info.classNames)
        throw DataError("\"" + journal.sessionFilePath() + "\": its class list differs from the classes of \"" +
                        info.trainSource + "\"");
    m_sources = sessionSources(journal, {});
    m_unlabeled = info.imagesUnlabeled;
    ExperimentConfig config = info.config;
    applySettings(config, overrides);
    buildLearner(std::move(splits), std::move(config));
    m_journal.emplace(std::move(journal));
    restore(progress, restored);
}

std::unique_ptr<LabelingSession> LabelingSession::reopen(Session journal, const std::string& cacheDir,
                                                         const Progress& progress, RestoreSummary& restored,
                                                         const std::map<std::string, std::string>& overrides)
{
    if (const std::string missing = journal.missingDataFolder(); !missing.empty())
        throw DataError("\"" + missing + "\" of session \"" + journal.dir() +
                        "\" does not exist: relocate the session");
    Splits splits = loadSplits(sessionSources(journal, cacheDir), journal.info().config, progress);
    return std::make_unique<LabelingSession>(std::move(splits), std::move(journal), progress, restored, overrides);
}

DataSources LabelingSession::sessionSources(const Session& journal, const std::string& cacheDir)
{
    const SessionInfo& info = journal.info();
    DataSources s;
    s.train = info.trainSource.empty() ? info.datasetRoot : info.trainSource;
    s.test = info.testSource;
    if (info.imagesUnlabeled)
        s.classNames = info.classNames;
    s.cacheDir = cacheDir;
    return s;
}

void LabelingSession::saveProposal(const Proposal& proposal) const
{
    if (!m_journal)
        return;
    // Journaled so that a reopened session shows the same cards without proposing again.
    const fs::path dir(m_journal->dir());
    writeFileAtomically((dir / kProposalFile).string(), proposalToJson(proposal, m_learner->train().paths));
    std::error_code ec;
    fs::remove(dir / kEmbeddingFile, ec);  // the map of the previous round
}

bool LabelingSession::restoreProposal()
{
    if (!m_journal)
        return false;
    const fs::path file = fs::path(m_journal->dir()) / kProposalFile;
    if (!fs::exists(file))
        return false;
    Proposal proposal;
    try {
        if (!proposalFromJson(readFileText(file.string()), m_learner->train().paths, proposal) ||
            proposal.round != m_learner->round() + 1)
            return false;
        m_learner->restoreProposal(std::move(proposal));
    } catch (const Error&) {
        return false;
    }
    return true;
}

void LabelingSession::restore(const Progress& progress, RestoreSummary& restored)
{
    restored.warnings = m_journal->warnings();
    std::vector<RoundReport> reports;
    for (const std::string& record : m_journal->history()) {
        try {
            RoundOutcome o = roundRecordFromJson(record);
            reports.push_back(o.report);
            m_outcomes.push_back(o);
        } catch (const DataError& e) {
            restored.warnings.push_back(std::string("skipped a round of the history: ") + e.what());
        }
    }
    restored.rounds = m_outcomes;
    // The initial set is drawn from the seed alone, so it is the same rows as when the session began.
    const std::vector<int64_t> initialRows = reports.empty() ? m_learner->initialQueries() : std::vector<int64_t>{};

    const std::unordered_map<std::string, int64_t> rowOf = rowsByPath(m_learner->train().paths);
    int64_t initialAnswers = 0;
    std::lock_guard lock(m_mutex);
    for (const Answer& a : replayOrder(*m_journal, m_learner->train().hasLabels())) {
        const auto it = rowOf.find(a.path);
        if (it == rowOf.end()) {
            ++restored.notFound;
            continue;
        }
        if (!a.skipped && a.classIndex < 0) {
            ++restored.unknownLabel;  // stays in the pool, to be answered again
            continue;
        }
        if (!m_learner->isInPool(it->second))
            continue;
        const bool heldOut = !a.skipped && nextAnswerHeldOut();
        applyAnswer(it->second, a.skipped ? -1 : a.classIndex, heldOut);
        m_answerOrder.push_back(it->second);
        ++restored.answers;
        if (a.round == 0)
            ++initialAnswers;
    }
    if (m_learner->train().hasLabels())
        m_undoFloor = static_cast<size_t>(initialAnswers);

    if (reports.empty()) {
        openCards(0, initialRows);
        return;
    }
    try {
        loadCheckpoint(m_learner->model(), m_journal->checkpointPath());
        restored.modelRestored = true;
    } catch (const DataError& e) {
        restored.warnings.push_back(std::string(e.what()) + ": retraining on the restored labeled set");
        m_learner->trainInitial(progress);
    }
    m_learner->restoreHistory(std::move(reports));
    m_cardsRound = m_learner->round();
    m_roundTrained = true;
    if (restoreProposal()) {
        restored.proposalRestored = true;
        const Proposal& pending = *m_learner->pendingProposal();
        openCards(pending.round, pending.queriedIndices(), &pending);
        EmbeddingMap map;
        const fs::path file = fs::path(m_journal->dir()) / kEmbeddingFile;
        try {
            if (fs::exists(file) && embeddingFromJson(readFileText(file.string()), map) &&
                map.round == m_learner->round())
                restored.embedding = m_restoredMap = std::move(map);
        } catch (const DataError&) {
            // an unreadable map is computed again
        }
    }
}

}  // namespace lada
