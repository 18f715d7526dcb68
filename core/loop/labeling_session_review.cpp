// SPDX-License-Identifier: MIT
// LabelingSession, review and correct: the answered images, a changed or removed answer of any round,
// and undo's one history of answers and review edits. The rules are written in labeling_session.h.
#include "core/error.h"
#include "core/loop/labeling_session.h"
#include "core/loop/session_files.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace lada {

namespace {

/**
 * The held-out rows now: the learner's, then each deferred step in order (`heldOutStep(step)`: the step
 * leaves its row held out), so a row's latest deferred step decides while a phase runs.
 */
template <class Steps, class HeldOutStep>
std::unordered_set<int64_t> heldOutAfter(const std::vector<int64_t>& rows, const Steps& deferred,
                                         HeldOutStep heldOutStep)
{
    std::unordered_set<int64_t> heldOut(rows.begin(), rows.end());
    for (const auto& step : deferred) {
        if (heldOutStep(step))
            heldOut.insert(step.row);
        else
            heldOut.erase(step.row);
    }
    return heldOut;
}

}  // namespace

std::vector<ReviewEntry> LabelingSession::answeredImages() const
{
    std::lock_guard lock(m_mutex);
    if (!m_journal)
        throw Error("this session has no folder: its answers are not journaled, so they cannot be reviewed");
    const std::unordered_map<std::string, int64_t> rowOf = rowsByPath(m_learner->train().paths);
    const fs::path root(m_journal->info().datasetRoot);
    // Looked up per answer below: indexed once, not searched per answer (a session holds thousands).
    const std::unordered_set<int64_t> heldOut = heldOutNow();
    std::unordered_map<int64_t, size_t> orderOf;
    for (size_t i = 0; i < m_answerOrder.size(); ++i)
        orderOf.emplace(m_answerOrder[i], i);
    std::vector<ReviewEntry> out;
    for (const Answer& a : m_journal->currentAnswers()) {
        const auto it = rowOf.find(a.path);
        // Not in this split (the held-out share) or a label outside the classes (the image is in the pool).
        if (it == rowOf.end() || (!a.skipped && a.classIndex < 0))
            continue;
        ReviewEntry e;
        e.row = it->second;
        e.path = (root / a.path).lexically_normal().string();
        e.label = a.skipped ? -1 : a.classIndex;
        e.round = a.round;
        e.time = a.time;
        e.heldOut = heldOut.count(e.row) > 0;
        const auto order = orderOf.find(e.row);
        e.belowUndoFloor = order != orderOf.end() && order->second < m_undoFloor;
        out.push_back(std::move(e));
    }
    return out;
}

std::unordered_set<int64_t> LabelingSession::heldOutNow() const
{
    return heldOutAfter(m_heldOutRows, m_deferred,
                        [](const Deferred& d) { return d.kind == Deferred::Kind::Answer && d.heldOut; });
}

bool LabelingSession::isHeldOut(int64_t row) const
{
    return heldOutNow().count(row) > 0;
}

Answer LabelingSession::reviewedAnswer(int64_t row) const
{
    if (!m_journal)
        throw Error("this session has no folder: its answers are not journaled, so they cannot be reviewed");
    if (row < 0 || row >= m_learner->train().size())
        throw Error("row " + std::to_string(row) + " is not in the training split");
    const std::string& path = m_learner->train().paths[static_cast<size_t>(row)];
    const std::optional<Answer> current = m_journal->currentAnswer(path);
    if (!current || (!current->skipped && current->classIndex < 0)) {
        const auto card = std::find(m_cardRows.begin(), m_cardRows.end(), row);
        if (card != m_cardRows.end() && !m_roundTrained)
            throw Error("\"" + path + "\" is an open card of round " + std::to_string(m_cardsRound) +
                        " that has no answer yet: answer it on its card");
        throw Error("\"" + path + "\" has no answer to review: it is in the pool");
    }
    return *current;
}

void LabelingSession::reapplyAnswer(int64_t row, int label, bool heldOut)
{
    if (m_phaseRunning) {
        // The learner is read by the running phase: both steps wait for endPhase, in this order.
        m_deferred.push_back({Deferred::Kind::Undo, row, -1, false});
        m_deferred.push_back({Deferred::Kind::Answer, row, label, heldOut});
        return;
    }
    if (!m_learner->isInPool(row))
        forgetAnswer(row);
    applyAnswer(row, label, heldOut);
}

std::optional<AnswerOutcome> LabelingSession::changeAnswer(int64_t row, std::optional<int> label)
{
    std::lock_guard lock(m_mutex);
    if (label && (*label < 0 || *label >= m_learner->train().numClasses()))
        throw ConfigError("label " + std::to_string(*label) + " is outside the " +
                          std::to_string(m_learner->train().numClasses()) + " classes");
    const Answer current = reviewedAnswer(row);
    const int before = current.skipped ? -1 : current.classIndex;
    const int y = label.value_or(-1);
    if (y == before)
        return std::nullopt;
    const std::string& path = m_learner->train().paths[static_cast<size_t>(row)];
    // On the disk before anything else changes; throws when it cannot be written. The image keeps the
    // round it was answered in.
    const Answer recorded =
        y >= 0 ? m_journal->recordLabel(path, y, current.round) : m_journal->recordSkip(path, current.round);
    const bool wasHeldOut = isHeldOut(row);
    const bool heldOut = wasHeldOut && y >= 0;
    ReviewEdit edit;
    edit.kind = ReviewEdit::Kind::Change;
    edit.row = row;
    edit.label = before;
    edit.round = current.round;
    edit.heldOut = wasHeldOut;
    edit.seq = recorded.seq;
    edit.orderSize = m_answerOrder.size();
    m_reviewEdits.push_back(edit);
    reapplyAnswer(row, y, heldOut);
    return AnswerOutcome{row, y, heldOut, !m_phaseRunning};
}

AnswerOutcome LabelingSession::removeAnswer(int64_t row)
{
    std::lock_guard lock(m_mutex);
    const Answer current = reviewedAnswer(row);
    m_journal->retractAll(current.path);  // journaled first; throws when it cannot be written
    ReviewEdit edit;
    edit.kind = ReviewEdit::Kind::Remove;
    edit.row = row;
    edit.label = current.skipped ? -1 : current.classIndex;
    edit.round = current.round;
    edit.heldOut = isHeldOut(row);
    const auto order = std::find(m_answerOrder.begin(), m_answerOrder.end(), row);
    if (order != m_answerOrder.end()) {
        edit.inOrder = true;
        edit.orderIndex = static_cast<size_t>(order - m_answerOrder.begin());
        edit.belowFloor = edit.orderIndex < m_undoFloor;
        if (edit.belowFloor)
            --m_undoFloor;
        m_answerOrder.erase(order);
    }
    const auto card = std::find(m_cardRows.begin(), m_cardRows.end(), row);
    if (card != m_cardRows.end() && !m_roundTrained) {
        m_cardAnswered[static_cast<size_t>(card - m_cardRows.begin())] = 0;  // to be answered again on its card
        edit.reopenedCard = true;
    }
    edit.orderSize = m_answerOrder.size();
    m_reviewEdits.push_back(edit);
    if (m_phaseRunning)
        m_deferred.push_back({Deferred::Kind::Undo, row, -1, false});
    else if (!m_learner->isInPool(row))
        forgetAnswer(row);
    return AnswerOutcome{row, edit.label, edit.heldOut, !m_phaseRunning};
}

std::optional<UndoneStep> LabelingSession::undoStep()
{
    std::lock_guard lock(m_mutex);
    // One history: a review edit is the latest step when no answer was added after it (answers given
    // after it were undone first, so the order is as it was right after the edit).
    if (!m_reviewEdits.empty() && m_reviewEdits.back().orderSize == m_answerOrder.size())
        return undoReviewEdit();
    if (m_answerOrder.size() <= m_undoFloor)
        return std::nullopt;
    UndoneStep step;
    step.row = undoLatestAnswer();
    return step;
}

UndoneStep LabelingSession::undoReviewEdit()
{
    const ReviewEdit edit = m_reviewEdits.back();
    const std::string& path = m_learner->train().paths[static_cast<size_t>(edit.row)];
    UndoneStep step;
    step.row = edit.row;
    step.label = edit.label;
    if (edit.kind == ReviewEdit::Kind::Change) {
        step.kind = UndoneStep::Kind::Change;
        m_journal->retract(edit.seq);  // the previous answer, still in force underneath, is current again
        m_reviewEdits.pop_back();
        reapplyAnswer(edit.row, edit.label, edit.heldOut);
        return step;
    }
    step.kind = UndoneStep::Kind::Remove;
    // The journal is append-only: the removed answer is journaled again, with its round.
    if (edit.label >= 0)
        m_journal->recordLabel(path, edit.label, edit.round);
    else
        m_journal->recordSkip(path, edit.round);
    m_reviewEdits.pop_back();
    if (edit.inOrder) {
        m_answerOrder.insert(m_answerOrder.begin() + static_cast<std::ptrdiff_t>(edit.orderIndex), edit.row);
        if (edit.belowFloor)
            ++m_undoFloor;
    }
    if (edit.reopenedCard) {
        const auto card = std::find(m_cardRows.begin(), m_cardRows.end(), edit.row);
        if (card != m_cardRows.end())
            m_cardAnswered[static_cast<size_t>(card - m_cardRows.begin())] = 1;
    }
    reapplyAnswer(edit.row, edit.label, edit.heldOut);
    return step;
}

}  // namespace lada
