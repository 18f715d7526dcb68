// SPDX-License-Identifier: MIT
#include "core/loop/results_writer.h"

#include "core/loop/proposal_json.h"

#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/util/json_numbers.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace lada {

namespace {

using nlohmann::json;

json quantiles(std::vector<float> v)
{
    std::sort(v.begin(), v.end());
    json q = json::object();
    if (v.empty())
        return q;
    for (double p : {0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0}) {
        const size_t i = static_cast<size_t>(std::lround(p * double(v.size() - 1)));
        q["p" + std::to_string(static_cast<int>(std::lround(p * 100)))] = v[i];
    }
    return q;
}

/**
 * Counts of `v` in bins of kHistogramBinBits bits from 0 up to the largest finite value's bin (NaN and
 * negative values are not counted): the virtual-entropy histogram (Fig. 7b) of a round with too many pairs
 * to list, as {"bin_bits": w, "counts": [...]}, bin i holding [i w, (i + 1) w).
 */
constexpr double kHistogramBinBits = 1.0 / 32.0;

json histogram(const std::vector<float>& v)
{
    std::vector<int64_t> counts;
    for (const float x : v) {
        if (!std::isfinite(x) || x < 0.0f)
            continue;
        const auto bin = static_cast<size_t>(std::floor(double(x) / kHistogramBinBits));
        if (bin >= counts.size())
            counts.resize(bin + 1, 0);
        ++counts[bin];
    }
    return {{"bin_bits", kHistogramBinBits}, {"counts", counts}};
}

json roundJson(const RoundReport& r)
{
    json j = {{"round", r.round},
              {"labeled", r.labeledCount},
              {"skipped", r.skippedCount},
              {"test_accuracy", jsonNumber(r.testAccuracy)},
              {"train_loss", r.trainLoss},
              {"virtual_instances", r.virtualInstances},
              {"seconds",
               {{"scoring", r.scoringSeconds},
                {"selection", r.selectionSeconds},
                {"training", r.trainingSeconds},
                {"evaluation", r.evaluationSeconds}}}};
    if (r.round == 0)
        return j;
    const Proposal& p = r.proposal;
    const AcquisitionDiagnostics& d = p.diagnostics;
    json queries = json::array();
    size_t answer = 0;
    for (const Query& q : p.queries) {
        json item = {{"pool_indices", q.indices}, {"scores", q.imageScores}, {"score", q.score}};
        json labels = json::array();
        for (size_t i = 0; i < q.indices.size() && answer < r.answeredLabels.size(); ++i)
            labels.push_back(r.answeredLabels[answer++]);
        item["labels"] = labels;
        if (q.indices.size() == 2) {
            item["tau"] = q.tau;
            item["virtual_score"] = jsonNumber(q.virtualEntropy);
        }
        if (q.alfaMix)
            item["alfa_mix"] = alfaMixToJson(*q.alfaMix);
        queries.push_back(item);
    }
    j["queries"] = queries;
    j["candidates"] = d.candidates;
    j["seconds"]["feature_extraction"] = d.featureSeconds;
    j["seconds"]["policy_training"] = d.policySeconds;
    j["seconds"]["acquisition_scoring"] = d.scoringSeconds;
    if (d.alfaMixCandidates >= 0) {
        j["alfa_mix_candidates"] = d.alfaMixCandidates;
        j["alfa_mix_last_cap"] = d.alfaMixEpsilon;
    }
    if (d.mixLayer >= 0) {
        j["mix_layer"] = d.mixLayer;
        if (!d.tauAll.empty()) {
            j["tau_all"] = d.tauAll.size() > 200 ? json(quantiles(d.tauAll)) : json(d.tauAll);
            j["virtual_score_all"] =
                d.virtualScoreAll.size() > 200 ? json(quantiles(d.virtualScoreAll)) : json(d.virtualScoreAll);
            j["tau_quantiles"] = quantiles(d.tauAll);
            if (d.virtualScoreAll.size() > 200)  // every pair's score, binned: the quantiles alone cannot draw Fig. 7b
                j["virtual_score_histogram"] = histogram(d.virtualScoreAll);
        }
        j["mean_virtual_score"] = jsonNumber(d.meanVirtualScore);
        j["policy_loss"] = d.policyLoss;
        j["best_policy_epoch"] = d.bestPolicyEpoch;
        json pairs = json::array();
        for (const VirtualPair& v : p.virtualPairs)
            pairs.push_back({{"a", v.a}, {"b", v.b}, {"tau", v.tau}});
        j["virtual_pairs"] = pairs;
    }
    return j;
}

void writeAtomically(const std::string& path, const std::string& text)
{
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("cannot write \"" + tmp + "\": " + std::strerror(errno));
        out << text;
        out.flush();
        if (!out)
            throw Error("cannot write \"" + tmp + "\": disk full or I/O error");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec)
        throw Error("cannot rename \"" + tmp + "\" to \"" + path + "\": " + ec.message());
}

}  // namespace

std::string roundToJson(const RoundReport& report)
{
    return roundJson(report).dump();
}

std::string curveTable(const std::vector<RoundReport>& reports)
{
    char line[160];
    std::snprintf(line, sizeof line, "%-6s %-8s %-10s\n", "round", "labeled", "accuracy");
    std::string out = line;
    for (const RoundReport& r : reports) {
        std::snprintf(line, sizeof line, "%-6d %-8lld %-10.4f\n", r.round, static_cast<long long>(r.labeledCount),
                      r.testAccuracy);
        out += line;
    }
    const CurveSummary s = summarizeCurve(reports);
    std::snprintf(line, sizeof line, "final %.4f  best %.4f (round %d)  area under curve %.4f\n", s.finalAccuracy,
                  s.bestAccuracy, s.bestRound, s.areaUnderCurve);
    return out + line;
}

std::string curveCsvPath(const std::string& jsonPath)
{
    std::filesystem::path p(jsonPath);
    p.replace_extension(".csv");
    return p.string();
}

void writeResults(const std::string& path, const ExperimentConfig& config, const RunProvenance& provenance,
                  const std::vector<RoundReport>& reports)
{
    const CurveSummary s = summarizeCurve(reports);
    json rounds = json::array();
    for (const RoundReport& r : reports)
        rounds.push_back(roundJson(r));
    const json doc = {{"program", "lada-cli"},
                      {"version", 2},
                      {"config", json::parse(configToJson(config))},
                      {"data",
                       {{"train", provenance.trainSource},
                        {"test", provenance.testSource},
                        {"train_images", provenance.trainImages},
                        {"test_images", provenance.testImages},
                        {"train_skipped", provenance.trainSkipped},
                        {"test_skipped", provenance.testSkipped}}},
                      {"runtime", {{"device", provenance.device}, {"threads", provenance.threads}}},
                      {"rounds", rounds},
                      {"summary",
                       {{"final_accuracy", s.finalAccuracy},
                        {"best_accuracy", s.bestAccuracy},
                        {"best_round", s.bestRound},
                        {"area_under_curve", s.areaUnderCurve},
                        {"area_under_curve_definition",
                         "trapezoidal area under test accuracy vs labeled count, divided by the labeled range"}}}};
    writeAtomically(path, doc.dump(2) + "\n");

    std::string csv = "round,labeled,test_accuracy,train_loss,scoring_s,selection_s,training_s,evaluation_s,"
                      "mix_layer,tau_median,mean_virtual_score\n";
    for (const RoundReport& r : reports) {
        const AcquisitionDiagnostics& d = r.proposal.diagnostics;
        std::vector<float> t = d.tauAll;
        std::sort(t.begin(), t.end());
        char line[512];
        std::snprintf(line, sizeof line, "%d,%lld,%.6f,%.6f,%.4f,%.4f,%.4f,%.4f,%d,%s,%s\n", r.round,
                      static_cast<long long>(r.labeledCount), r.testAccuracy, r.trainLoss, r.scoringSeconds,
                      r.selectionSeconds, r.trainingSeconds, r.evaluationSeconds, d.mixLayer,
                      t.empty() ? "" : std::to_string(t[t.size() / 2]).c_str(),
                      std::isnan(d.meanVirtualScore) ? "" : std::to_string(d.meanVirtualScore).c_str());
        csv += line;
    }
    writeAtomically(curveCsvPath(path), csv);
}

}  // namespace lada
