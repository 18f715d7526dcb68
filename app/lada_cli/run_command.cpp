// SPDX-License-Identifier: MIT
// `lada-cli run`: one active-learning experiment on real images with a simulated oracle.
#include "app/lada_cli/commands.h"

#include "core/data/dataset_loader.h"
#include "core/error.h"
#include "core/loop/active_learner.h"
#include "core/loop/presets.h"
#include "core/loop/results_writer.h"
#include "core/nn/checkpoint.h"
#include "core/session/session.h"
#include "core/util/device.h"

#include <CLI/CLI.hpp>
#include <torch/utils.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>

#include <unistd.h>

namespace lada::cli {

namespace {

struct RunArgs {
    std::string train, test, out, session, preset, mixLayers = "1:2", cacheDir;
    ExperimentConfig config;
    bool continueTraining = false;
    bool quiet = false;
    std::function<bool(const std::string&)> given;  ///< was this flag on the command line?
};

// Answers from ground truth, each one journaled (flushed and synced) before the loop sees it.
class JournalingOracle : public Oracle {
public:
    JournalingOracle(Oracle& inner, Session& session, const ActiveLearner& learner)
        : m_inner(inner), m_session(session), m_learner(learner) {}
    std::optional<int64_t> label(int64_t row) override
    {
        const std::optional<int64_t> y = m_inner.label(row);
        const int round = m_learner.pendingProposal() ? m_learner.round() + 1 : 0;
        const std::string& path = m_learner.train().paths[static_cast<size_t>(row)];
        if (y)
            m_session.recordLabel(path, static_cast<int>(*y), round);
        else
            m_session.recordSkip(path, round);
        return y;
    }

private:
    Oracle& m_inner;
    Session& m_session;
    const ActiveLearner& m_learner;
};

SessionInfo sessionInfoFor(const RunArgs& a, const ActiveLearner& learner)
{
    const ExperimentConfig& c = learner.config();
    SessionInfo info;
    info.datasetRoot = std::filesystem::absolute(learner.train().root).string();
    info.trainSource = std::filesystem::absolute(a.train).string();
    info.testSource = a.test.empty() ? "" : std::filesystem::absolute(a.test).string();
    info.classNames = learner.train().classNames;
    info.strategy = c.strategy.name;
    info.settings = {{"model", c.model}, {"rounds", std::to_string(c.rounds)}, {"budget", std::to_string(c.budget)},
                     {"initial", std::to_string(c.initial)}, {"epochs", std::to_string(c.training.epochs)},
                     {"pool_subset", std::to_string(c.poolSubset)}, {"seed", std::to_string(c.seed)},
                     {"config_json", configToJson(c)}};
    return info;
}

// Progress on stderr, at most every ~0.5 s, on one line per phase.
Progress stderrProgress(bool quiet)
{
    Progress p;
    if (quiet || !isatty(fileno(stderr)))  // a log file gets the per-round lines only
        return p;
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    p.report = [last](const std::string& phase, int64_t done, int64_t total) {
        const auto now = std::chrono::steady_clock::now();
        if (done < total && now - *last < std::chrono::milliseconds(500))
            return;
        *last = now;
        std::fprintf(stderr, "\r  %-20s %6lld / %-6lld", phase.c_str(), static_cast<long long>(done),
                     static_cast<long long>(total));
        if (done >= total)
            std::fprintf(stderr, "\r%60s\r", "");
        std::fflush(stderr);
    };
    return p;
}

Dataset loadSplit(const std::string& source, const LoadOptions& options, const std::string& what, bool quiet)
{
    Dataset d = loadDataset(source, options);
    if (!quiet)
        std::cerr << what << ": " << d.report.summary() << '\n';
    return d;
}

int runExperiment(RunArgs& a)
{
    ExperimentConfig& c = a.config;
    if (!a.preset.empty()) {
        // The preset fills in the settings; flags given on the command line win over it.
        ExperimentConfig p = c;
        applyPreset(p, a.preset);
        auto take = [&](const char* flag, auto& field, const auto& value) {
            if (!a.given || !a.given(flag))
                field = value;
        };
        take("--pool-subset", c.poolSubset, p.poolSubset);
        take("--epochs", c.training.epochs, p.training.epochs);
        take("--batch-size", c.training.batchSize, p.training.batchSize);
        take("--lambda-samples", c.strategy.lambdaSamples, p.strategy.lambdaSamples);
        take("--policy-epochs", c.strategy.policyEpochs, p.strategy.policyEpochs);
        take("--policy-objective", c.strategy.policyObjective, p.strategy.policyObjective);
        take("--curve-points", c.strategy.curvePoints, p.strategy.curvePoints);
        c.strategy.policyBatch = p.strategy.policyBatch;
    }
    c.reinitialize = !a.continueTraining;
    const auto colon = a.mixLayers.find(':');
    try {
        c.strategy.mixLayerMin = std::stoi(a.mixLayers.substr(0, colon));
        c.strategy.mixLayerMax = colon == std::string::npos ? c.strategy.mixLayerMin : std::stoi(a.mixLayers.substr(colon + 1));
    } catch (const std::exception&) {
        throw ConfigError("--mix-layers \"" + a.mixLayers + "\": expected kmin:kmax, for example 1:2");
    }
    // libtorch starts with one thread here: set the count in the thread that does the work.
    const int threads = configureThreads(c.threads);

    LoadOptions trainOptions;
    trainOptions.progress = [quiet = a.quiet || !isatty(fileno(stderr))](int64_t done, int64_t total) {
        if (!quiet)
            std::fprintf(stderr, "\r  decoding %lld / %lld", static_cast<long long>(done), static_cast<long long>(total));
    };
    if (!a.cacheDir.empty())
        trainOptions.cacheFile = a.cacheDir + "/train.ladacache";
    Dataset train = loadSplit(a.train, trainOptions, "\rtrain", a.quiet);
    std::optional<Dataset> test;
    if (!a.test.empty()) {
        LoadOptions testOptions = trainOptions;
        testOptions.classNames = train.classNames;
        testOptions.channels = static_cast<int>(train.channels());
        testOptions.height = static_cast<int>(train.height());
        testOptions.width = static_cast<int>(train.width());
        if (!a.cacheDir.empty())
            testOptions.cacheFile = a.cacheDir + "/test.ladacache";
        test = loadSplit(a.test, testOptions, "\rtest", a.quiet);
    }
    if (!train.hasLabels())
        throw ConfigError("the simulated oracle needs labels: \"" + a.train + "\" has unlabeled images");

    RunProvenance prov;
    prov.trainSource = a.train;
    prov.testSource = a.test;
    prov.trainImages = train.size();
    prov.trainSkipped = static_cast<int64_t>(train.report.skipped.size());
    if (test) {
        prov.testImages = test->size();
        prov.testSkipped = static_cast<int64_t>(test->report.skipped.size());
    }
    ActiveLearner learner(std::move(train), std::move(test), c);
    prov.device = learner.device().str();
    prov.threads = threads;
    if (!a.quiet)
        std::cerr << "strategy " << c.strategy.name << ", model " << c.model << ", device " << prov.device
                  << ", " << torch::get_num_threads() << " threads, seed " << c.seed << '\n';

    SimulatedOracle truth(learner.train());
    std::optional<Session> session;
    std::optional<JournalingOracle> journaling;
    if (!a.session.empty()) {
        session.emplace(Session::create(a.session, sessionInfoFor(a, learner)));
        journaling.emplace(truth, *session, learner);
    }
    Oracle& oracle = journaling ? static_cast<Oracle&>(*journaling) : truth;
    const Progress progress = stderrProgress(a.quiet);
    std::vector<RoundReport> reports = learner.run(oracle, progress, [&](const RoundReport& r) {
        if (session) {
            session->appendRoundHistory(roundToJson(r));
            saveCheckpoint(learner.model(), session->checkpointPath());
        }
        if (!a.quiet)
            std::fprintf(stderr, "round %3d  labeled %5lld  accuracy %6.2f %%  loss %.4f  scoring %.2f s  training %.2f s\n",
                         r.round, static_cast<long long>(r.labeledCount), 100.0 * r.testAccuracy, r.trainLoss,
                         r.scoringSeconds, r.trainingSeconds);
        if (!a.out.empty())  // rewritten every round, so an interrupted run keeps its curve
            writeResults(a.out, learner.config(), prov, learner.history());
    });

    std::printf("%-6s %-8s %-10s\n", "round", "labeled", "accuracy");
    for (const RoundReport& r : reports)
        std::printf("%-6d %-8lld %-10.4f\n", r.round, static_cast<long long>(r.labeledCount), r.testAccuracy);
    const CurveSummary s = summarizeCurve(reports);
    std::printf("final %.4f  best %.4f (round %d)  area under curve %.4f\n", s.finalAccuracy, s.bestAccuracy,
                s.bestRound, s.areaUnderCurve);
    if (!a.out.empty())
        std::printf("results: %s and %s\n", a.out.c_str(), curveCsvPath(a.out).c_str());
    return 0;
}

} // namespace

void registerRunCommand(CLI::App& app, Action& action)
{
    auto args = std::make_shared<RunArgs>();
    ExperimentConfig& c = args->config;
    CLI::App* run = app.add_subcommand("run", "Run an active-learning experiment with a simulated oracle");
    run->add_option("--train", args->train, "Training split: ImageFolder dir, CSV manifest, idx file, CIFAR .bin")->required();
    run->add_option("--test", args->test, "Test split (same formats); accuracy is measured on it");
    run->add_option("--strategy", c.strategy.name, "Acquisition strategy")
        ->check(CLI::IsMember(strategyNames()))->capture_default_str();
    run->add_option("--model", c.model, "Classifier")->check(CLI::IsMember({"cnn", "resnet18"}))->capture_default_str();
    run->add_option("--rounds", c.rounds, "Acquisition rounds R")->capture_default_str();
    run->add_option("--budget", c.budget, "Images labeled per round b")->capture_default_str();
    run->add_option("--initial", c.initial, "Initial labeled images (balanced over classes)")->capture_default_str();
    run->add_option("--epochs", c.training.epochs, "Training epochs per round E")->capture_default_str();
    run->add_option("--batch-size", c.training.batchSize, "Training batch size")->capture_default_str();
    run->add_option("--lr", c.training.learningRate, "Adam learning rate")->capture_default_str();
    run->add_flag("--continue-training", args->continueTraining, "Keep the weights between rounds (default: re-initialise)");
    run->add_option("--dropout", c.dropout, "Dropout before the final layer while training")->capture_default_str();
    run->add_option("--augment", c.augment, "Crop+flip augmentation")->check(CLI::IsMember({"auto", "on", "off"}))->capture_default_str();
    run->add_option("--pool-subset", c.poolSubset, "Pool images scored per round (0 = all)")->capture_default_str();
    run->add_option("--seed", c.seed, "Seed of every random choice")->capture_default_str();
    run->add_option("--device", c.device, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}))->capture_default_str();
    run->add_option("--threads", c.threads, "Torch threads (0 = all cores)")->capture_default_str();
    run->add_option("--out", args->out, "Results JSON (a CSV of the curve is written beside it)");
    run->add_option("--session", args->session, "Write a session folder: journal of every answer, history, checkpoint");
    run->add_option("--cache-dir", args->cacheDir, "Folder for decoded dataset caches (fast reloads)");
    run->add_option("--preset", args->preset, "Settings preset: " + presetNames())->check(CLI::IsMember(presetList()));
    run->add_flag("--quiet", args->quiet, "No progress on stderr");
    // LADA
    run->add_option("--gamma", c.strategy.gamma, "Weight of the virtual-instance term (Eq. 13)")->capture_default_str();
    run->add_option("--lambda-samples", c.strategy.lambdaSamples, "N lambda samples per pair")->capture_default_str();
    run->add_option("--policy-epochs", c.strategy.policyEpochs, "Policy-generator epochs per round")->capture_default_str();
    run->add_option("--policy-objective", c.strategy.policyObjective, "exact (Eq. 11-12) or curve (tabulated)")
        ->check(CLI::IsMember({"exact", "curve"}))->capture_default_str();
    run->add_option("--curve-points", c.strategy.curvePoints, "Lambda nodes of the curve objective")->capture_default_str();
    run->add_option("--tau", c.strategy.fixedTau, "Fixed tau (default 2.0 manifold, 0.2 input mixup)");
    run->add_option("--tau-max", c.strategy.tauMax, "Largest tau the policy outputs")->capture_default_str();
    run->add_option("--mix-layers", args->mixLayers, "Mixing layers kmin:kmax (0 = input)")->capture_default_str();
    run->add_flag("--warm-start-policy", c.strategy.warmStartPolicy, "Keep the policy between rounds");
    run->add_option("--mc-passes", c.strategy.mcPasses, "BALD dropout passes T")->capture_default_str();
    run->callback([args, run, &action] {
        args->given = [run](const std::string& flag) { return run->count(flag) > 0; };
        action = [args] { return runExperiment(*args); };
    });
}

} // namespace lada::cli
