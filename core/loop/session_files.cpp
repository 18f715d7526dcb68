// SPDX-License-Identifier: MIT
#include "core/loop/session_files.h"

#include "core/loop/proposal_json.h"
#include "core/util/json_numbers.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace lada {

namespace {

using nlohmann::json;

template <class T>
bool readArray(const json& j, const char* key, std::vector<T>& out)
{
    const auto it = j.find(key);
    if (it == j.end() || !it->is_array())
        return false;
    out.clear();
    for (const json& v : *it) {
        if (!v.is_number())
            return false;
        out.push_back(v.get<T>());
    }
    return true;
}

}  // namespace

std::unordered_map<std::string, int64_t> rowsByPath(const std::vector<std::string>& paths)
{
    std::unordered_map<std::string, int64_t> rowOf;
    for (size_t r = 0; r < paths.size(); ++r)
        rowOf.emplace(paths[r], static_cast<int64_t>(r));
    return rowOf;
}

std::string proposalToJson(const Proposal& p, const std::vector<std::string>& paths)
{
    json queries = json::array();
    for (const Query& q : p.queries) {
        json names = json::array();
        for (int64_t r : q.indices)
            names.push_back(paths.at(static_cast<size_t>(r)));
        json item = {{"rows", q.indices}, {"paths", names}, {"image_scores", q.imageScores},
                     {"score", q.score},  {"tau", q.tau},   {"virtual_score", jsonNumber(q.virtualEntropy)}};
        if (q.alfaMix)
            item["alfa_mix"] = alfaMixToJson(*q.alfaMix);
        queries.push_back(std::move(item));
    }
    json pairs = json::array();
    for (const VirtualPair& v : p.virtualPairs)
        pairs.push_back({{"a", v.a}, {"b", v.b}, {"tau", v.tau}});
    const AcquisitionDiagnostics& d = p.diagnostics;
    const json doc = {{"format", "lada-proposal"},
                      {"version", 1},
                      {"round", p.round},
                      {"pairs", p.pairs},
                      {"queries", queries},
                      {"virtual_pairs", pairs},
                      {"diagnostics",
                       {{"mix_layer", d.mixLayer},
                        {"tau_all", d.tauAll},
                        {"virtual_score_all", d.virtualScoreAll},
                        {"mean_virtual_score", jsonNumber(d.meanVirtualScore)},
                        {"policy_loss", d.policyLoss},
                        {"best_policy_epoch", d.bestPolicyEpoch},
                        {"candidates", d.candidates},
                        {"feature_seconds", d.featureSeconds},
                        {"policy_seconds", d.policySeconds},
                        {"scoring_seconds", d.scoringSeconds},
                        {"selection_seconds", d.selectionSeconds},
                        {"alfa_mix_candidates", d.alfaMixCandidates},
                        {"alfa_mix_last_cap", jsonNumber(d.alfaMixEpsilon)},
                        {"candidate_set", d.candidateSet}}}};
    return doc.dump();
}

bool proposalFromJson(const std::string& text, const std::vector<std::string>& paths, Proposal& out)
{
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != "lada-proposal" ||
        !doc.contains("round") || !doc["round"].is_number_integer() || !doc.contains("queries") ||
        !doc["queries"].is_array())
        return false;
    Proposal p;
    p.round = doc["round"].get<int>();
    p.pairs = doc.value("pairs", false);
    for (const json& q : doc["queries"]) {
        if (!q.is_object())
            return false;
        Query query;
        std::vector<std::string> names;
        if (!readArray(q, "rows", query.indices) || !q.contains("paths") || !q["paths"].is_array())
            return false;
        for (const json& n : q["paths"])
            names.push_back(n.is_string() ? n.get<std::string>() : std::string());
        if (names.size() != query.indices.size())
            return false;
        for (size_t i = 0; i < names.size(); ++i) {
            const int64_t r = query.indices[i];
            if (r < 0 || r >= static_cast<int64_t>(paths.size()) || paths[static_cast<size_t>(r)] != names[i])
                return false;  // the dataset changed under the session: propose again
        }
        readArray(q, "image_scores", query.imageScores);
        query.score = numberOr(q, "score", 0.0);
        query.tau = numberOr(q, "tau", 0.0);
        query.virtualEntropy = numberOr(q, "virtual_score", std::nan(""));
        if (q.contains("alfa_mix"))
            query.alfaMix = alfaMixFromJson(q["alfa_mix"]);
        p.queries.push_back(std::move(query));
    }
    for (const json& v : doc.value("virtual_pairs", json::array())) {
        VirtualPair pair{integerOr(v, "a", -1), integerOr(v, "b", -1), numberOr(v, "tau", 0.0)};
        if (pair.a < 0 || pair.b < 0 || pair.a >= static_cast<int64_t>(paths.size()) ||
            pair.b >= static_cast<int64_t>(paths.size()))
            return false;
        p.virtualPairs.push_back(pair);
    }
    const json d = doc.value("diagnostics", json::object());
    AcquisitionDiagnostics& g = p.diagnostics;
    g.mixLayer = integerOr(d, "mix_layer", -1);
    readArray(d, "tau_all", g.tauAll);
    readArray(d, "virtual_score_all", g.virtualScoreAll);
    readArray(d, "policy_loss", g.policyLoss);
    g.meanVirtualScore = numberOr(d, "mean_virtual_score", std::nan(""));
    g.bestPolicyEpoch = integerOr(d, "best_policy_epoch", -1);
    g.candidates = integerOr(d, "candidates", 0);
    g.featureSeconds = numberOr(d, "feature_seconds", 0.0);
    g.policySeconds = numberOr(d, "policy_seconds", 0.0);
    g.scoringSeconds = numberOr(d, "scoring_seconds", 0.0);
    g.selectionSeconds = numberOr(d, "selection_seconds", 0.0);
    g.alfaMixCandidates = integerOr(d, "alfa_mix_candidates", -1);
    g.alfaMixEpsilon = numberOr(d, "alfa_mix_last_cap", std::nan(""));
    readArray(d, "candidate_set", g.candidateSet);
    for (int64_t r : g.candidateSet)
        if (r < 0 || r >= static_cast<int64_t>(paths.size()))
            return false;
    out = std::move(p);
    return true;
}

std::string embeddingToJson(const EmbeddingMap& m)
{
    json pairs = json::array();
    for (const EmbeddingMap::Pair& p : m.pairs)
        pairs.push_back({{"a", p.a}, {"b", p.b}, {"lambdas", p.lambdas}});
    const json doc = {{"format", "lada-embedding"},
                      {"version", 1},
                      {"round", m.round},
                      {"x", m.x},
                      {"y", m.y},
                      {"label", m.label},
                      {"role", m.role},
                      {"pairs", pairs},
                      {"seconds", m.seconds}};
    return doc.dump();
}

bool embeddingFromJson(const std::string& text, EmbeddingMap& out)
{
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != "lada-embedding")
        return false;
    EmbeddingMap m;
    m.round = integerOr(doc, "round", -1);
    if (!readArray(doc, "x", m.x) || !readArray(doc, "y", m.y) || !readArray(doc, "label", m.label) ||
        !readArray(doc, "role", m.role))
        return false;
    const size_t n = m.x.size();
    if (m.y.size() != n || m.label.size() != n || m.role.size() != n)
        return false;
    for (const json& p : doc.value("pairs", json::array())) {
        EmbeddingMap::Pair pair;
        pair.a = integerOr(p, "a", -1);
        pair.b = integerOr(p, "b", -1);
        if (pair.a < 0 || pair.b < 0 || static_cast<size_t>(pair.a) >= n || static_cast<size_t>(pair.b) >= n)
            return false;
        readArray(p, "lambdas", pair.lambdas);
        m.pairs.push_back(std::move(pair));
    }
    m.seconds = numberOr(doc, "seconds", 0.0);
    out = std::move(m);
    return true;
}

}  // namespace lada
