// SPDX-License-Identifier: MIT
// Issue 11's speed and memory: (1) embedding extraction images/s on the cats-and-dogs photos, TorchScript
// vs ONNX, 1 vs 2 threads (the same fixture backbone in both formats; ratios against TorchScript at 1
// thread); (2) seconds per round of entropy and lada-entmix (curve objective) with the head model on pools
// of SYNTHETIC float16 embeddings (D = 512, ten Gaussian clusters = ten classes), memory-mapped from an
// embedding cache as a real backbone pool is, at 10k / 100k / 1M rows, with peak resident memory.
// Usage: bench_backbone <catsdogs-root> <backbone-dir> [--sizes 10000,100000,1000000] [--scratch DIR]
#include "bench_support.h"
#include "core/backbone/backbone.h"
#include "core/backbone/embedded_split.h"
#include "core/backbone/embedding_cache.h"
#include "core/loop/active_learner.h"

#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

using namespace lada;
using namespace lada::bench;

namespace {

double extractionRate(const std::string& photos, const std::string& model, int threads, int64_t& count)
{
    torch::set_num_threads(threads);
    BackboneOptions o;
    o.file = model;
    LoadOptions load;
    load.threads = threads;
    EmbeddingRun run;
    const double t0 = now();
    const Dataset d = loadEmbeddedSplit(photos, load, o, {}, "embedding", {}, &run);
    count = d.size();
    return static_cast<double>(d.size()) / (now() - t0);
}

/** `n` synthetic embeddings float16 [n, 512] in an embedding cache file, mapped back as a Dataset. */
Dataset syntheticPool(int64_t n, const std::string& file, int64_t seed)
{
    constexpr int64_t d = 512, classes = 10, chunk = 20000;
    torch::manual_seed(static_cast<uint64_t>(seed));
    const torch::Tensor centres = torch::randn({classes, d}) * 0.35;
    std::vector<int64_t> labels(static_cast<size_t>(n));
    {
        EmbeddingCache cache = EmbeddingCache::openOrCreate(file, "synthetic " + std::to_string(n), n, d);
        for (int64_t begin = 0; begin < n; begin += chunk) {
            const int64_t m = std::min(chunk, n - begin);
            const torch::Tensor y = torch::randint(classes, {m}, torch::kLong);
            const torch::Tensor x = centres.index_select(0, y) + torch::randn({m, d});
            std::memcpy(labels.data() + begin, y.data_ptr<int64_t>(), static_cast<size_t>(m) * sizeof(int64_t));
            cache.append(std::vector<bool>(static_cast<size_t>(m), true), x);
        }
    }
    std::string why;
    const auto cache = EmbeddingCache::openComplete(file, "synthetic " + std::to_string(n), n, why);
    Dataset data;
    data.images = cache->rows().view({n, d, 1, 1});
    data.labels = torch::tensor(labels, torch::kLong);
    data.paths.assign(static_cast<size_t>(n), std::string());
    for (int64_t c = 0; c < classes; ++c)
        data.classNames.push_back("c" + std::to_string(c));
    return data;
}

struct RoundTimes {
    double acquisition = 0, training = 0, total = 0, accuracy = 0;
};

RoundTimes round(const Dataset& pool, const Dataset& test, const std::string& strategy, int64_t subset)
{
    ExperimentConfig c;
    c.model = ModelKind::Head;
    c.backbone.file = "synthetic";
    c.strategy.kind = strategyFromString(strategy);
    c.strategy.policyObjective = PolicyObjective::Curve;
    c.strategy.curvePoints = 7;
    c.strategy.policyEpochs = 3;
    c.training.epochs = 30;
    c.training.batchSize = 32;
    c.poolSubset = subset;
    c.rounds = 2;
    c.embedding.poolPoints = 0;
    ActiveLearner learner(pool, test, c);
    for (const int64_t row : learner.initialQueries())
        learner.recordAnswer(row, pool.labels[row].item<int64_t>());
    learner.trainInitial();
    RoundTimes t;
    const double t0 = now();
    const Proposal& p = learner.proposeRound();
    t.acquisition = now() - t0;
    for (const auto& q : p.queries)
        for (const int64_t row : q.indices)
            learner.recordAnswer(row, pool.labels[row].item<int64_t>());
    const double t1 = now();
    const RoundReport r = learner.completeRound();
    t.training = now() - t1;
    t.total = now() - t0;
    t.accuracy = r.testAccuracy;
    return t;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: bench_backbone <catsdogs-root> <backbone-dir> [--sizes a,b,c] [--scratch DIR]\n";
        return 2;
    }
    const std::string photos = std::string(argv[1]) + "/train", models = argv[2];
    std::vector<int64_t> sizes{10000, 100000, 1000000};
    std::string scratch = std::filesystem::temp_directory_path().string();
    for (int i = 3; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--sizes")) {
            sizes.clear();
            std::stringstream list(argv[i + 1]);
            for (std::string item; std::getline(list, item, ',');)
                sizes.push_back(std::stoll(item));
        }
        if (!std::strcmp(argv[i], "--scratch"))
            scratch = argv[i + 1];
    }

    std::printf("bench_backbone (1): embedding extraction, decode + resize + forward, %s\n", photos.c_str());
    double baseline = 0;
    for (const char* format : {"pt", "onnx"})
        for (const int threads : {1, 2}) {
            int64_t count = 0;
            const double rate = extractionRate(photos, models + "/cifar-fcn." + format, threads, count);
            if (baseline == 0)
                baseline = rate;
            std::printf("  %-11s %d thread%s  %4lld photos  %8.1f images/s  x%5.2f of TorchScript at 1 thread\n",
                        std::strcmp(format, "pt") == 0 ? "TorchScript" : "ONNX", threads, threads == 1 ? " " : "s",
                        static_cast<long long>(count), rate, rate / baseline);
            std::fflush(stdout);
        }

    torch::set_num_threads(2);
    std::printf("\nbench_backbone (2): one round with the head (hidden 256) on SYNTHETIC float16 embeddings, D = 512,\n"
                "  memory-mapped; b = 10 after 20 initial labels; 30 epochs; lada-entmix: curve objective, 7 nodes,\n"
                "  3 policy epochs; 2 threads. subset = candidates scored per round (0 = the whole pool).\n");
    for (const int64_t n : sizes) {
        const std::string file = scratch + "/bench-synthetic-" + std::to_string(n) + ".ladaemb";
        resetPeakMemory();
        const double t0 = now();
        const Dataset pool = syntheticPool(n, file, 1);
        const Dataset test = syntheticPool(2000, file + ".test", 1);
        const double made = now() - t0;
        std::printf("  pool %8lld: written and mapped in %.1f s (%.0f MiB on disk)\n", static_cast<long long>(n), made,
                    static_cast<double>(std::filesystem::file_size(file)) / (1 << 20));
        double entropyTotal = 0;
        for (const std::string strategy : {"entropy", "lada-entmix"})
            for (const int64_t subset : {int64_t{2000}, int64_t{0}}) {
                if (strategy == "lada-entmix" && subset == 0 && n > 100000)
                    continue;  // 500,000 pairs' policy training: minutes, not a round a person waits for
                const RoundTimes t = round(pool, test, strategy, subset);
                if (strategy == "entropy" && subset == 2000)
                    entropyTotal = t.total;
                std::printf("  pool %8lld  %-11s subset %7s  round %7.3f s (acquisition %7.3f, training %6.3f)"
                            "  x%6.2f of entropy/2000  acc %.3f  peak RSS %6.0f MiB\n",
                            static_cast<long long>(n), strategy.c_str(),
                            subset == 0 ? "all" : std::to_string(subset).c_str(), t.total, t.acquisition, t.training,
                            t.total / entropyTotal, t.accuracy, peakMemoryMiB());
                std::fflush(stdout);
            }
        std::filesystem::remove(file);
        std::filesystem::remove(file + ".test");
    }
    return 0;
}
