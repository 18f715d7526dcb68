// SPDX-License-Identifier: MIT
// One LADA round against one Max Entropy round, measured in the same process, on MNIST.
// Usage: bench_lada <mnist-root> [cnn|resnet18|all] [--resnet-exact-batches N] [--device cpu|cuda] [--skip-exact]
// Prints the seconds of every stage, the ratio of the whole round to the entropy round, the peak
// resident memory of each round, an in-process emulation of the authors' policy step as the baseline
// of the policy stage, and the cpu-fast preset's round time and kept virtual-instance entropy.
#include "bench_support.h"

#include "core/acquisition/info_mixup.h"
#include "core/acquisition/uncertainty.h"
#include "core/augmentation/beta_sampler.h"
#include "core/config/presets.h"
#include "core/data/dataset_loader.h"
#include "core/loop/active_learner.h"
#include "core/util/device.h"

#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <iostream>

using namespace lada;
using namespace lada::bench;

namespace {

struct RoundFigures {
    std::string label;
    RoundReport report;
    double totalSeconds = 0.0;
    double peakMiB = 0.0;             ///< whole round (training and evaluation included)
    double acquisitionPeakMiB = 0.0;  ///< proposing the round: features, policy, scoring
};

ExperimentConfig paperConfig(const std::string& model, const std::string& strategy, const std::string& device)
{
    ExperimentConfig c;
    c.model = modelFromString(model);
    c.strategy.kind = strategyFromString(strategy);
    applyPreset(c, "paper");
    c.initial = 100;  // "50 training epochs at 100 labeled images"
    c.budget = 10;
    c.rounds = 1;
    c.seed = 1;
    c.device = deviceFromString(device);
    c.training.epochs = 50;
    c.strategy.mixLayerMin = 1;
    c.strategy.mixLayerMax = 2;
    return c;
}

// The initial 100 images and round 0 are set-up; the measured round is round 1.
RoundFigures measureRound(const Dataset& train, const Dataset& test, const ExperimentConfig& config,
                          const std::string& label)
{
    ActiveLearner learner(train, test, config);
    SimulatedOracle oracle(learner.train());
    for (int64_t r : learner.initialQueries())
        learner.recordAnswer(r, oracle.label(r));
    learner.trainInitial();
    resetPeakMemory();
    RoundFigures f;
    f.label = label;
    const double t0 = now();
    // runRound's steps, with the acquisition step's own peak (the authors' 7.9 GB is that step's).
    const Proposal& proposal = learner.proposeRound();
    f.acquisitionPeakMiB = peakMemoryMiB();
    for (int64_t row : proposal.queriedIndices())
        learner.recordAnswer(row, oracle.label(row));
    f.report = learner.completeRound();
    f.totalSeconds = now() - t0;
    f.peakMiB = peakMemoryMiB();
    return f;
}

void printRound(const RoundFigures& f, double baseline)
{
    const RoundReport& r = f.report;
    const AcquisitionDiagnostics& d = r.proposal.diagnostics;
    std::printf("%-34s features %7.2f  policy %8.2f  scoring %7.2f  selection %5.3f  training %6.2f  evaluation %5.2f"
                "  | round %8.2f s  x%6.2f of entropy  peak %6.0f MiB (acquisition %4.0f)  mean virtual H %s\n",
                f.label.c_str(), d.featureSeconds, d.policySeconds, d.scoringSeconds, d.selectionSeconds,
                r.trainingSeconds, r.evaluationSeconds, f.totalSeconds, f.totalSeconds / baseline, f.peakMiB,
                f.acquisitionPeakMiB,
                std::isnan(d.meanVirtualScore) ? "-" : std::to_string(d.meanVirtualScore).c_str());
    std::fflush(stdout);
}

// The authors' policy step, emulated in this process for comparison: classifier weights keep
// requires_grad (their gradients are computed), maps are extracted with autograd on, and the N lambda
// samples run in a loop whose N graphs stay alive until one backward.
double authorsStylePolicySeconds(ClassifierImpl& model, const torch::Tensor& imagesA, const torch::Tensor& imagesB,
                                 const ChannelStats& stats, int k, int n, int batches, int batchPairs,
                                 const torch::Device& device)
{
    model.eval();
    PolicyGeneratorOptions po;
    torch::Tensor probe;
    {
        torch::NoGradGuard g;
        probe = model.features(stats.normalize(imagesA.slice(0, 0, 1), device), k);
    }
    po.mapChannels = probe.size(1);
    po.height = probe.dim() == 4 ? probe.size(2) : 1;
    po.width = probe.dim() == 4 ? probe.size(3) : 1;
    PolicyGenerator policy(po);
    policy->to(device);
    torch::optim::Adam opt(policy->parameters(), torch::optim::AdamOptions(5e-5));
    const double t0 = now();
    for (int b = 0; b < batches; ++b) {
        const torch::Tensor a =
            model.features(stats.normalize(imagesA.slice(0, b * batchPairs, (b + 1) * batchPairs), device), k);
        const torch::Tensor bb =
            model.features(stats.normalize(imagesB.slice(0, b * batchPairs, (b + 1) * batchPairs), device), k);
        opt.zero_grad();
        const torch::Tensor tau = policy->forward(a, bb);
        torch::Tensor loss = torch::zeros({}, a.options());
        for (int s = 0; s < n; ++s) {
            const torch::Tensor l = sampleBeta(tau);
            std::vector<int64_t> view(static_cast<size_t>(a.dim()), 1);
            view[0] = a.size(0);
            loss = loss - entropyBits(model.head(l.view(view) * a + (1 - l.view(view)) * bb, k)).sum() / n;
        }
        loss.backward();
        opt.step();
    }
    return now() - t0;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_lada <mnist-root> [cnn|resnet18|all] [--resnet-exact-batches N] [--device cpu|cuda] "
                     "[--skip-exact]\n";
        return 2;
    }
    const std::string root = argv[1];
    std::string which = argc > 2 && argv[2][0] != '-' ? argv[2] : "all";
    int resnetExactBatches = 10;  // of the 100 policy batches (10 epochs x 10): the rest is extrapolated
    std::string deviceSpec = "cpu";
    bool skipExact = false;  // entropy, curve and fixed rounds only (a quicker memory and timing run)
    for (int i = 2; i < argc; ++i)
        skipExact = skipExact || !std::strcmp(argv[i], "--skip-exact");
    for (int i = 2; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--resnet-exact-batches"))
            resnetExactBatches = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--device"))
            deviceSpec = argv[i + 1];
    }
    // libtorch starts with one thread here; the benchmark uses every core, as the CLI does.
    const int threads = configureThreads(0);
    const torch::Device device = chooseDevice(deviceSpec);
    std::printf("bench_lada: %d threads, device %s, LibTorch %s\n", threads, device.str().c_str(), TORCH_VERSION);

    LoadOptions lo;
    lo.cacheFile = "/tmp/lada-bench-mnist-train.ladacache";
    double t0 = now();
    const Dataset train = loadDataset(root + "/train", lo);
    lo.cacheFile = "/tmp/lada-bench-mnist-test.ladacache";
    lo.classNames = train.classNames;
    const Dataset test = loadDataset(root + "/test", lo);
    std::printf("loaded %lld + %lld images in %.2f s\n\n", (long long)train.size(), (long long)test.size(), now() - t0);

    std::vector<std::string> models;
    if (which == "all" || which == "cnn")
        models.push_back("cnn");
    if (which == "all" || which == "resnet18")
        models.push_back("resnet18");

    for (const std::string& model : models) {
        std::printf("== %s: subset 2000 (1000 pairs), N = 10, 10 policy epochs of 10 batches, 50 training epochs at "
                    "100 labeled images ==\n",
                    model.c_str());
        const RoundFigures entropy = measureRound(train, test, paperConfig(model, "entropy", deviceSpec), "entropy");
        printRound(entropy, entropy.totalSeconds);

        ExperimentConfig curveCfg = paperConfig(model, "lada-entmix", deviceSpec);
        curveCfg.strategy.policyObjective = PolicyObjective::Curve;
        const RoundFigures curve = measureRound(train, test, curveCfg, "lada-entmix (curve objective)");
        printRound(curve, entropy.totalSeconds);

        const RoundFigures fixed =
            measureRound(train, test, paperConfig(model, "lada-entmix-fixed", deviceSpec), "lada-entmix-fixed");
        printRound(fixed, entropy.totalSeconds);

        if (skipExact)
            continue;
        // The exact objective: in full for cnn; for resnet18 on this CPU the policy stage is measured
        // over `resnetExactBatches` of its 100 batches and extrapolated (labelled as such).
        ExperimentConfig exactCfg = paperConfig(model, "lada-entmix", deviceSpec);
        const bool partial = model == "resnet18" && device.is_cpu() && resnetExactBatches < 100;
        if (partial) {
            exactCfg.strategy.policyEpochs = 1;
            exactCfg.strategy.policyBatch = 100;
        }
        RoundFigures exact =
            measureRound(train, test, exactCfg, partial ? "lada-entmix (exact, 1 epoch)" : "lada-entmix (exact)");
        if (partial) {
            AcquisitionDiagnostics& d = exact.report.proposal.diagnostics;
            const double perEpoch = d.policySeconds;
            d.policySeconds = perEpoch * 10;
            exact.totalSeconds += perEpoch * 9;
            exact.label = "lada-entmix (exact, 10 ep. extrapolated)";
        }
        printRound(exact, entropy.totalSeconds);

        // Baseline of the policy stage: the authors' way, emulated in-process on a few batches.
        ActiveLearner probe(train, test, paperConfig(model, "entropy", deviceSpec));
        SimulatedOracle oracle(probe.train());
        for (int64_t r : probe.initialQueries())
            probe.recordAnswer(r, oracle.label(r));
        probe.trainInitial();
        const int64_t pairs = 1000;
        const torch::Tensor perm = torch::randperm(train.size()).slice(0, 0, 2 * pairs);
        const torch::Tensor ia = train.images.index_select(0, perm.slice(0, 0, pairs));
        const torch::Tensor ib = train.images.index_select(0, perm.slice(0, pairs, 2 * pairs));
        const int authorBatches = model == "cnn" ? 10 : 1;
        resetPeakMemory();
        const double authorSeconds =
            authorsStylePolicySeconds(probe.model(), ia, ib, probe.stats(), 1, 10, authorBatches, 100, probe.device());
        const double authorsPolicy = authorSeconds / authorBatches * 100.0;
        std::printf(
            "authors-style policy stage (grads for all weights, N-loop, autograd features): %d batches in %.2f s"
            " -> %.1f s for 100 batches (10 epochs), peak %.0f MiB\n",
            authorBatches, authorSeconds, authorsPolicy, peakMemoryMiB());
        const double oursExact = exact.report.proposal.diagnostics.policySeconds;
        const double oursCurve = curve.report.proposal.diagnostics.policySeconds;
        std::printf("policy stage: exact %.1f s (x%.1f faster than authors-style), curve %.2f s (x%.1f faster)\n",
                    oursExact, authorsPolicy / oursExact, oursCurve, authorsPolicy / std::max(1e-9, oursCurve));
        std::printf("virtual-instance entropy kept by the curve objective: %.1f %% of exact (%.4f vs %.4f bits)\n\n",
                    100.0 * curve.report.proposal.diagnostics.meanVirtualScore /
                        exact.report.proposal.diagnostics.meanVirtualScore,
                    curve.report.proposal.diagnostics.meanVirtualScore,
                    exact.report.proposal.diagnostics.meanVirtualScore);
        std::fflush(stdout);

        if (model == "cnn") {
            ExperimentConfig fast = paperConfig(model, "lada-entmix", deviceSpec);
            applyPreset(fast, "cpu-fast");
            const RoundFigures f = measureRound(train, test, fast, "cpu-fast preset");
            printRound(f, entropy.totalSeconds);
            // The preset also trains the classifier differently, which changes the model the entropy is
            // measured on; its acquisition settings alone on the paper-trained model give the fair ratio.
            ExperimentConfig acquisitionOnly = paperConfig(model, "lada-entmix", deviceSpec);
            acquisitionOnly.strategy = fast.strategy;
            acquisitionOnly.poolSubset = fast.poolSubset;
            const RoundFigures a = measureRound(train, test, acquisitionOnly, "cpu-fast acquisition, paper training");
            printRound(a, entropy.totalSeconds);
            const double exactH = exact.report.proposal.diagnostics.meanVirtualScore;
            std::printf(
                "cpu-fast round %.2f s (target <= 3 s); accuracy %.2f %% vs %.2f %% with the paper settings\n"
                "cpu-fast acquisition on the paper-trained model keeps %.1f %% of the exact objective's mean virtual "
                "entropy (%.4f vs %.4f bits); policy stage %.2f s vs %.2f s\n\n",
                f.totalSeconds, 100.0 * f.report.testAccuracy, 100.0 * exact.report.testAccuracy,
                100.0 * a.report.proposal.diagnostics.meanVirtualScore / exactH,
                a.report.proposal.diagnostics.meanVirtualScore, exactH, a.report.proposal.diagnostics.policySeconds,
                exact.report.proposal.diagnostics.policySeconds);
        }
    }
    return 0;
}
