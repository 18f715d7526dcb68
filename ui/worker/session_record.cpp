// SPDX-License-Identifier: MIT
#include "ui/worker/session_record.h"

#include "core/error.h"
#include "core/loop/results_writer.h"
#include "ui/launch_options.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace lada::ui {

namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double numberOr(const json& j, const char* key, double fallback)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

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

} // namespace

std::map<std::string, std::string> settingsToMap(const SessionSettings& s)
{
    auto num = [](double v) { return QString::number(v, 'g', 17).toStdString(); };
    return {{"strategy", s.strategy.toStdString()}, {"model", s.model.toStdString()},
            {"device", s.device.toStdString()}, {"budget", std::to_string(s.budget)},
            {"initial", std::to_string(s.initial)}, {"epochs", std::to_string(s.epochs)},
            {"gamma", num(s.gamma)}, {"lambda-samples", std::to_string(s.lambdaSamples)},
            {"fixed-tau", num(s.fixedTau)}, {"policy-epochs", std::to_string(s.policyEpochs)},
            {"policy-objective", s.policyObjective.toStdString()}, {"pool-subset", std::to_string(s.poolSubset)},
            {"threads", std::to_string(s.threads)}, {"seed", std::to_string(s.seed)},
            {"tsne-points", std::to_string(s.tsnePoolSample)}, {"tsne-iterations", std::to_string(s.tsneIterations)}};
}

SessionSettings settingsFromMap(const std::map<std::string, std::string>& map, SessionSettings defaults)
{
    for (const auto& [key, value] : map) {
        SessionSettings probe = defaults;
        if (applySetting(probe, QString::fromStdString(key + "=" + value)))
            defaults = probe;
    }
    return defaults;
}

OpenRequest openRequestFor(const SessionInfo& info, bool unlabeled, const QString& cacheFolder)
{
    OpenRequest r;
    r.trainSource = QString::fromStdString(info.trainSource.empty() ? info.datasetRoot : info.trainSource);
    r.testSource = QString::fromStdString(info.testSource);
    if (unlabeled)
        for (const std::string& c : info.classNames)
            r.classNames << QString::fromStdString(c);
    r.cacheFolder = cacheFolder;
    return r;
}

std::string historyRecord(const RoundReport& report, const RoundMetrics& m)
{
    json j = json::parse(roundToJson(report));
    j["workbench"] = {{"labeled", m.labeledCount}, {"skipped", m.skippedCount}, {"pool", m.poolCount},
                      {"held_out", m.heldOutCount}, {"accuracy_source", sourceName(m.accuracySource)},
                      {"accuracy", std::isnan(m.accuracy) ? json(nullptr) : json(m.accuracy)}};
    return j.dump();
}

RestoredRound restoreRound(const std::string& record)
{
    json j;
    try {
        j = json::parse(record);
    } catch (const json::exception& e) {
        throw DataError(std::string("history record is not JSON: ") + e.what());
    }
    if (!j.is_object() || !j.contains("round") || !j["round"].is_number_integer() || !j.contains("workbench"))
        throw DataError("history record without \"round\" and \"workbench\": not written by the workbench");
    RestoredRound r;
    const json& w = j["workbench"];
    RoundReport& rep = r.report;
    rep.round = j["round"].get<int>();
    rep.labeledCount = j.value("labeled", int64_t{0});
    rep.skippedCount = j.value("skipped", int64_t{0});
    rep.testAccuracy = numberOr(j, "test_accuracy", kNaN);
    rep.trainLoss = numberOr(j, "train_loss", 0.0);
    rep.virtualInstances = j.value("virtual_instances", int64_t{0});
    const json seconds = j.value("seconds", json::object());
    rep.scoringSeconds = numberOr(seconds, "scoring", 0.0);
    rep.selectionSeconds = numberOr(seconds, "selection", 0.0);
    rep.trainingSeconds = numberOr(seconds, "training", 0.0);
    rep.evaluationSeconds = numberOr(seconds, "evaluation", 0.0);

    RoundMetrics& m = r.metrics;
    m.round = rep.round;
    m.labeledCount = w.value("labeled", rep.labeledCount);
    m.skippedCount = w.value("skipped", int64_t{0});
    m.poolCount = w.value("pool", int64_t{0});
    m.heldOutCount = w.value("held_out", int64_t{0});
    m.accuracy = numberOr(w, "accuracy", kNaN);
    const std::string source = w.value("accuracy_source", std::string("none"));
    m.accuracySource = source == "test"       ? AccuracySource::TestSplit
                       : source == "held-out" ? AccuracySource::HeldOut
                                              : AccuracySource::None;
    m.trainLoss = rep.trainLoss;
    m.scoringSeconds = rep.scoringSeconds;
    m.trainingSeconds = rep.trainingSeconds;
    m.evaluationSeconds = rep.evaluationSeconds;
    m.virtualInstances = rep.virtualInstances;

    RoundProposal& p = r.plotData;
    p.round = rep.round;
    p.mixLayer = j.value("mix_layer", -1);
    p.pairs = p.mixLayer >= 0;
    p.tauAll = floats(j, "tau_all");
    p.virtualScoreAll = floats(j, "virtual_score_all");
    p.meanVirtualScore = numberOr(j, "mean_virtual_score", kNaN);
    for (const json& q : j.value("queries", json::array())) {
        if (!q.contains("tau") || !q["tau"].is_number())
            continue;
        QueryView view;
        view.images.resize(2);  // a pair: the plots need its tau* only
        view.tau = q["tau"].get<double>();
        view.virtualEntropy = numberOr(q, "virtual_score", kNaN);
        p.queries.push_back(std::move(view));
    }
    return r;
}

} // namespace lada::ui
