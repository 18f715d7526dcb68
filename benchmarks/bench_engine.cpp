// SPDX-License-Identifier: MIT
// Training and scoring throughput of each model and the stages of one entropy round, on MNIST.
// Usage: bench_engine <mnist-root> [--device cpu|cuda]
// Baselines measured in the same process: 1 thread against all threads, and scoring with autograd
// left on (as the authors' feature extraction does) against InferenceMode.
#include "bench_support.h"

#include "core/data/dataset_loader.h"
#include "core/loop/active_learner.h"
#include "core/training/trainer.h"
#include "core/util/device.h"

#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <iostream>

using namespace lada;
using namespace lada::bench;

namespace {

double trainingRate(const std::string& name, const Dataset& d, int64_t images, const torch::Device& device)
{
    torch::manual_seed(1);
    Classifier model = makeClassifier(name, {1, 28, 28, 10});
    const ChannelStats stats = ChannelStats::compute(d.images);
    TrainOptions o;
    o.epochs = 1;
    o.batchSize = 10;
    trainClassifier(*model, d.images.slice(0, 0, 20), d.labels.slice(0, 0, 20), stats, device, o);  // warm-up
    const double t0 = now();
    trainClassifier(*model, d.images.slice(0, 0, images), d.labels.slice(0, 0, images), stats, device, o);
    return double(images) / (now() - t0);
}

double scoringRate(const std::string& name, const Dataset& d, int64_t images, const torch::Device& device,
                   bool inference)
{
    torch::manual_seed(1);
    Classifier model = makeClassifier(name, {1, 28, 28, 10});
    model->to(device);
    model->eval();
    const ChannelStats stats = ChannelStats::compute(d.images);
    predictLogits(*model, d.images.slice(0, 0, 100), stats, device);  // warm-up
    const double t0 = now();
    if (inference) {
        predictLogits(*model, d.images.slice(0, 0, images), stats, device, 500);
    } else {
        for (int64_t b = 0; b < images; b += 500)  // autograd on: what the reference code does
            model->forward(stats.normalize(d.images.slice(0, b, std::min(images, b + 500)), device)).sum();
    }
    return double(images) / (now() - t0);
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_engine <mnist-root> [--device cpu|cuda]\n";
        return 2;
    }
    const std::string root = argv[1];
    const std::string deviceSpec = argc > 3 && !std::strcmp(argv[2], "--device") ? argv[3] : "cpu";
    const torch::Device device = chooseDevice(deviceSpec);
    const int all = configureThreads(0);
    LoadOptions lo;
    lo.cacheFile = "/tmp/lada-bench-mnist-train.ladacache";
    const Dataset train = loadDataset(root + "/train", lo);
    lo.cacheFile = "/tmp/lada-bench-mnist-test.ladacache";
    lo.classNames = train.classNames;
    const Dataset test = loadDataset(root + "/test", lo);
    std::printf("bench_engine: device %s, LibTorch %s\n\n", device.str().c_str(), TORCH_VERSION);

    std::printf("%-9s %-8s %14s %14s %18s %18s\n", "model", "threads", "train img/s", "score img/s",
                "score img/s grad on", "InferenceMode gain");
    for (const std::string name : {"cnn", "resnet18"}) {
        const int64_t trainN = name == "cnn" ? 5000 : 200, scoreN = name == "cnn" ? 10000 : 1000;
        double base = 0.0;
        for (int t : {1, all}) {
            configureThreads(t);
            const double tr = trainingRate(name, train, trainN, device);
            const double sc = scoringRate(name, test, scoreN, device, true);
            const double scGrad = scoringRate(name, test, scoreN, device, false);
            if (t == 1)
                base = tr;
            std::printf("%-9s %-8d %14.0f %14.0f %18.0f %17.2fx   (training x%.2f vs 1 thread)\n", name.c_str(), t, tr,
                        sc, scGrad, sc / scGrad, tr / base);
        }
    }
    configureThreads(all);

    std::printf(
        "\nOne entropy round (cnn, 20 initial + 10, 2,000-image pool subset, 50 epochs, 10,000 test images):\n");
    ExperimentConfig c;
    c.model = ModelKind::Cnn;
    c.strategy.kind = StrategyKind::Entropy;
    c.device = deviceFromString(deviceSpec);
    c.rounds = 1;
    ActiveLearner learner(train, test, c);
    SimulatedOracle oracle(learner.train());
    for (int64_t r : learner.initialQueries())
        learner.recordAnswer(r, oracle.label(r));
    const RoundReport r0 = learner.trainInitial();
    const double t0 = now();
    const RoundReport r1 = learner.runRound(oracle);
    const double total = now() - t0;
    std::printf("scoring %.3f s  selection %.4f s  training %.3f s  evaluation %.3f s  total %.3f s  (accuracy %.2f %% "
                "-> %.2f %%)\n",
                r1.scoringSeconds, r1.selectionSeconds, r1.trainingSeconds, r1.evaluationSeconds, total,
                100 * r0.testAccuracy, 100 * r1.testAccuracy);
    return 0;
}
