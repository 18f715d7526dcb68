// SPDX-License-Identifier: MIT
#pragma once

#include "core/loop/labeling_session.h"

#include <string>
#include <vector>

namespace lada {

// The sentences lada-cli and the workbench print about a labeling session: written once, here.

/** "entropy, model cnn on cpu, budget 10, initial 20, 50 epochs, seed 7, 5,400 pool images". */
std::string sessionDescription(const LabelingSession& session);
/** What reopening `folder` restored: its warnings (a line each), then answers, rounds, the pending cards, answers kept but not applied. */
std::string restoreDescription(const RestoreSummary& restored, const std::string& folder);
/** What a labels CSV import did: imported, new to the labeled set, refused rows (the first one named). */
std::string importDescription(const ImportOutcome& outcome, const std::string& csvPath);
/** What an export wrote (ExportReport::summary) and its warnings, one per line. */
std::string exportDescription(const ExportReport& report);
/** Why no round is proposed: the pool holds fewer images than the budget. */
std::string exhaustedDescription(const LabelingSession& session);
/** What loading read and skipped, one line per split, and how the accuracy is measured without a test split. */
std::vector<std::string> loadDescription(const LabelingSession& session);
/** The message for an undone answer of an earlier round (its image is back in the pool); empty for an open card. */
std::string undoDescription(const LabelingSession& session, int64_t row);

}  // namespace lada
