// SPDX-License-Identifier: MIT
#include "core/loop/session_messages.h"

namespace lada {

std::string sessionDescription(const LabelingSession& session)
{
    const ExperimentConfig& c = session.config();
    return toString(c.strategy.kind) + ", model " + toString(c.model) + " on " + session.learner().device().str() +
           ", budget " + std::to_string(c.budget) + ", initial " + std::to_string(c.initial) + ", " +
           std::to_string(c.training.epochs) + " epochs, seed " + std::to_string(c.seedValue()) + ", " +
           std::to_string(session.learner().poolSize()) + " pool images";
}

std::string restoreDescription(const RestoreSummary& r, const std::string& folder)
{
    std::string warnings;
    for (const std::string& w : r.warnings)
        warnings += "Session " + folder + ": " + w + '\n';
    return warnings + "Restored " + std::to_string(r.answers) + " answers and " + std::to_string(r.rounds.size()) +
           " rounds from " + folder + (r.proposalRestored ? ", the pending round's cards as they were" : "") + "; " +
           std::to_string(r.notFound) + " answers name images not in the dataset, " + std::to_string(r.unknownLabel) +
           " a label outside the class list (both kept in the journal)";
}

std::string importDescription(const ImportOutcome& out, const std::string& csvPath)
{
    std::string text = "Imported " + std::to_string(out.report.imported) + " labels from " + csvPath + " (" +
                       std::to_string(out.applied.size()) + " new to the labeled set)";
    if (!out.report.rejected.empty())
        text += "; " + std::to_string(out.report.rejected.size()) + " rows refused, the first (row " +
                std::to_string(out.report.rejected.front().row) + "): " + out.report.rejected.front().reason;
    return text;
}

std::string exportDescription(const ExportReport& report)
{
    std::string text = report.summary();
    text[0] = 'E';  // a sentence of its own
    for (const std::string& w : report.warnings)
        text += '\n' + w;
    return text;
}

std::string exhaustedDescription(const LabelingSession& session)
{
    return "The pool holds " + std::to_string(session.learner().poolSize()) + " images, fewer than the budget (" +
           std::to_string(session.config().budget) + "): no round to propose";
}

std::vector<std::string> loadDescription(const LabelingSession& session)
{
    std::vector<std::string> lines{"train: " + session.trainLoadReport().summary()};
    if (session.testLoadReport())
        lines.push_back("test: " + session.testLoadReport()->summary());
    else if (session.heldOutFromSplit())
        lines.push_back("no test split: 10 % of the training split measures the accuracy");
    return lines;
}

std::string undoDescription(const LabelingSession& session, int64_t row)
{
    if (session.isOpenCard(row))
        return {};
    return "Undid the answer for " + session.learner().train().paths[static_cast<size_t>(row)] +
           " from an earlier round: it is back in the pool";
}

}  // namespace lada
