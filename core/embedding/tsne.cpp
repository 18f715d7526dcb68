// SPDX-License-Identifier: MIT
#include "core/embedding/tsne.h"

#include "core/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace lada {

namespace {

/** Squared Euclidean distances [N, N] between the rows of x [N, D]. */
torch::Tensor squaredDistances(const torch::Tensor& x)
{
    const torch::Tensor sq = x.pow(2).sum(1, true);
    return (sq + sq.t() - 2.0 * x.mm(x.t())).clamp_min(0.0);
}

/**
 * Conditional probabilities p_{j|i} [N, N] whose rows have perplexity `perplexity`: a bisection on the
 * precision beta_i = 1 / (2 sigma_i^2), run for all rows at once.
 */
torch::Tensor conditionalProbabilities(const torch::Tensor& distances, double perplexity, const Progress& progress)
{
    const int64_t n = distances.size(0);
    const auto opts = distances.options();
    const torch::Tensor offDiagonal = 1.0 - torch::eye(n, opts);
    // Shifting each row by its smallest off-diagonal distance leaves p_{j|i} unchanged and keeps exp()
    // from underflowing to an all-zero row for far-away points.
    const torch::Tensor big = torch::eye(n, opts) * 1e300;
    const torch::Tensor shifted = (distances - (distances + big).amin(1, true)) * offDiagonal;
    const double target = std::log(perplexity);  // entropy in nats

    torch::Tensor beta = torch::ones({n, 1}, opts);
    torch::Tensor lo = torch::zeros({n, 1}, opts);
    torch::Tensor hi = torch::full({n, 1}, std::numeric_limits<double>::infinity(), opts);
    torch::Tensor p;
    for (int it = 0; it < 64; ++it) {
        progress.checkCancel();
        p = torch::exp(-shifted * beta) * offDiagonal;
        const torch::Tensor sum = p.sum(1, true).clamp_min(1e-300);
        const torch::Tensor entropy = torch::log(sum) + beta * (shifted * p).sum(1, true) / sum;
        // Too flat (entropy above target): raise beta; too peaked: lower it.
        const torch::Tensor tooFlat = entropy > target;
        const torch::Tensor up = torch::where(torch::isinf(hi), beta * 2.0, (beta + hi) / 2.0);
        const torch::Tensor down = (beta + lo) / 2.0;
        lo = torch::where(tooFlat, beta, lo);
        hi = torch::where(tooFlat, hi, beta);
        beta = torch::where(tooFlat, up, down);
        p = p / sum;
    }
    return p;
}

}  // namespace

torch::Tensor tsne(const torch::Tensor& features, const TsneOptions& options, const Progress& progress)
{
    if (features.dim() != 2)
        throw ConfigError("t-SNE expects features [N, D], got " + std::to_string(features.dim()) + " dimensions");
    const int64_t n = features.size(0);
    if (n < 4)
        throw ConfigError("t-SNE needs at least 4 points, got " + std::to_string(n));
    torch::NoGradGuard noGrad;
    const auto opts = features.options().dtype(torch::kDouble);

    // Centre and scale so that the perplexity calibration sees the same range whatever the layer.
    torch::Tensor x = features.to(torch::kDouble);
    x = x - x.mean(0, true);
    x = x / x.abs().max().clamp_min(1e-12);

    const double perplexity = std::min(options.perplexity, std::max(1.0, (static_cast<double>(n) - 1.0) / 3.0));
    progress("t-SNE", 0, options.iterations);
    const torch::Tensor conditional = conditionalProbabilities(squaredDistances(x), perplexity, progress);
    // Symmetric joint probabilities p_ij = (p_{j|i} + p_{i|j}) / 2N (Eq. 1 of the t-SNE paper).
    const torch::Tensor p = ((conditional + conditional.t()) / (2.0 * static_cast<double>(n))).clamp_min(1e-12);

    const double learningRate = options.learningRate > 0.0
                                    ? options.learningRate
                                    : std::max(static_cast<double>(n) / options.exaggeration / 4.0, 50.0);
    // The initial map comes from a CPU generator so that a seed gives the same map on every device.
    torch::Tensor y = torch::randn({n, 2}, torch::make_generator<at::CPUGeneratorImpl>(options.seed),
                                   torch::TensorOptions().dtype(torch::kDouble))
                          .mul_(1e-2)
                          .to(opts.device());
    torch::Tensor update = torch::zeros_like(y);
    torch::Tensor gains = torch::ones_like(y);
    const torch::Tensor offDiagonal = 1.0 - torch::eye(n, opts);

    for (int it = 0; it < options.iterations; ++it) {
        progress.checkCancel();
        const bool early = it < options.exaggerationIterations;
        // Student-t kernel num_ij = 1 / (1 + |y_i - y_j|^2); q_ij = num_ij / sum num.
        const torch::Tensor num = offDiagonal / (1.0 + squaredDistances(y));
        const torch::Tensor q = (num / num.sum()).clamp_min(1e-12);
        // Exact gradient: dC/dy_i = 4 sum_j (p_ij - q_ij) num_ij (y_i - y_j).
        const torch::Tensor w = ((early ? p * options.exaggeration : p) - q) * num;
        const torch::Tensor grad = 4.0 * (w.sum(1, true) * y - w.mm(y));
        // Delta-bar-delta gains of the reference implementation: grow where the sign keeps changing.
        const torch::Tensor sameSign = (grad > 0) == (update > 0);
        gains = torch::where(sameSign, gains * 0.8, gains + 0.2).clamp_min(0.01);
        const double momentum = early ? 0.5 : 0.8;
        update = momentum * update - learningRate * gains * grad;
        y = y + update;
        y = y - y.mean(0, true);
        if ((it + 1) % 10 == 0 || it + 1 == options.iterations)
            progress("t-SNE", it + 1, options.iterations);
    }
    return y.to(features.device(), torch::kFloat);
}

}  // namespace lada
