// SPDX-License-Identifier: MIT
// The acquisition step of the feature-space strategies (coreset, badge, alfa-mix, cal) next to entropy,
// measured in the same process on 2,000 MNIST candidates (or --candidates N: more than 9,000 come from
// the training split's 60,000 digits).
// Usage: bench_strategies <mnist-root> [cnn|resnet18|all] [--repeats N] [--candidates N]
// The model is trained briefly on 100 labeled test-split digits (the step's cost hardly depends on the
// weights, but ALFA-Mix's candidate count does); each strategy proposes b = 10 from the same 2,000
// candidates `repeats` times, and the median seconds of the step (scoring + selection, as the learner's
// proposeRound spends them) are printed with the ratio to entropy's.
#include "bench_support.h"

#include "core/acquisition/strategy.h"
#include "core/data/dataset_loader.h"
#include "core/training/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <thread>

using namespace lada;
using namespace lada::bench;

namespace {

struct Step {
    double seconds = 0.0, scoring = 0.0, selection = 0.0;
    int64_t alfaCandidates = -1;
};

Step measure(const std::string& strategy, ClassifierImpl& model, const Dataset& data, const ChannelStats& stats,
             const std::vector<int64_t>& labeled, const std::vector<int64_t>& labels,
             const std::vector<int64_t>& candidates, int repeats)
{
    StrategyOptions options;
    options.kind = strategyFromString(strategy);
    std::vector<Step> steps;
    for (int r = 0; r < repeats; ++r) {
        std::mt19937_64 rng(static_cast<uint64_t>(r));
        const Progress quiet;
        AcquisitionContext ctx{model, data.images, stats, torch::kCPU, candidates, 10, rng, quiet, labeled, labels};
        const double t0 = now();
        const Proposal p = makeStrategy(options)->propose(ctx);
        Step s;
        s.seconds = now() - t0;
        s.scoring = p.diagnostics.scoringSeconds;
        s.selection = p.diagnostics.selectionSeconds;
        s.alfaCandidates = p.diagnostics.alfaMixCandidates;
        steps.push_back(s);
    }
    std::sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.seconds < b.seconds; });
    return steps[steps.size() / 2];
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_strategies <mnist-root> [cnn|resnet18|all] [--repeats N] [--candidates N]\n";
        return 2;
    }
    const std::string root = argv[1];
    const std::string which = argc > 2 && argv[2][0] != '-' ? argv[2] : "all";
    int repeats = 3;
    int64_t count = 2000;
    for (int i = 2; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--repeats"))
            repeats = std::max(1, std::atoi(argv[i + 1]));
        if (!std::strcmp(argv[i], "--candidates"))
            count = std::max(10, std::atoi(argv[i + 1]));
    }
    const std::string split = count > 9000 ? "train" : "test";
    // One thread count for every strategy: the ratios compare like with like.
    torch::set_num_threads(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));

    LoadOptions load;
    load.cacheFile = root + "/../bench-mnist-" + split + ".ladacache";
    const Dataset data = loadDataset(root + "/" + split, load);
    count = std::min<int64_t>(count, data.size() - 100);
    torch::manual_seed(1);
    const torch::Tensor order = torch::randperm(data.size(), torch::kLong);
    std::vector<int64_t> labeled, labels, candidates;
    for (int64_t i = 0; i < 100; ++i) {
        labeled.push_back(order[i].item<int64_t>());
        labels.push_back(data.labels[labeled.back()].item<int64_t>());
    }
    for (int64_t i = 100; i < 100 + count; ++i)
        candidates.push_back(order[i].item<int64_t>());
    const torch::Tensor lr = torch::tensor(labeled, torch::kLong);
    const ChannelStats stats = ChannelStats::compute(data.images.index_select(0, lr));

    std::printf("bench_strategies: %zu candidates, b = 10, %d threads, median of %d, CPU\n", candidates.size(),
                torch::get_num_threads(), repeats);
    for (const std::string model : {"cnn", "resnet18"}) {
        if (which != "all" && which != model)
            continue;
        Classifier net = makeClassifier(model, {1, 28, 28, 10});
        TrainOptions train;
        train.epochs = model == "cnn" ? 20 : 5;
        trainClassifier(*net, data.images.index_select(0, lr), data.labels.index_select(0, lr), stats, torch::kCPU,
                        train);
        const Step entropy = measure("entropy", *net, data, stats, labeled, labels, candidates, repeats);
        for (const std::string strategy : {"entropy", "coreset", "badge", "alfa-mix", "cal"}) {
            const Step s = strategy == "entropy"
                               ? entropy
                               : measure(strategy, *net, data, stats, labeled, labels, candidates, repeats);
            std::printf("%-9s %-9s step %7.3f s (scoring %7.3f, selection %6.3f)  x%5.2f of entropy%s\n", model.c_str(),
                        strategy.c_str(), s.seconds, s.scoring, s.selection, s.seconds / entropy.seconds,
                        s.alfaCandidates >= 0 ? ("  |I| = " + std::to_string(s.alfaCandidates)).c_str() : "");
            std::fflush(stdout);
        }
    }
    return 0;
}
