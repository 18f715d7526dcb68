// SPDX-License-Identifier: MIT
#include "core/embedding/barnes_hut_tsne.h"

#include "core/embedding/quad_tree.h"
#include "core/embedding/sparse_affinities.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <cmath>
#include <vector>

namespace lada {

namespace {

// Points per task of torch's thread pool: enough work to amortise a task, small enough to balance.
constexpr int64_t kGrain = 256;

/**
 * The gradient of KL(P || Q) at the map `y` (double [N, 2] row-major) into `grad`, as van der Maaten 2014,
 * Eq. 4-6: dC/dy_i = 4 (exaggeration · F_attr,i - F_rep,i / Z), F_attr over the sparse p_ij, F_rep and
 * Z = sum_{k != l} (1 + |y_k - y_l|^2)^-1 from the quadtree. Returns Z. Every point's sums are its own and
 * Z is added up in row order, so the result does not depend on the number of threads.
 */
double gradient(const SparseAffinities& p, const std::vector<double>& y, double exaggeration, double theta,
                std::vector<double>& grad, std::vector<double>& rowSums)
{
    const int64_t n = p.size();
    const QuadTree tree(y.data(), n);
    at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const double yx = y[static_cast<size_t>(2 * i)], yy = y[static_cast<size_t>(2 * i + 1)];
            double rep[2] = {0.0, 0.0};
            rowSums[static_cast<size_t>(i)] = tree.repulsion(i, yx, yy, theta, rep);
            double ax = 0.0, ay = 0.0;
            for (int64_t e = p.rowStart[static_cast<size_t>(i)]; e < p.rowStart[static_cast<size_t>(i + 1)]; ++e) {
                const auto j = static_cast<size_t>(p.col[static_cast<size_t>(e)]);
                const double dx = yx - y[2 * j], dy = yy - y[2 * j + 1];
                const double pw = p.value[static_cast<size_t>(e)] / (1.0 + dx * dx + dy * dy);
                ax += pw * dx;
                ay += pw * dy;
            }
            // Keep the repulsion unnormalised until Z is known.
            grad[static_cast<size_t>(2 * i)] = exaggeration * ax;
            grad[static_cast<size_t>(2 * i + 1)] = exaggeration * ay;
            rowSums[static_cast<size_t>(n + 2 * i)] = rep[0];
            rowSums[static_cast<size_t>(n + 2 * i + 1)] = rep[1];
        }
    });
    double z = 0.0;
    for (int64_t i = 0; i < n; ++i)
        z += rowSums[static_cast<size_t>(i)];
    z = std::max(z, 1e-300);
    for (size_t e = 0; e < grad.size(); ++e)
        grad[e] = 4.0 * (grad[e] - rowSums[static_cast<size_t>(n) + e] / z);
    return z;
}

/**
 * KL(P || Q) = sum_ij p_ij log(p_ij / q_ij) over the stored p_ij, q_ij = (1 + |y_i - y_j|^2)^-1 / Z with the
 * quadtree's Z: the error scikit-learn's Barnes-Hut reports. Pairs outside P contribute nothing (p_ij = 0).
 */
double klDivergence(const SparseAffinities& p, const std::vector<double>& y, double theta)
{
    const int64_t n = p.size();
    std::vector<double> grad(y.size()), scratch(static_cast<size_t>(3 * n));
    const double z = gradient(p, y, 1.0, theta, grad, scratch);
    std::vector<double> rowKl(static_cast<size_t>(n));
    at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            double sum = 0.0;
            for (int64_t e = p.rowStart[static_cast<size_t>(i)]; e < p.rowStart[static_cast<size_t>(i + 1)]; ++e) {
                const auto j = static_cast<size_t>(p.col[static_cast<size_t>(e)]);
                const double dx = y[static_cast<size_t>(2 * i)] - y[2 * j],
                             dy = y[static_cast<size_t>(2 * i + 1)] - y[2 * j + 1];
                const double q = 1.0 / (1.0 + dx * dx + dy * dy) / z;
                const double pij = p.value[static_cast<size_t>(e)];
                sum += pij * std::log(std::max(pij, 1e-300) / std::max(q, 1e-300));
            }
            rowKl[static_cast<size_t>(i)] = sum;
        }
    });
    double kl = 0.0;
    for (double v : rowKl)
        kl += v;
    return kl;
}

}  // namespace

torch::Tensor barnesHutTsne(const torch::Tensor& x, double perplexity, const TsneOptions& options,
                            const Progress& progress, double& klDivergenceOut)
{
    const int64_t n = x.size(0);
    const SparseAffinities p = sparseAffinities(x.to(torch::kFloat), perplexity, progress);

    const double learningRate = options.learningRate > 0.0
                                    ? options.learningRate
                                    : std::max(static_cast<double>(n) / options.exaggeration / 4.0, 50.0);
    // The same initial map as exact t-SNE's for the same seed.
    const torch::Tensor init = torch::randn({n, 2}, torch::make_generator<at::CPUGeneratorImpl>(options.seed),
                                            torch::TensorOptions().dtype(torch::kDouble))
                                   .mul_(1e-2)
                                   .contiguous();
    std::vector<double> y(init.data_ptr<double>(), init.data_ptr<double>() + 2 * n);
    std::vector<double> update(y.size(), 0.0), gains(y.size(), 1.0), grad(y.size());
    std::vector<double> scratch(static_cast<size_t>(3 * n));  // Z per row, then the repulsion per row

    for (int it = 0; it < options.iterations; ++it) {
        progress.checkCancel();
        const bool early = it < options.exaggerationIterations;
        gradient(p, y, early ? options.exaggeration : 1.0, options.theta, grad, scratch);
        // Delta-bar-delta gains and momentum, as exact t-SNE (tsne.cpp).
        const double momentum = early ? 0.5 : 0.8;
        double meanX = 0.0, meanY = 0.0;
        for (size_t e = 0; e < y.size(); ++e) {
            const bool sameSign = (grad[e] > 0.0) == (update[e] > 0.0);
            gains[e] = std::max(sameSign ? gains[e] * 0.8 : gains[e] + 0.2, 0.01);
            update[e] = momentum * update[e] - learningRate * gains[e] * grad[e];
            y[e] += update[e];
            (e % 2 == 0 ? meanX : meanY) += y[e];
        }
        meanX /= static_cast<double>(n);
        meanY /= static_cast<double>(n);
        for (size_t e = 0; e < y.size(); e += 2) {
            y[e] -= meanX;
            y[e + 1] -= meanY;
        }
        if ((it + 1) % 10 == 0 || it + 1 == options.iterations)
            progress("t-SNE", it + 1, options.iterations);
    }
    klDivergenceOut = klDivergence(p, y, options.theta);
    return torch::from_blob(y.data(), {n, 2}, torch::kDouble).clone();
}

}  // namespace lada
