// SPDX-License-Identifier: MIT
#include "core/loop/data_sources.h"

#include "core/data/dataset_cache.h"
#include "core/data/dataset_loader.h"
#include "core/error.h"

#include <cstdio>
#include <filesystem>

namespace lada {

namespace {

/** FNV-1a, 64 bits: stable across runs and compilers, which std::hash is not. */
uint64_t fnv1a(const std::string& text, uint64_t h = 1469598103934665603ull)
{
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

}  // namespace

std::string splitCacheFile(const DataSources& sources, const std::string& source, const char* split)
{
    if (sources.cacheDir.empty())
        return {};
    uint64_t h = fnv1a(std::filesystem::absolute(source).lexically_normal().string());
    for (const std::string& c : sources.classNames)
        h = fnv1a(c + "\n", h);
    char name[64];
    std::snprintf(name, sizeof name, "%016llx-%s%s", static_cast<unsigned long long>(h), split, kDatasetCacheExtension);
    return (std::filesystem::path(sources.cacheDir) / name).string();
}

Splits loadSplits(const DataSources& sources, const Progress& progress)
{
    if (sources.train.empty())
        throw ConfigError("no training folder was given");
    Splits data;

    LoadOptions trainOptions;
    trainOptions.classNames = sources.classNames;
    trainOptions.allowUnlabeled = !sources.classNames.empty();
    trainOptions.cacheFile = splitCacheFile(sources, sources.train, "train");
    trainOptions.cancel = progress.cancel;
    trainOptions.progress = [&](int64_t done, int64_t total) { progress("loading training images", done, total); };
    data.train = loadDataset(sources.train, trainOptions);
    if (data.train.numClasses() < 2)
        throw ConfigError("\"" + sources.train +
                          "\" has fewer than two classes: give the class names of unlabeled images");

    if (!sources.test.empty()) {
        LoadOptions testOptions;
        testOptions.classNames = data.train.classNames;
        testOptions.channels = static_cast<int>(data.train.channels());
        testOptions.height = static_cast<int>(data.train.height());
        testOptions.width = static_cast<int>(data.train.width());
        testOptions.cacheFile = splitCacheFile(sources, sources.test, "test");
        testOptions.cancel = progress.cancel;
        testOptions.progress = [&](int64_t done, int64_t total) { progress("loading test images", done, total); };
        data.test = loadDataset(sources.test, testOptions);
    }
    return data;
}

}  // namespace lada
