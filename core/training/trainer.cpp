// SPDX-License-Identifier: MIT
#include "core/training/trainer.h"

#include "core/augmentation/beta_sampler.h"
#include "core/augmentation/mixup.h"
#include "core/util/seconds_since.h"

#include <torch/nn/functional.h>
#include <torch/optim/adam.h>

#include <chrono>

namespace lada {

namespace {

// Random crop with 4 pixels of zero padding and a horizontal flip per image (CIFAR augmentation).
torch::Tensor cropAndFlip(const torch::Tensor& x)
{
    const int64_t n = x.size(0), h = x.size(2), w = x.size(3);
    const torch::Tensor padded = torch::constant_pad_nd(x, {4, 4, 4, 4}, 0.0);
    const torch::Tensor offsets = torch::randint(0, 9, {n, 2}, torch::kLong);
    const torch::Tensor flips = torch::rand({n}) < 0.5;
    std::vector<torch::Tensor> out;
    out.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        const int64_t dy = offsets[i][0].item<int64_t>(), dx = offsets[i][1].item<int64_t>();
        torch::Tensor crop = padded[i].slice(1, dy, dy + h).slice(2, dx, dx + w);
        out.push_back(flips[i].item<bool>() ? crop.flip({2}) : crop);
    }
    return torch::stack(out);
}

}  // namespace

TrainStats trainClassifier(ClassifierImpl& model, const torch::Tensor& images, const torch::Tensor& labels,
                           const ChannelStats& stats, const torch::Device& device, const TrainOptions& options,
                           const VirtualSet* virtualSet, const Progress& progress)
{
    const auto start = std::chrono::steady_clock::now();
    TrainStats result;
    const int64_t n = images.size(0);
    if (n == 0)
        return result;
    model.to(device);
    model.train();
    torch::optim::Adam optimizer(model.parameters(), torch::optim::AdamOptions(options.learningRate));
    const torch::Tensor targets = labels.to(device);
    const bool hasVirtual = virtualSet != nullptr && virtualSet->size() > 0;

    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        progress.checkCancel();
        const torch::Tensor order = torch::randperm(n, torch::kLong);
        double lossSum = 0.0;
        int64_t batches = 0;
        for (int64_t begin = 0; begin < n; begin += options.batchSize) {
            const torch::Tensor idx = order.slice(0, begin, std::min(n, begin + options.batchSize));
            torch::Tensor x = stats.normalize(images.index_select(0, idx), device);
            if (options.augment)
                x = cropAndFlip(x);
            optimizer.zero_grad();
            const torch::Tensor loss =
                torch::nn::functional::cross_entropy(model.forward(x), targets.index_select(0, idx.to(device)));
            loss.backward();
            optimizer.step();
            lossSum += loss.item<double>();
            ++batches;
            result.samples += idx.size(0);
        }
        result.meanLoss = lossSum / static_cast<double>(batches);

        if (hasVirtual) {
            // Eq. 14: a fresh lambda ~ Beta(tau*, tau*) per pair and epoch, soft labels mixed alike.
            const VirtualSet& v = *virtualSet;
            const int64_t p = v.size();
            torch::Tensor lambda;
            {
                torch::NoGradGuard noGrad;
                lambda = sampleBeta(v.tau.to(device));
            }
            const torch::Tensor order = torch::randperm(p, torch::kLong);
            for (int64_t begin = 0; begin < p; begin += options.batchSize) {
                const torch::Tensor idx = order.slice(0, begin, std::min(p, begin + options.batchSize));
                const torch::Tensor idxDev = idx.to(device);
                const torch::Tensor l = lambda.index_select(0, idxDev);
                optimizer.zero_grad();
                const torch::Tensor ha =
                    model.features(stats.normalize(v.imagesA.index_select(0, idx), device), v.mixLayer);
                const torch::Tensor hb =
                    model.features(stats.normalize(v.imagesB.index_select(0, idx), device), v.mixLayer);
                const torch::Tensor soft = mixLabels(v.labelsA.to(device).index_select(0, idxDev),
                                                     v.labelsB.to(device).index_select(0, idxDev), l, v.numClasses);
                const torch::Tensor loss = softCrossEntropy(model.head(mixMaps(ha, hb, l), v.mixLayer), soft);
                loss.backward();
                optimizer.step();
                result.samples += idx.size(0);
            }
        }
        progress("training", epoch + 1, options.epochs);
    }
    model.eval();
    // Nothing reads the gradients between rounds: release them (45 MB for resnet18) rather than keep zeros.
    for (torch::Tensor& p : model.parameters())
        p.mutable_grad() = torch::Tensor();
    result.seconds = secondsSince(start);
    return result;
}

torch::Tensor predictLogits(ClassifierImpl& model, const torch::Tensor& images, const ChannelStats& stats,
                            const torch::Device& device, int64_t batchSize, const Progress& progress)
{
    c10::InferenceMode inference;  // thread-local: created in the thread that scores
    model.to(device);
    model.eval();
    const int64_t n = images.size(0);
    if (batchSize <= 0)
        batchSize = model.inferenceBatch(images);
    std::vector<torch::Tensor> parts;
    for (int64_t begin = 0; begin < n; begin += batchSize) {
        progress.checkCancel();
        const int64_t end = std::min(n, begin + batchSize);
        parts.push_back(model.forward(stats.normalize(images.slice(0, begin, end), device)).to(torch::kCPU));
        progress("scoring", end, n);
    }
    return parts.empty() ? torch::empty({0, 0}) : torch::cat(parts);
}

double evaluateAccuracy(ClassifierImpl& model, const torch::Tensor& images, const torch::Tensor& labels,
                        const ChannelStats& stats, const torch::Device& device, const Progress& progress)
{
    if (images.size(0) == 0)
        return 0.0;
    Progress evalProgress = progress;
    evalProgress.report = [&progress](const std::string&, int64_t done, int64_t total) {
        progress("evaluation", done, total);
    };
    const torch::Tensor logits = predictLogits(model, images, stats, device, 0, evalProgress);
    return logits.argmax(1).eq(labels).to(torch::kDouble).mean().item<double>();
}

}  // namespace lada
