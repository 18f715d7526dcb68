// SPDX-License-Identifier: MIT
#include "core/embedding/tsne.h"

#include "core/embedding/barnes_hut_tsne.h"
#include "core/error.h"
#include "core/geometry/vector_search.h"

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

/** Symmetric joint probabilities p_ij = (p_{j|i} + p_{i|j}) / 2N [N, N] (Eq. 1 of the t-SNE paper). */
torch::Tensor jointProbabilities(const torch::Tensor& x, double perplexity, const Progress& progress)
{
    const torch::Tensor conditional = conditionalProbabilities(squaredDistances(x), perplexity, progress);
    return ((conditional + conditional.t()) / (2.0 * static_cast<double>(x.size(0)))).clamp_min(1e-12);
}

/** KL(P || Q) = sum_ij p_ij log(p_ij / q_ij) of the map y [N, 2] over all pairs (Eq. 2 of the t-SNE paper). */
double divergence(const torch::Tensor& p, const torch::Tensor& y)
{
    const torch::Tensor num = (1.0 - torch::eye(y.size(0), p.options())) / (1.0 + squaredDistances(y));
    const torch::Tensor q = (num / num.sum()).clamp_min(1e-12);
    return (p * torch::log(p / q)).sum().item<double>();
}

/** Centred and scaled to [-1, 1], so that the perplexity calibration sees the same range whatever the layer. */
torch::Tensor normalized(const torch::Tensor& features)
{
    torch::Tensor x = features.to(torch::kDouble);
    x = x - x.mean(0, true);
    return x / x.abs().max().clamp_min(1e-12);
}

/** The perplexity used for N points: at most (N - 1) / 3, so that a row can reach it. */
double fittedPerplexity(double perplexity, int64_t n)
{
    return std::min(perplexity, std::max(1.0, (static_cast<double>(n) - 1.0) / 3.0));
}

/**
 * Exact t-SNE of `x` (double [N, D], centred and scaled) on its device: returns double [N, 2] and sets
 * `klDivergence`, KL(P || Q) over all pairs (van der Maaten and Hinton 2008, Eq. 2).
 */
torch::Tensor exactTsne(const torch::Tensor& x, double perplexity, const TsneOptions& options, const Progress& progress,
                        double& klDivergence)
{
    const int64_t n = x.size(0);
    const auto opts = x.options();
    const torch::Tensor p = jointProbabilities(x, perplexity, progress);

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
    klDivergence = divergence(p, y);
    return y;
}

}  // namespace

torch::Tensor tsne(const torch::Tensor& features, const TsneOptions& options, const Progress& progress,
                   TsneReport* report)
{
    if (features.dim() != 2)
        throw ConfigError("t-SNE expects features [N, D], got " + std::to_string(features.dim()) + " dimensions");
    const int64_t n = features.size(0);
    if (n < 4)
        throw ConfigError("t-SNE needs at least 4 points, got " + std::to_string(n));
    if (!(options.theta >= 0.0 && options.theta <= 0.7))
        throw ConfigError("t-SNE's Barnes-Hut theta must lie in [0, 0.7], got " + std::to_string(options.theta));
    torch::NoGradGuard noGrad;

    TsneMethod method = options.method;
    if (method == TsneMethod::Auto)
        method = n < kTsneExactBelow || !haveVectorSearch() ? TsneMethod::Exact : TsneMethod::BarnesHut;

    const torch::Tensor x = normalized(method == TsneMethod::BarnesHut ? features.cpu() : features);
    const double perplexity = fittedPerplexity(options.perplexity, n);
    progress("t-SNE", 0, options.iterations);
    double kl = 0.0;
    const torch::Tensor y = method == TsneMethod::Exact ? exactTsne(x, perplexity, options, progress, kl)
                                                        : barnesHutTsne(x, perplexity, options, progress, kl);
    if (report) {
        report->method = method;
        report->klDivergence = kl;
    }
    return y.to(features.device(), torch::kFloat);
}

double exactKlDivergence(const torch::Tensor& features, const torch::Tensor& map, double perplexity)
{
    if (features.dim() != 2 || map.dim() != 2 || map.size(1) != 2 || map.size(0) != features.size(0) ||
        features.size(0) < 4)
        throw ConfigError("t-SNE divergence expects features [N, D] and a map [N, 2] with N >= 4");
    torch::NoGradGuard noGrad;
    const torch::Tensor x = normalized(features);
    const torch::Tensor p = jointProbabilities(x, fittedPerplexity(perplexity, x.size(0)), {});
    return divergence(p, map.to(x.device(), torch::kDouble));
}

}  // namespace lada
