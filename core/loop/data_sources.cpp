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

namespace {

constexpr int kAutoMaxSide = 64;

std::string embeddingCacheFile(const DataSources& sources, const std::string& source, const char* split,
                               const ExperimentConfig& config)
{
    const std::string base = splitCacheFile(sources, source, split);
    if (base.empty())
        return {};
    // One file per backbone: switching models keeps both caches.
    const uint64_t h = fnv1a(std::filesystem::absolute(config.backbone.file).lexically_normal().string());
    char suffix[40];
    std::snprintf(suffix, sizeof suffix, "-%08llx.ladaemb", static_cast<unsigned long long>(h & 0xffffffffull));
    return std::filesystem::path(base).replace_extension().string() + suffix;
}

}  // namespace

void checkModelFitsData(const ExperimentConfig& config)
{
    const bool head = config.model == ModelKind::Head;
    if (head && config.backbone.file.empty())
        throw ConfigError("--model head classifies backbone embeddings: give --backbone FILE (a TorchScript .pt or "
                          "ONNX .onnx model), or use --model cnn or resnet18 to train on pixels");
    if (!head && !config.backbone.file.empty())
        throw ConfigError("--backbone needs --model head (a classifier on the backbone's embeddings); " +
                          toString(config.model) + " trains on pixels");
    if (head && config.strategy.kind == StrategyKind::Cal)
        throw ConfigError("--strategy cal augments images (crops and flips), which embeddings do not have: use "
                          "another strategy with --model head");
}

ExperimentConfig loadingConfig(const ExperimentConfig& settings)
{
    ExperimentConfig c;
    c.imageSize = settings.imageSize;
    if (settings.model == ModelKind::Head && !settings.backbone.file.empty()) {
        c.model = ModelKind::Head;
        c.backbone = settings.backbone;
    }
    return c;
}

bool splitsFitConfig(const Splits& splits, const ExperimentConfig& config)
{
    const BackboneOptions& a = splits.backbone;
    const BackboneOptions& b = config.backbone;
    if (a.file != b.file)
        return false;
    if (!b.file.empty())
        return a.inputSize == b.inputSize && a.mean == b.mean && a.stddev == b.stddev && a.letterbox == b.letterbox;
    return splits.imageSize == config.imageSize;
}

Splits loadSplits(const DataSources& sources, const ExperimentConfig& config, const Progress& progress)
{
    if (sources.train.empty())
        throw ConfigError("no training folder was given");
    checkModelFitsData(config);
    Splits data;
    data.backbone = config.backbone;
    data.imageSize = config.imageSize;
    const bool embed = !config.backbone.file.empty();

    LoadOptions trainOptions;
    trainOptions.classNames = sources.classNames;
    trainOptions.allowUnlabeled = !sources.classNames.empty();
    trainOptions.cancel = progress.cancel;
    if (config.imageSize) {
        trainOptions.height = *config.imageSize;
        trainOptions.width = *config.imageSize;
    } else {
        trainOptions.maxSide = kAutoMaxSide;
    }
    if (embed) {
        data.train = loadEmbeddedSplit(sources.train, trainOptions, config.backbone,
                                       embeddingCacheFile(sources, sources.train, "train", config),
                                       "embedding training photos", progress, &data.trainEmbedding);
    } else {
        trainOptions.cacheFile = splitCacheFile(sources, sources.train, "train");
        trainOptions.progress = [&](int64_t done, int64_t total) { progress("loading training images", done, total); };
        data.train = loadDataset(sources.train, trainOptions);
    }
    if (data.train.numClasses() < 2)
        throw ConfigError("\"" + sources.train +
                          "\" has fewer than two classes: give the class names of unlabeled images");

    if (!sources.test.empty()) {
        LoadOptions testOptions;
        testOptions.classNames = data.train.classNames;
        testOptions.cancel = progress.cancel;
        if (embed) {
            data.test = loadEmbeddedSplit(sources.test, testOptions, config.backbone,
                                          embeddingCacheFile(sources, sources.test, "test", config),
                                          "embedding test photos", progress, &data.testEmbedding);
        } else {
            testOptions.channels = static_cast<int>(data.train.channels());
            testOptions.height = static_cast<int>(data.train.height());
            testOptions.width = static_cast<int>(data.train.width());
            testOptions.cacheFile = splitCacheFile(sources, sources.test, "test");
            testOptions.progress = [&](int64_t done, int64_t total) { progress("loading test images", done, total); };
            data.test = loadDataset(sources.test, testOptions);
        }
    }
    return data;
}

}  // namespace lada
