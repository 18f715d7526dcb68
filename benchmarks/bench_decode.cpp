// SPDX-License-Identifier: MIT
// bench_decode: how fast the MNIST training split (60,000 PNGs) decodes on one thread and on all of
// them, and how fast its dataset cache writes and reads back.
//   bench_decode <mnist-png root> [cache file]
// The root is the folder holding train/<digit>/*.png (the extracted mnist-png archive).
// Each stage prints wall seconds and the process's CPU seconds: on a machine shared with other work,
// CPU seconds well below threads x wall seconds mean the workers waited for a core, not for each other.
#include "core/data/dataset_cache.h"
#include "core/data/dataset_loader.h"
#include "core/data/image_folder.h"
#include "core/data/parallel_for.h"
#include "core/error.h"

#include <torch/torch.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/** User + system CPU seconds of this process so far, all threads together. */
double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/** Wall and CPU time of one stage. */
struct Stage {
    Clock::time_point wallStart = Clock::now();
    double cpuStart = cpuSeconds();
    double wall() const { return secondsSince(wallStart); }
    double cpu() const { return cpuSeconds() - cpuStart; }
};

void printStage(const char* name, const Stage& stage, double wall, int64_t images, const std::string& note = {})
{
    std::printf("%-22s %8.3f s wall %8.3f s cpu", name, wall, stage.cpu());
    if (images > 0) {
        std::printf(" %10.0f images/s", static_cast<double>(images) / wall);
    }
    std::printf("%s\n", note.c_str());
}

std::string ratio(double slow, double fast, const char* than)
{
    char text[96];
    std::snprintf(text, sizeof text, "   (%.1fx faster than %s)", slow / fast, than);
    return text;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <mnist-png root> [cache file]\n", argv[0]);
        return 2;
    }
    const std::string train = std::string(argv[1]) + "/train";
    const std::string cacheFile =
        argc > 2 ? argv[2] : (std::filesystem::temp_directory_path() / "lada-bench-mnist-train.ladacache").string();
    try {
        const int threads = lada::resolveThreadCount(0);
        std::printf("MNIST training split: %s, %d hardware threads\n\n", train.c_str(), threads);

        Stage list;
        const lada::ImageListing listing = lada::listImageFolder(train, {});
        printStage("list files", list, list.wall(), 0, "   (" + std::to_string(listing.entries.size()) + " files)");

        // Each load below lists, reads headers and decodes: the whole cost a user waits for.
        lada::LoadOptions one;
        one.threads = 1;
        Stage serialStage;
        const lada::Dataset serial = lada::loadDataset(train, one);
        const double serialSeconds = serialStage.wall();
        printStage("decode, 1 thread", serialStage, serialSeconds, serial.size());

        lada::LoadOptions all;
        all.threads = 0;
        Stage parallelStage;
        const lada::Dataset parallel = lada::loadDataset(train, all);
        const double parallelSeconds = parallelStage.wall();
        const std::string name = "decode, " + std::to_string(threads) + " threads";
        printStage(name.c_str(), parallelStage, parallelSeconds, parallel.size(),
                   ratio(serialSeconds, parallelSeconds, "1 thread"));
        if (!torch::equal(serial.images, parallel.images) || !torch::equal(serial.labels, parallel.labels)) {
            std::fprintf(stderr, "error: the two decodes differ\n");
            return 1;
        }

        Stage write;
        lada::saveDatasetCache(parallel, cacheFile, "bench_decode");
        const double writeSeconds = write.wall();
        const double megabytes = static_cast<double>(std::filesystem::file_size(cacheFile)) / 1e6;
        char note[64];
        std::snprintf(note, sizeof note, "   (%.1f MB)", megabytes);
        printStage("write cache", write, writeSeconds, 0, note);

        Stage read;
        const std::optional<lada::Dataset> cached = lada::loadDatasetCache(cacheFile, "bench_decode");
        const double readSeconds = read.wall();
        if (!cached || !torch::equal(cached->images, parallel.images)) {
            std::fprintf(stderr, "error: the cache did not read back equal\n");
            return 1;
        }
        printStage(
            "read cache", read, readSeconds, cached->size(),
            ratio(parallelSeconds, readSeconds, ("decoding on " + std::to_string(threads) + " threads").c_str()));
        std::filesystem::remove(cacheFile);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
