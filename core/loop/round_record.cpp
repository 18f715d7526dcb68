// SPDX-License-Identifier: MIT
#include "core/loop/round_record.h"

#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/loop/results_writer.h"
#include "core/util/excerpt.h"
#include "core/util/json_numbers.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace lada {

namespace {

using nlohmann::json;

/** An array of numbers, or the values of a quantile object ({"p5": ..., "p25": ...}) in key order. */
std::vector<float> floats(const json& j, const char* key)
{
    std::vector<float> out;
    const auto it = j.find(key);
    if (it == j.end())
        return out;
    for (const json& v : *it)
        if (v.is_number())
            out.push_back(v.get<float>());
    return out;
}

const char* sourceName(AccuracySource s)
{
    switch (s) {
    case AccuracySource::TestSplit: return "test";
    case AccuracySource::HeldOut: return "held-out";
    case AccuracySource::None: break;
    }
    return "none";
}

AccuracySource sourceFromName(const std::string& s)
{
    return s == "test" ? AccuracySource::TestSplit : s == "held-out" ? AccuracySource::HeldOut : AccuracySource::None;
}

}  // namespace

std::string roundSummary(const RoundOutcome& o)
{
    const char* source = o.accuracySource == AccuracySource::TestSplit ? "test split"
                         : o.accuracySource == AccuracySource::HeldOut ? "held out"
                                                                       : "not measured";
    char line[256];
    std::snprintf(line, sizeof line,
                  "round %d: %lld labeled, accuracy %.2f %% (%s), loss %.4f, acquisition %.2f s, training %.2f s",
                  o.report.round, static_cast<long long>(o.labeled), 100.0 * o.accuracy, source, o.report.trainLoss,
                  o.report.scoringSeconds, o.report.trainingSeconds);
    return line;
}

std::string roundRecordJson(const RoundOutcome& o, const ExperimentConfig* config)
{
    json j = json::parse(roundToJson(o.report));
    j["session"] = {{"labeled", o.labeled},
                    {"skipped", o.skipped},
                    {"pool", o.pool},
                    {"held_out", o.heldOut},
                    {"accuracy_source", sourceName(o.accuracySource)},
                    {"accuracy", std::isnan(o.accuracy) ? json(nullptr) : json(o.accuracy)}};
    if (config)
        j["config"] = json::parse(configToJson(*config));
    return j.dump();
}

RoundOutcome roundRecordFromJson(const std::string& record)
{
    json j;
    try {
        j = json::parse(record);
    } catch (const json::exception& e) {
        throw DataError("history record is not JSON: " + excerpt(e.what()));
    }
    if (!j.is_object() || !j.contains("round") || !j["round"].is_number_integer())
        throw DataError("history record without an integer \"round\"");
    RoundOutcome o;
    RoundReport& rep = o.report;
    rep.round = j["round"].get<int>();
    rep.labeledCount = integerOr(j, "labeled", 0);
    rep.skippedCount = integerOr(j, "skipped", 0);
    rep.testAccuracy = numberOr(j, "test_accuracy", kNaN);
    rep.trainLoss = numberOr(j, "train_loss", 0.0);
    rep.virtualInstances = integerOr(j, "virtual_instances", 0);
    const json seconds = j.value("seconds", json::object());
    rep.scoringSeconds = numberOr(seconds, "scoring", 0.0);
    rep.selectionSeconds = numberOr(seconds, "selection", 0.0);
    rep.trainingSeconds = numberOr(seconds, "training", 0.0);
    rep.evaluationSeconds = numberOr(seconds, "evaluation", 0.0);

    Proposal& p = rep.proposal;
    p.round = rep.round;
    AcquisitionDiagnostics& d = p.diagnostics;
    d.mixLayer = integerOr(j, "mix_layer", -1);
    p.pairs = d.mixLayer >= 0;
    d.candidates = integerOr(j, "candidates", 0);
    d.tauAll = floats(j, "tau_all");
    d.virtualScoreAll = floats(j, "virtual_score_all");
    d.meanVirtualScore = numberOr(j, "mean_virtual_score", kNaN);
    for (const json& q : j.value("queries", json::array())) {
        Query query;
        for (const json& row : q.value("pool_indices", json::array()))
            if (row.is_number_integer())
                query.indices.push_back(row.get<int64_t>());
        query.score = numberOr(q, "score", 0.0);
        query.tau = numberOr(q, "tau", 0.0);
        query.virtualEntropy = numberOr(q, "virtual_score", kNaN);
        p.queries.push_back(std::move(query));
    }

    // The session's own view of the round: this version writes "session", the workbench wrote
    // "workbench"; lada-cli's records have neither, and their accuracy is the test split's.
    const json* s = j.contains("session") ? &j["session"] : j.contains("workbench") ? &j["workbench"] : nullptr;
    if (s != nullptr && s->is_object()) {
        o.labeled = s->value("labeled", rep.labeledCount);
        o.skipped = integerOr(*s, "skipped", 0);
        o.pool = integerOr(*s, "pool", 0);
        o.heldOut = integerOr(*s, "held_out", 0);
        o.accuracy = numberOr(*s, "accuracy", kNaN);
        o.accuracySource = sourceFromName(s->value("accuracy_source", std::string("none")));
    } else {
        o.labeled = rep.labeledCount;
        o.skipped = rep.skippedCount;
        o.accuracy = rep.testAccuracy;
        o.accuracySource = std::isnan(rep.testAccuracy) ? AccuracySource::None : AccuracySource::TestSplit;
    }
    return o;
}

}  // namespace lada
