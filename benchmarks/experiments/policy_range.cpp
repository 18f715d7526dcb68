// SPDX-License-Identifier: MIT
// Issue 13, study step 1: the learned mixing policy's range. On fixed cnn/MNIST classifier states (the
// paper's training, balanced initial 20 plus random additions), one LADA proposal per setting on the same
// 2,000 candidates: mean virtual-instance entropy (bits) of learned tau* for every tau_max x policy lr x
// epochs, against fixed tau and the pipelined baseline (ent-manifold-mixup's pairs at its fixed tau).
// Usage: policy_range <mnist-root> --out DIR [--states 20,50,100] [--layers 1,2] [--seeds 1,2,3]
//        [--tau-max 1,2,4,8] [--lr 5e-5,1e-3] [--epochs 10,30] [--fixed-tau 0.5,1,2,4,8] [--limit N]
// (--limit N: the first N learned settings only; one thread.) --tables a.json,b.json --out DIR rewrites
// DIR/policy-range.md from earlier JSON. Writes DIR/policy-range.json after every measurement.
#include "../bench_support.h"

#include "core/acquisition/info_mixup.h"
#include "core/acquisition/lada_strategy.h"
#include "core/data/dataset_loader.h"
#include "core/loop/active_learner.h"
#include "core/util/device.h"
#include "core/util/durable_io.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using namespace lada;
using namespace lada::bench;
using json = nlohmann::json;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kBudget = 10;         ///< b: 5 pairs per proposal, as in the 20-round study
constexpr uint64_t kStateSeed = 1;      ///< the labeled sets and the classifier's training
constexpr uint64_t kCandidateSeed = 7;  ///< the candidates of every state (the same for every setting)

struct Args {
    std::string root, out;
    std::vector<int> states{20, 50, 100}, layers{1, 2}, seeds{1, 2, 3}, epochs{10, 30};
    std::vector<double> tauMax{1, 2, 4, 8}, lr{5e-5, 1e-3}, fixedTau{0.5, 1, 2, 4, 8};
    int limit = -1;
};

template <class T>
std::vector<T> parseList(const std::string& text)
{
    std::vector<T> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        out.push_back(static_cast<T>(std::stod(item)));
    return out;
}

/** One setting of step 1: a learned policy, a fixed tau, the pipelined baseline or the lambda = 1/2 probe. */
struct Setting {
    std::string family;  ///< "learned", "fixed", "pipelined", "lambda-half"
    double tauMax = kNaN, learningRate = kNaN, tau = kNaN;
    int epochs = 0;

    std::string label() const
    {
        char b[96];
        if (family == "learned")
            std::snprintf(b, sizeof b, "learned tau_max=%g lr=%g ep=%d", tauMax, learningRate, epochs);
        else if (family == "fixed")
            std::snprintf(b, sizeof b, "fixed tau=%g", tau);
        else if (family == "pipelined")
            std::snprintf(b, sizeof b, "ent-manifold-mixup (tau=%g)", tau);
        else
            std::snprintf(b, sizeof b, "lambda=1/2 probe (tau->inf)");
        return b;
    }
};

/** What one proposal measured. Entropies in bits; the policy loss is L_pi / P (Eq. 12), -bits per pair. */
struct Measurement {
    double virtualAll = kNaN;       ///< mean (1/N) sum_n H[h_mix^n] over all candidate pairs (diagnostics)
    double virtualSelected = kNaN;  ///< the same over the selected pairs (the round's virtual set X_M)
    double tauMean = kNaN, tauQ05 = kNaN, tauQ25 = kNaN, tauMedian = kNaN, tauQ75 = kNaN, tauQ95 = kNaN;
    std::vector<double> lossPerPair;  ///< per policy epoch
    int bestEpoch = -1;
    double seconds = 0.0, policySeconds = 0.0;
    std::vector<int64_t> queried;  ///< dataset rows, query order
    double overlap = kNaN;         ///< |queried ∩ fixed tau = 2's queried| / |fixed tau = 2's queried|, same seed
};

double quantileOf(const torch::Tensor& t, double q)
{
    return torch::quantile(t, q).item<double>();
}

void fillTau(Measurement& m, const std::vector<float>& tauAll)
{
    if (tauAll.empty())
        return;
    const torch::Tensor t = torch::tensor(tauAll);
    m.tauMean = t.mean().item<double>();
    m.tauQ05 = quantileOf(t, 0.05);
    m.tauQ25 = quantileOf(t, 0.25);
    m.tauMedian = quantileOf(t, 0.5);
    m.tauQ75 = quantileOf(t, 0.75);
    m.tauQ95 = quantileOf(t, 0.95);
}

/** h^k of dataset rows, float [M, ...], under NoGradGuard (the strategy's own extraction, step 3). */
torch::Tensor mapsOf(ActiveLearner& learner, const std::vector<int64_t>& rows, int k)
{
    torch::NoGradGuard noGrad;
    learner.model().eval();
    const torch::Tensor idx = torch::tensor(rows, torch::kLong);
    return learner.model().features(
        learner.stats().normalize(learner.train().images.index_select(0, idx), learner.device()), k);
}

/**
 * One proposal of `strategy` on the learner's state and `candidates`, with torch's generator and the
 * strategy's rng seeded by `seed` (the policy's initial weights, its batch order and every lambda draw come
 * from them); `seconds` receives its wall time.
 */
Proposal proposeSeeded(Strategy& strategy, ActiveLearner& learner, const std::vector<int64_t>& candidates, int seed,
                       double& seconds)
{
    torch::manual_seed(static_cast<uint64_t>(seed));
    std::mt19937_64 rng(static_cast<uint64_t>(seed));
    AcquisitionContext ctx{learner.model(),
                           learner.train().images,
                           learner.stats(),
                           learner.device(),
                           candidates,
                           kBudget,
                           rng,
                           {},
                           {},
                           {}};
    const double t0 = now();
    Proposal p = strategy.propose(ctx);
    seconds = now() - t0;
    return p;
}

/** One LADA proposal (learned or fixed tau) on the given candidates at layer k with seeds `seed`. */
Measurement runLada(ActiveLearner& learner, const std::vector<int64_t>& candidates, int k, const Setting& s, int seed)
{
    StrategyOptions o;
    o.kind = s.family == "learned" ? StrategyKind::LadaEntMix : StrategyKind::LadaEntMixFixed;
    o.mixLayerMin = o.mixLayerMax = k;
    if (s.family == "learned") {
        o.tauMax = s.tauMax;
        o.policyLearningRate = s.learningRate;
        o.policyEpochs = s.epochs;
    } else {
        o.fixedTau = s.tau;
    }
    LadaStrategy strategy(o);
    Measurement m;
    const Proposal p = proposeSeeded(strategy, learner, candidates, seed, m.seconds);
    const AcquisitionDiagnostics& d = p.diagnostics;
    m.virtualAll = d.meanVirtualScore;
    fillTau(m, d.tauAll);
    const double pairs = static_cast<double>(d.tauAll.size());
    for (double l : d.policyLoss)
        m.lossPerPair.push_back(l / pairs);
    m.bestEpoch = d.bestPolicyEpoch;
    m.policySeconds = d.policySeconds;
    double sum = 0.0;
    int n = 0;
    for (const Query& q : p.queries)
        if (q.indices.size() == 2) {
            sum += q.virtualEntropy;
            ++n;
        }
    m.virtualSelected = n > 0 ? sum / n : kNaN;
    m.queried = p.queriedIndices();
    return m;
}

/**
 * The pipelined baseline: ent-manifold-mixup's proposal (top-b by entropy, then its queried images paired
 * at random with fixed tau at layer k); measured is the mean over its b/2 pairs of (1/N) sum_n H[h_mix^n],
 * lambda_n ~ Beta(tau, tau), N = 10 (the same estimator as Eq. 13's virtual term).
 */
Measurement runPipelined(ActiveLearner& learner, const std::vector<int64_t>& candidates, int k, int seed,
                         double& tauOut)
{
    StrategyOptions o;
    o.kind = StrategyKind::EntManifoldMixup;
    o.mixLayerMin = o.mixLayerMax = k;
    const std::unique_ptr<Strategy> strategy = makeStrategy(o);
    double seconds = 0.0;
    const Proposal p = proposeSeeded(*strategy, learner, candidates, seed, seconds);
    std::vector<int64_t> rowsA, rowsB;
    std::vector<float> tau;
    for (const VirtualPair& v : p.virtualPairs) {
        rowsA.push_back(v.a);
        rowsB.push_back(v.b);
        tau.push_back(static_cast<float>(v.tau));
    }
    const double t1 = now();  // the proposal's time, then the scoring of its pairs
    const torch::Tensor a = mapsOf(learner, rowsA, k), b = mapsOf(learner, rowsB, k);
    const torch::Tensor h = virtualInstanceScores(learner.model(), k, a, b, torch::tensor(tau), o.lambdaSamples,
                                                  AcquisitionScore::Entropy, o.passBatch);
    Measurement m;
    m.seconds = seconds + (now() - t1);
    m.virtualSelected = h.mean().item<double>();
    fillTau(m, tau);
    m.queried = p.queriedIndices();
    tauOut = tau.empty() ? kNaN : tau[0];
    return m;
}

/** H of every candidate pair mixed at lambda = 1/2 exactly: where Beta(tau, tau) goes as tau grows. */
Measurement runLambdaHalf(ActiveLearner& learner, const std::vector<int64_t>& candidates, int k)
{
    const double t0 = now();
    std::vector<int64_t> rowsA, rowsB;
    for (size_t i = 0; i + 1 < candidates.size(); i += 2) {
        rowsA.push_back(candidates[i]);
        rowsB.push_back(candidates[i + 1]);
    }
    const torch::Tensor a = mapsOf(learner, rowsA, k), b = mapsOf(learner, rowsB, k);
    const torch::Tensor lambda = torch::full({1, a.size(0)}, 0.5f);
    const torch::Tensor h = mixedScores(learner.model(), k, a, b, lambda, AcquisitionScore::Entropy, 512);
    Measurement m;
    m.virtualAll = h.mean().item<double>();
    m.seconds = now() - t0;
    return m;
}

json toJson(const Measurement& m)
{
    auto num = [](double v) { return std::isnan(v) ? json(nullptr) : json(v); };
    return {{"virtual_entropy_all_pairs", num(m.virtualAll)},
            {"virtual_entropy_selected_pairs", num(m.virtualSelected)},
            {"tau",
             {{"mean", num(m.tauMean)},
              {"q05", num(m.tauQ05)},
              {"q25", num(m.tauQ25)},
              {"median", num(m.tauMedian)},
              {"q75", num(m.tauQ75)},
              {"q95", num(m.tauQ95)}}},
            {"policy_loss_per_pair", m.lossPerPair},
            {"best_policy_epoch", m.bestEpoch},
            {"seconds", m.seconds},
            {"policy_seconds", m.policySeconds},
            {"queried_rows", m.queried},
            {"overlap_with_fixed_tau2", num(m.overlap)}};
}

double overlapOf(const std::vector<int64_t>& a, const std::vector<int64_t>& reference)
{
    if (reference.empty())
        return kNaN;
    const std::set<int64_t> ref(reference.begin(), reference.end());
    int64_t shared = 0;
    for (int64_t r : a)
        shared += ref.count(r) ? 1 : 0;
    return static_cast<double>(shared) / static_cast<double>(ref.size());
}

/** Mean and sample standard deviation (n - 1) of the non-NaN values; sd NaN below two values. */
std::pair<double, double> meanSd(const std::vector<double>& v)
{
    std::vector<double> x;
    for (double e : v)
        if (!std::isnan(e))
            x.push_back(e);
    if (x.empty())
        return {kNaN, kNaN};
    double mean = 0.0;
    for (double e : x)
        mean += e;
    mean /= static_cast<double>(x.size());
    if (x.size() < 2)
        return {mean, kNaN};
    double ss = 0.0;
    for (double e : x)
        ss += (e - mean) * (e - mean);
    return {mean, std::sqrt(ss / static_cast<double>(x.size() - 1))};
}

std::string fmt(const char* f, double v)
{
    if (std::isnan(v))
        return "–";
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

std::string pm(const std::vector<double>& v, const char* f = "%.4f")
{
    const auto [mean, sd] = meanSd(v);
    if (std::isnan(mean))
        return "–";
    return fmt(f, mean) + (std::isnan(sd) ? "" : " ± " + fmt(f, sd));
}

/** The Markdown tables of everything measured so far: one section per (state, k), then a summary grid. */
std::string tables(const json& doc)
{
    std::ostringstream md;
    // (state, k) -> setting label -> the seeds' measurements, in the order the settings were run.
    std::map<std::pair<int, int>, std::vector<std::pair<std::string, std::vector<json>>>> groups;
    std::map<std::pair<int, int>, double> accuracy;
    for (const json& r : doc["measurements"]) {
        const std::pair<int, int> key{r["labeled"].get<int>(), r["k"].get<int>()};
        accuracy[key] = r["state_test_accuracy"].get<double>();
        auto& list = groups[key];
        const std::string label = r["setting"].get<std::string>();
        auto it = std::find_if(list.begin(), list.end(), [&](const auto& e) { return e.first == label; });
        if (it == list.end())
            it = list.insert(list.end(), {label, {}});
        it->second.push_back(r);
    }
    auto column = [](const std::vector<json>& rs, const std::function<double(const json&)>& get) {
        std::vector<double> v;
        for (const json& r : rs)
            v.push_back(get(r));
        return v;
    };
    auto field = [](const json& j) { return j.is_null() ? kNaN : j.get<double>(); };
    // Summary grids, setting x (state, k): all pairs' and selected pairs' virtual H, and tau*.
    using Grid = std::map<std::string, std::map<std::pair<int, int>, std::string>>;
    Grid gridAll, gridSelected, gridTau;
    std::vector<std::string> gridRows;
    for (const auto& [key, list] : groups) {
        md << "\n### " << key.first << " labeled images, mixing layer k = " << key.second << " (test accuracy "
           << fmt("%.2f", 100.0 * accuracy[key]) << " %)\n\n"
           << "| setting | virtual H, all pairs (bits) | virtual H, selected pairs (bits) | tau* median [IQR] | "
              "tau* mean | policy loss best / final (bits/pair) | best epoch | seconds | overlap with tau=2 "
              "| seeds |\n|---|---|---|---|---|---|---|---|---|---|\n";
        for (const auto& [label, rs] : list) {
            auto get = [&](const char* a, const char* b = nullptr) {
                return column(rs, [&](const json& r) { return field(b ? r["m"][a][b] : r["m"][a]); });
            };
            const std::vector<double> bestLoss = column(rs, [](const json& r) {
                const auto& l = r["m"]["policy_loss_per_pair"];
                return l.empty() ? kNaN : l[r["m"]["best_policy_epoch"].get<size_t>()].get<double>();
            });
            const std::vector<double> finalLoss = column(rs, [](const json& r) {
                const auto& l = r["m"]["policy_loss_per_pair"];
                return l.empty() ? kNaN : l.back().get<double>();
            });
            const std::vector<double> bestEpoch = column(rs, [](const json& r) {
                const int e = r["m"]["best_policy_epoch"].get<int>();
                return e < 0 ? kNaN : e + 1.0;
            });
            const double med = meanSd(get("tau", "median")).first;
            const std::string tauCell = std::isnan(med)
                                            ? "–"
                                            : fmt("%.3f", med) + " [" + fmt("%.3f", meanSd(get("tau", "q25")).first) +
                                                  ", " + fmt("%.3f", meanSd(get("tau", "q75")).first) + "]";
            const std::string loss = std::isnan(meanSd(bestLoss).first) ? "–"
                                                                        : fmt("%.4f", meanSd(bestLoss).first) + " / " +
                                                                              fmt("%.4f", meanSd(finalLoss).first);
            md << "| " << label << " | " << pm(get("virtual_entropy_all_pairs")) << " | "
               << pm(get("virtual_entropy_selected_pairs")) << " | " << tauCell << " | "
               << fmt("%.3f", meanSd(get("tau", "mean")).first) << " | " << loss << " | "
               << fmt("%.1f", meanSd(bestEpoch).first) << " | " << pm(get("seconds"), "%.1f") << " | "
               << fmt("%.2f", meanSd(get("overlap_with_fixed_tau2")).first) << " | " << rs.size() << " |\n";
            gridAll[label][key] = pm(get("virtual_entropy_all_pairs"));
            gridSelected[label][key] = pm(get("virtual_entropy_selected_pairs"));
            gridTau[label][key] = tauCell;
            if (std::find(gridRows.begin(), gridRows.end(), label) == gridRows.end())
                gridRows.push_back(label);
        }
    }
    auto printGrid = [&](const std::string& title, Grid& grid) {
        md << "\n### " << title << "\n\n| setting |";
        for (const auto& [key, list] : groups)
            md << " " << key.first << " img, k=" << key.second << " |";
        md << "\n|---|";
        for (size_t i = 0; i < groups.size(); ++i)
            md << "---|";
        md << "\n";
        for (const std::string& label : gridRows) {
            md << "| " << label << " |";
            for (const auto& [key, list] : groups)
                md << " " << (grid[label].count(key) ? grid[label][key] : "–") << " |";
            md << "\n";
        }
    };
    printGrid("Summary: mean virtual-instance entropy over all candidate pairs (bits, mean ± sd over seeds)", gridAll);
    printGrid("Summary: mean virtual-instance entropy of the selected pairs, the round's virtual set (bits, mean ± "
              "sd over seeds)",
              gridSelected);
    printGrid("Summary: tau* median [IQR] over the candidate pairs (means over seeds)", gridTau);
    return md.str();
}

/** Writes `text` to `path` through a renamed temporary file, creating the folder; throws lada::Error naming it. */
void save(const std::string& path, const std::string& text)
{
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    writeFileAtomically(path, text);
}

}  // namespace

int runStudy(int argc, char** argv)
{
    Args args;
    std::string tableInputs;  // --tables a.json,b.json: only write DIR/policy-range.md from earlier runs
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--out" && hasValue)
            args.out = argv[++i];
        else if (a == "--states" && hasValue)
            args.states = parseList<int>(argv[++i]);
        else if (a == "--layers" && hasValue)
            args.layers = parseList<int>(argv[++i]);
        else if (a == "--seeds" && hasValue)
            args.seeds = parseList<int>(argv[++i]);
        else if (a == "--tau-max" && hasValue)
            args.tauMax = parseList<double>(argv[++i]);
        else if (a == "--lr" && hasValue)
            args.lr = parseList<double>(argv[++i]);
        else if (a == "--epochs" && hasValue)
            args.epochs = parseList<int>(argv[++i]);
        else if (a == "--fixed-tau" && hasValue)
            args.fixedTau = parseList<double>(argv[++i]);
        else if (a == "--tables" && hasValue)
            tableInputs = argv[++i];
        else if (a == "--limit" && hasValue)
            args.limit = std::atoi(argv[++i]);
        else if (args.root.empty() && a[0] != '-')
            args.root = a;
        else {
            std::cerr << "policy_range: unknown argument " << a << "\n";
            return 2;
        }
    }
    if (!tableInputs.empty() && !args.out.empty()) {
        json merged;
        merged["measurements"] = json::array();
        std::stringstream files(tableInputs);
        std::string file;
        while (std::getline(files, file, ',')) {
            // readFileText throws naming the file; named: a range-for over a temporary's member would dangle
            const json run = json::parse(readFileText(file));
            for (const json& r : run["measurements"])
                merged["measurements"].push_back(r);
        }
        const std::string md = tables(merged);
        std::printf("%s", md.c_str());
        save(args.out + "/policy-range.md", md);
        return 0;
    }
    if (args.root.empty() || args.out.empty()) {
        std::cerr << "usage: policy_range <mnist-root> --out DIR [--states 20,50,100] [--layers 1,2] [--seeds 1,2,3]"
                     " [--tau-max 1,2,4,8] [--lr 5e-5,1e-3] [--epochs 10,30] [--fixed-tau 0.5,1,2,4,8] [--limit N]\n"
                     "       policy_range --tables a.json[,b.json...] --out DIR\n";
        return 2;
    }
    std::sort(args.states.begin(), args.states.end());
    // One thread: the study shares the 2-core machine with a background experiment, and per-setting
    // seconds are comparable only at a fixed thread count.
    configureThreads(1);
    std::printf("policy_range: %d thread, LibTorch %s\n", torch::get_num_threads(), TORCH_VERSION);

    LoadOptions lo;
    lo.threads = 1;
    lo.cacheFile = "/tmp/policy-range-mnist-train.ladacache";
    double t0 = now();
    Dataset train = loadDataset(args.root + "/train", lo);
    lo.cacheFile = "/tmp/policy-range-mnist-test.ladacache";
    lo.classNames = train.classNames;
    Dataset test = loadDataset(args.root + "/test", lo);
    std::printf("loaded %lld + %lld images in %.1f s\n", (long long)train.size(), (long long)test.size(), now() - t0);

    // Fixed tau = 2 first: every later setting's selection is compared with its (same seed).
    std::vector<Setting> settings;
    std::stable_sort(args.fixedTau.begin(), args.fixedTau.end(),
                     [](double a, double b) { return a == 2.0 && b != 2.0; });
    for (double tau : args.fixedTau)
        settings.push_back({"fixed", kNaN, kNaN, tau, 0});
    settings.push_back({"pipelined", kNaN, kNaN, kNaN, 0});
    int learned = 0;
    for (double tm : args.tauMax)
        for (double lr : args.lr)
            for (int ep : args.epochs)
                if (args.limit < 0 || learned++ < args.limit)
                    settings.push_back({"learned", tm, lr, 0.0, ep});

    // The fixed states: the learner's own loop with the random strategy (its seed draws the balanced
    // initial set and the additions), retrained from scratch at the paper's defaults every round.
    ExperimentConfig config;
    config.model = ModelKind::Cnn;
    config.strategy.kind = StrategyKind::Random;
    config.initial = 20;
    config.budget = 10;
    config.rounds = (args.states.back() - 20) / 10;
    config.seed = kStateSeed;
    config.device = DeviceChoice::Cpu;
    config.threads = 1;
    ActiveLearner learner(train, test, config);
    SimulatedOracle oracle(learner.train());
    for (int64_t r : learner.initialQueries())
        learner.recordAnswer(r, oracle.label(r));
    // Every training draws its initial weights and batch order from torch's generator, which the
    // measurements also use: reseeding it by the labeled count before each training makes a state's
    // classifier the same whichever states and settings ran before it (--states 50 alone included).
    auto reseed = [&] { torch::manual_seed(kStateSeed * 100000 + learner.labeledRows().size()); };
    reseed();
    RoundReport state = learner.trainInitial();

    json doc;
    doc["description"] = "issue 13 study step 1: mean virtual-instance entropy (bits) of one LADA proposal per setting";
    doc["settings"] = {{"model", "cnn"},
                       {"state_seed", kStateSeed},
                       {"candidate_seed", kCandidateSeed},
                       {"candidates", 2000},
                       {"budget", kBudget},
                       {"lambda_samples", 10},
                       {"policy_batch", 100},
                       {"training", {{"epochs", 50}, {"batch", 10}, {"lr", 1e-3}}},
                       {"threads", 1}};
    doc["measurements"] = json::array();
    const std::string jsonPath = args.out + "/policy-range.json";
    const double studyStart = now();
    for (int target : args.states) {
        while (static_cast<int>(learner.labeledRows().size()) < target) {
            reseed();
            state = learner.runRound(oracle);
        }
        std::printf("\n== state: %zu labeled images, test accuracy %.2f %%, trained in %.1f s ==\n",
                    learner.labeledRows().size(), 100.0 * state.testAccuracy, state.trainingSeconds);
        doc["states"][std::to_string(target)] = {{"test_accuracy", state.testAccuracy},
                                                 {"training_seconds", state.trainingSeconds},
                                                 {"labeled_rows", learner.labeledRows()}};
        // The same candidates for every setting at this state: 2,000 pool rows in a seeded random order.
        std::vector<int64_t> pool;
        for (int64_t r = 0; r < learner.train().size(); ++r)
            if (learner.isInPool(r))
                pool.push_back(r);
        std::mt19937_64 candidateRng(kCandidateSeed + static_cast<uint64_t>(target));
        std::shuffle(pool.begin(), pool.end(), candidateRng);
        pool.resize(2000);
        for (int k : args.layers) {
            auto record = [&](const Setting& s, int seed, const Measurement& m) {
                json r = {{"labeled", target},  {"k", k},       {"setting", s.label()},
                          {"family", s.family}, {"seed", seed}, {"state_test_accuracy", state.testAccuracy},
                          {"m", toJson(m)}};
                if (s.family == "learned")
                    r["policy"] = {{"tau_max", s.tauMax}, {"lr", s.learningRate}, {"epochs", s.epochs}};
                if (!std::isnan(s.tau))
                    r["tau"] = s.tau;
                doc["measurements"].push_back(r);
                save(jsonPath, doc.dump(1));
                std::printf("%3d img k=%d %-38s seed %d  virtual H all %s  selected %s  tau* median %s  "
                            "overlap %s  %6.1f s\n",
                            target, k, s.label().c_str(), seed, fmt("%.4f", m.virtualAll).c_str(),
                            fmt("%.4f", m.virtualSelected).c_str(), fmt("%.3f", m.tauMedian).c_str(),
                            fmt("%.2f", m.overlap).c_str(), m.seconds);
                std::fflush(stdout);
            };
            record({"lambda-half", kNaN, kNaN, kNaN, 0}, 0, runLambdaHalf(learner, pool, k));
            std::map<int, std::vector<int64_t>> tau2Queried;  // per seed: the reference selection
            for (const Setting& s : settings)
                for (int seed : args.seeds) {
                    Measurement m;
                    Setting shown = s;
                    if (s.family == "pipelined")
                        m = runPipelined(learner, pool, k, seed, shown.tau);
                    else
                        m = runLada(learner, pool, k, s, seed);
                    if (s.family == "fixed" && s.tau == 2.0)
                        tau2Queried[seed] = m.queried;
                    m.overlap = overlapOf(m.queried, tau2Queried[seed]);
                    record(shown, seed, m);
                }
        }
    }
    const std::string md = tables(doc);
    std::printf("%s\nstudy wall time %.1f s\n", md.c_str(), now() - studyStart);
    save(args.out + "/policy-range.md", md);
    return 0;
}

int main(int argc, char** argv)
{
    try {
        return runStudy(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "policy_range: error: %s\n", e.what());
        return 1;
    }
}
