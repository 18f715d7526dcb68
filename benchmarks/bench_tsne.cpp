// SPDX-License-Identifier: MIT
// Our Barnes-Hut t-SNE against scikit-learn's on the same MNIST points, in one run.
// Usage: bench_tsne <mnist-root> [--sizes 3000,20000] [--threads 2] [--exact-max N] [--python /usr/bin/python3]
// Draws N training images at random (seed 0), projects them on their 50 principal components and maps them
// with perplexity 30, 1,000 iterations (250 exaggerated, as scikit-learn's), theta 0.5, a seed-0 random map;
// then writes the same points to /tmp and runs benchmarks/tsne_sklearn.py on them. Prints seconds and KL:
// ours (Barnes-Hut; KL over the sparse P with the quadtree's Z, as scikit-learn reports it), exact t-SNE up
// to --exact-max points (default 0: it took 301 s at 3,000 points on 2 cores), and scikit-learn's. Up to
// 5,000 points it also prints the Barnes-Hut map's KL under the dense P, the yardstick exact t-SNE minimises.
#include "bench_support.h"

#include "core/data/dataset_loader.h"
#include "core/embedding/tsne.h"
#include "core/util/device.h"

#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace lada;
using namespace lada::bench;

namespace {

/** The rows of `images` (uint8 [N, 1, 28, 28]) as float [N, 50]: centred, on the top 50 principal axes. */
torch::Tensor pca50(const torch::Tensor& images)
{
    torch::Tensor x = images.flatten(1).to(torch::kDouble) / 255.0;
    x = x - x.mean(0, true);
    const auto [values, vectors] = torch::linalg_eigh(x.t().mm(x));  // ascending eigenvalues
    return x.mm(vectors.narrow(1, vectors.size(1) - 50, 50).flip(1)).to(torch::kFloat).contiguous();
}

struct Run {
    double seconds = 0.0, kl = 0.0, denseKl = -1.0;
};

Run ours(const torch::Tensor& x, TsneMethod method)
{
    TsneOptions options;
    options.iterations = 1000;
    options.exaggerationIterations = 250;
    options.seed = 0;
    options.method = method;
    TsneReport report;
    const double t0 = now();
    const torch::Tensor map = tsne(x, options, {}, &report);
    Run r;
    r.seconds = now() - t0;
    r.kl = report.klDivergence;
    if (x.size(0) <= 5000)
        r.denseKl = exactKlDivergence(x, map);
    return r;
}

/** Runs the Python script on `x` written to a file; parses its "seconds=... kl=..." line. */
Run sklearn(const torch::Tensor& x, const std::string& python, const std::string& script, int threads)
{
    const std::string file = "/tmp/lada-bench-tsne-" + std::to_string(x.size(0)) + ".f32";
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(x.data_ptr<float>()), static_cast<std::streamsize>(x.numel() * 4));
    const std::string command = python + " " + script + " " + file + " " + std::to_string(x.size(0)) + " " +
                                std::to_string(x.size(1)) + " " + std::to_string(threads);
    Run r;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return r;
    char line[512];
    std::string out;
    while (std::fgets(line, sizeof line, pipe))
        out += line;
    if (pclose(pipe) != 0 || std::sscanf(out.c_str(), "sklearn seconds=%lf kl=%lf", &r.seconds, &r.kl) != 2) {
        std::cerr << "scikit-learn run failed: " << command << "\n" << out;
        r.seconds = -1.0;
    }
    return r;
}

void print(const char* who, int64_t n, const Run& r)
{
    if (r.denseKl >= 0.0)
        std::printf("%-22s N=%-6lld %9.2f s   KL %.4f   (KL under dense P %.4f)\n", who, static_cast<long long>(n),
                    r.seconds, r.kl, r.denseKl);
    else
        std::printf("%-22s N=%-6lld %9.2f s   KL %.4f\n", who, static_cast<long long>(n), r.seconds, r.kl);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_tsne <mnist-root> [--sizes 3000,20000] [--threads 2] [--exact-max N] "
                     "[--python /usr/bin/python3]\n";
        return 2;
    }
    const std::string root = argv[1];
    std::vector<int64_t> sizes{3000, 20000};
    int threads = 2;
    int64_t exactMax = 0;
    std::string python = "/usr/bin/python3";
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--sizes")) {
            sizes.clear();
            std::stringstream list(argv[i + 1]);
            for (std::string s; std::getline(list, s, ',');)
                sizes.push_back(std::stoll(s));
        } else if (!std::strcmp(argv[i], "--threads")) {
            threads = std::stoi(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--exact-max")) {
            exactMax = std::stoll(argv[i + 1]);
        } else if (!std::strcmp(argv[i], "--python")) {
            python = argv[i + 1];
        }
    }
    // Both sides get the same number of threads: torch's pool (and FAISS's OpenMP) here, OMP_NUM_THREADS there.
    configureThreads(threads);
    const std::string script = LADA_SOURCE_DIR "/benchmarks/tsne_sklearn.py";
    LoadOptions lo;
    lo.cacheFile = "/tmp/lada-bench-mnist-train.ladacache";
    const Dataset train = loadDataset(root + "/train", lo);
    std::ifstream loadavg("/proc/loadavg");
    std::string load;
    std::getline(loadavg, load);
    std::printf("bench_tsne: %d threads each, perplexity 30, 1000 iterations, theta 0.5; load average %s\n\n",
                torch::get_num_threads(), load.c_str());

    const torch::Tensor order = torch::randperm(train.size(), torch::make_generator<at::CPUGeneratorImpl>(0));
    for (int64_t n : sizes) {
        const torch::Tensor x = pca50(train.images.index_select(0, order.narrow(0, 0, n)));
        print("ours (Barnes-Hut)", n, ours(x, TsneMethod::BarnesHut));
        if (n <= exactMax)
            print("ours (exact)", n, ours(x, TsneMethod::Exact));
        print("scikit-learn (B-H)", n, sklearn(x, python, script, threads));
    }
    return 0;
}
