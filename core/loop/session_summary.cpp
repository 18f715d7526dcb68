// SPDX-License-Identifier: MIT
#include "core/loop/session_summary.h"

#include "core/config/setting_table.h"
#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

namespace lada {

namespace {

std::string folderName(const std::string& dir)
{
    std::filesystem::path p(dir);
    if (p.filename().empty())  // "a/b/" names its folder with the part before the slash
        p = p.parent_path();
    return p.filename().string();
}

RoundPairs pairsOf(const RoundReport& report)
{
    const AcquisitionDiagnostics& d = report.proposal.diagnostics;
    RoundPairs r;
    r.round = report.round;
    r.mixLayer = d.mixLayer;
    // A LADA round scores its candidates as pairs (2 images each); history.jsonl keeps tau* of every pair
    // only up to 200 pairs, quantiles beyond, so the count comes from the candidates.
    r.pairs = d.candidates > 0 ? d.candidates / 2 : static_cast<int64_t>(d.tauAll.size());
    r.meanVirtualEntropy = d.meanVirtualScore;
    if (!d.tauAll.empty()) {
        std::vector<float> sorted = d.tauAll;
        std::sort(sorted.begin(), sorted.end());
        const std::size_t n = sorted.size();
        r.tauMedian = n % 2 == 1 ? sorted[n / 2] : 0.5 * (double(sorted[n / 2 - 1]) + double(sorted[n / 2]));
    }
    double sum = 0;
    int count = 0;
    for (const Query& q : report.proposal.queries)
        if (q.indices.size() == 2 || q.tau > 0) {
            sum += q.tau;
            ++count;
        }
    if (count > 0)
        r.queriedTauMean = sum / count;
    return r;
}

}  // namespace

SessionSummary summarizeSession(const Session& session)
{
    const SessionInfo& info = session.info();
    SessionSummary s;
    s.name = folderName(session.dir());
    s.datasetRoot = info.datasetRoot;
    s.trainSource = info.trainSource;
    s.testSource = info.testSource;
    s.created = info.created;
    s.classNames = info.classNames;
    const std::map<std::string, std::string> settings = configToMap(info.config);
    s.settings.assign(settings.begin(), settings.end());
    if (const auto it = settings.find("strategy"); it != settings.end())
        s.strategy = it->second;
    s.warnings = session.warnings();

    s.labelsPerClass.assign(info.classNames.size(), 0);
    for (const auto& [path, classIndex] : session.labels())
        if (classIndex >= 0 && classIndex < static_cast<int>(s.labelsPerClass.size())) {
            ++s.labelsPerClass[static_cast<std::size_t>(classIndex)];
            ++s.labeledImages;
        }
    s.skippedImages = static_cast<int64_t>(session.skipped().size());

    std::map<int, RoundActivity> activity;
    for (const Answer& a : session.allAnswers()) {
        RoundActivity& r = activity[a.round];
        r.round = a.round;
        if (a.retracted)
            ++r.undone;
        else if (a.skipped)
            ++r.skipped;
        else
            ++r.labeled;
    }
    for (const auto& [round, r] : activity)
        s.activity.push_back(r);

    const std::vector<Answer> current = session.currentAnswers();
    for (const Answer& a : current)
        if (a.round != kImportRound)
            s.lastRound = std::max(s.lastRound, a.round);
    for (const Answer& a : current)
        if (s.lastRound >= 0 && a.round == s.lastRound)
            s.lastRoundAnswers.push_back(a);

    const std::vector<std::string>& history = session.history();
    for (std::size_t i = 0; i < history.size(); ++i) {
        try {
            RoundOutcome o = roundRecordFromJson(history[i]);
            const AcquisitionDiagnostics& d = o.report.proposal.diagnostics;
            s.hasTau = s.hasTau || !d.tauAll.empty();
            s.hasVirtualEntropy = s.hasVirtualEntropy || !std::isnan(d.meanVirtualScore);
            if (!d.tauAll.empty() || !std::isnan(d.meanVirtualScore))
                s.pairRounds.push_back(pairsOf(o.report));
            s.rounds.push_back(std::move(o));
        } catch (const Error& e) {
            s.warnings.push_back(session.historyPath() + " record " + std::to_string(i + 1) + " left out: " + e.what());
        }
    }
    return s;
}

}  // namespace lada
