// SPDX-License-Identifier: MIT
#include "core/acquisition/alfa_mix.h"

#include "core/error.h"
#include "core/geometry/vector_search.h"

#include <torch/autograd.h>
#include <torch/nn/functional.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lada {

torch::Tensor alfaMixAnchors(const torch::Tensor& embeddings, const std::vector<int64_t>& labels, int64_t classes)
{
    const int64_t l = embeddings.size(0);
    if (l == 0 || static_cast<int64_t>(labels.size()) != l)
        throw Error("ALFA-Mix anchors need labeled embeddings, one label each (got " + std::to_string(l) +
                    " embeddings, " + std::to_string(labels.size()) + " labels)");
    for (const int64_t y : labels)
        if (y < 0 || y >= classes)
            throw Error("ALFA-Mix anchors: label " + std::to_string(y) + " is outside [0, " + std::to_string(classes) +
                        ")");
    torch::NoGradGuard noGrad;
    const torch::Tensor z = embeddings.detach();
    const torch::Tensor y = torch::tensor(labels, torch::kLong).to(z.device());
    const torch::Tensor sums = torch::zeros({classes, z.size(1)}, z.options()).index_add_(0, y, z);
    const torch::Tensor counts = torch::bincount(y, {}, classes).to(z.scalar_type()).unsqueeze(1);
    const torch::Tensor globalMean = z.mean(0, true).expand({classes, z.size(1)});
    return torch::where(counts > 0, sums / counts.clamp_min(1.0), globalMean);
}

std::vector<double> alfaMixCaps(double step)
{
    if (!(step > 0.0))
        throw Error("ALFA-Mix: the epsilon grid needs a positive step, not " + std::to_string(step));
    std::vector<double> caps;
    // The authors' `while cap < 1.0: cap += step`: the accumulation's rounding decides the last cap.
    for (double cap = 0.0; cap < 1.0;) {
        cap += step;
        caps.push_back(cap);
    }
    return caps;
}

torch::Tensor alfaMixMixed(const torch::Tensor& z, const torch::Tensor& unitGradient, const torch::Tensor& anchors,
                           double epsilon)
{
    const torch::Tensor d = anchors.unsqueeze(1) - z.unsqueeze(0);  // [K, N, D]
    const torch::Tensor length = epsilon * d.norm(2, 2, true);      // [K, N, 1]
    return z.unsqueeze(0) + length * unitGradient.unsqueeze(0);
}

torch::Tensor alfaMixAlphaNorm(const torch::Tensor& z, const torch::Tensor& unitGradient, const torch::Tensor& anchor,
                               double epsilon)
{
    const torch::Tensor d = anchor.unsqueeze(0) - z;
    const torch::Tensor sign = torch::where(d < 0, -torch::ones_like(d), torch::ones_like(d));
    const torch::Tensor safe = sign * d.abs().clamp_min(1e-8);
    return (epsilon * d.norm(2, 1, true) * unitGradient / safe).norm(2, 1);
}

AlfaMixSearch alfaMixSearch(const torch::Tensor& z, const torch::Tensor& anchors, const FeatureHead& head,
                            int64_t budget, double step)
{
    const int64_t n = z.size(0);
    const int64_t dim = z.size(1);
    AlfaMixSearch out;
    out.candidate.assign(static_cast<size_t>(n), 0);
    out.epsilon.assign(static_cast<size_t>(n), std::numeric_limits<double>::quiet_NaN());
    out.flipClasses.assign(static_cast<size_t>(n), {});
    out.predictionAfter.assign(static_cast<size_t>(n), -1);
    out.alphaNorm.assign(static_cast<size_t>(n), std::numeric_limits<double>::quiet_NaN());
    if (n == 0)
        return out;

    // Eq. 2's gradient at z^u against the pseudo-label; summed, not averaged: Eq. 5 normalises each row.
    torch::Tensor gradient, predicted;
    {
        torch::AutoGradMode enable(true);
        const torch::Tensor leaf = z.detach().clone().requires_grad_(true);
        const torch::Tensor logits = head(leaf);
        predicted = logits.argmax(1).detach();
        const torch::Tensor loss = torch::nn::functional::cross_entropy(
            logits, predicted, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
        gradient = torch::autograd::grad({loss}, {leaf})[0].detach();
    }
    torch::NoGradGuard noGrad;
    const torch::Tensor x = z.detach();
    const torch::Tensor norm = gradient.norm(2, 1, true);
    const torch::Tensor usable = (norm.squeeze(1) >= 1e-12);
    const torch::Tensor unit =
        torch::where(norm >= 1e-12, gradient / norm.clamp_min(1e-12), torch::zeros_like(gradient));
    const torch::Tensor predictedCpu = predicted.to(torch::kCPU);
    for (int64_t i = 0; i < n; ++i)
        out.predictionBefore.push_back(static_cast<int>(predictedCpu[i].item<int64_t>()));

    const int64_t classes = anchors.size(0);
    if (classes == 0) {  // no labeled image, no anchor: nothing can flip on any cap
        out.lastCap = alfaMixCaps(step).back();
        return out;
    }
    for (const double cap : alfaMixCaps(step)) {
        out.lastCap = cap;
        const double epsilon = cap / std::sqrt(static_cast<double>(dim));
        std::vector<torch::Tensor> flips, after;
        for (int64_t k = 0; k < classes; ++k) {  // one anchor at a time: [N, D] alive, not [K, N, D]
            const torch::Tensor mixed = alfaMixMixed(x, unit, anchors.slice(0, k, k + 1), epsilon).squeeze(0);
            const torch::Tensor label = head(mixed).argmax(1);
            flips.push_back((label != predicted) & usable);
            after.push_back(label);
        }
        const torch::Tensor flip = torch::stack(flips).to(torch::kCPU).contiguous();   // [K, N] bool
        const torch::Tensor label = torch::stack(after).to(torch::kCPU).contiguous();  // [K, N]
        const bool* f = flip.data_ptr<bool>();
        const int64_t* y = label.data_ptr<int64_t>();
        for (int64_t i = 0; i < n; ++i) {
            if (out.candidate[static_cast<size_t>(i)])
                continue;
            for (int64_t k = 0; k < classes; ++k) {
                if (!f[k * n + i])
                    continue;
                auto& classesOf = out.flipClasses[static_cast<size_t>(i)];
                if (classesOf.empty()) {
                    out.predictionAfter[static_cast<size_t>(i)] = static_cast<int>(y[k * n + i]);
                    out.alphaNorm[static_cast<size_t>(i)] =
                        alfaMixAlphaNorm(x.slice(0, i, i + 1), unit.slice(0, i, i + 1), anchors[k], epsilon)
                            .item<double>();
                }
                classesOf.push_back(static_cast<int>(k));
            }
            if (!out.flipClasses[static_cast<size_t>(i)].empty()) {
                out.candidate[static_cast<size_t>(i)] = 1;
                out.epsilon[static_cast<size_t>(i)] = cap;
                ++out.count;
            }
        }
        if (out.count > budget)
            break;
    }
    return out;
}

std::vector<int64_t> nearestToCentres(const torch::Tensor& points, int64_t k, uint64_t seed, int iterations)
{
    const int64_t n = points.size(0);
    k = std::min(k, n);
    if (k <= 0)
        return {};
    const torch::Tensor x = points.detach().to(torch::kCPU, torch::kFloat).contiguous();
    const KMeansResult clusters = kmeans(x, k, iterations, seed);
    const torch::Tensor assigned = clusters.assignment.to(torch::kCPU).contiguous();
    const torch::Tensor centre = clusters.centroids.to(torch::kCPU).index_select(0, assigned);
    const torch::Tensor d2 = (x - centre).pow(2).sum(1).to(torch::kDouble).contiguous();
    const int64_t* a = assigned.data_ptr<int64_t>();
    const double* d = d2.data_ptr<double>();
    std::vector<int64_t> best(static_cast<size_t>(k), -1);
    for (int64_t i = 0; i < n; ++i) {
        int64_t& b = best[static_cast<size_t>(a[i])];
        if (b < 0 || d[i] < d[b])
            b = i;
    }
    std::vector<int64_t> picks;
    for (const int64_t b : best)
        if (b >= 0)  // an empty cluster has no member to return
            picks.push_back(b);
    return picks;
}

std::vector<int64_t> alfaMixFill(std::vector<int64_t> picks, const std::vector<char>& candidate, int64_t budget)
{
    const auto n = static_cast<int64_t>(candidate.size());
    budget = std::min(budget, n);
    std::vector<char> chosen(candidate.size(), 0);
    for (const int64_t p : picks)
        chosen[static_cast<size_t>(p)] = 1;
    for (const bool wantCandidate : {true, false})
        for (int64_t i = 0; i < n && static_cast<int64_t>(picks.size()) < budget; ++i)
            if (!chosen[static_cast<size_t>(i)] && (candidate[static_cast<size_t>(i)] != 0) == wantCandidate) {
                chosen[static_cast<size_t>(i)] = 1;
                picks.push_back(i);
            }
    return picks;
}

}  // namespace lada
