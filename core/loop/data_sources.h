// SPDX-License-Identifier: MIT
#pragma once

#include "core/backbone/embedded_split.h"
#include "core/config/experiment_config.h"
#include "core/data/dataset.h"
#include "core/util/progress.h"

#include <optional>
#include <string>
#include <vector>

namespace lada {

/** Where a session's splits come from: what the person chose in the window or gave lada-cli. */
struct DataSources {
    std::string train;                    ///< ImageFolder tree, flat folder, CSV manifest, idx, CIFAR .bin or cache
    std::string test;                     ///< empty = no test split (accuracy on a held-out share)
    std::vector<std::string> classNames;  ///< required for a folder of unlabeled images; else empty = discover
    std::string cacheDir;                 ///< where decoded splits are cached; empty = no cache
};

/** The splits as decoded (or read from the dataset cache), or as backbone embeddings. */
struct Splits {
    Dataset train;
    std::optional<Dataset> test;
    BackboneOptions backbone;                    ///< what they were loaded with (file empty: pixels)
    std::optional<int> imageSize;                ///< the image-size setting they were decoded for
    EmbeddingRun trainEmbedding, testEmbedding;  ///< with a backbone: computed vs cached
};

/**
 * Loads the training split (unlabeled images allowed when class names are given) and the optional test
 * split with the training split's classes, channels and size. Each split is cached in
 * `sources.cacheDir` under a name derived from its absolute path and the class list, so a second open
 * reads one file (the cache's own key still checks the files). Reports "loading training images" /
 * "loading test images"; throws DataError, ConfigError (fewer than two classes) or Cancelled.
 * With `config.backbone.file` the splits are loaded as backbone embeddings (loadEmbeddedSplit, cached as
 * `.ladaemb` beside the dataset caches; "embedding training photos"), and `config.model` must be head;
 * otherwise photo folders are decoded at `config.imageSize` (auto: at most 64 x 64).
 * Any thread; one call at a time per Progress.
 */
Splits loadSplits(const DataSources& sources, const ExperimentConfig& config, const Progress& progress);

/**
 * The part of `settings` that decides how the splits load (the image size; the backbone when the model is
 * the head that uses it), with every other setting at its default: a front end opening a dataset before
 * the session starts loads it once, as the session will need it, and never fails on a setting that only
 * the session checks.
 */
ExperimentConfig loadingConfig(const ExperimentConfig& settings);

/** True when `splits` were loaded as `config` asks (the same backbone and image size): else load them again. */
bool splitsFitConfig(const Splits& splits, const ExperimentConfig& config);

/** Refuses a head without a backbone and a backbone without the head, naming the flags (ConfigError). */
void checkModelFitsData(const ExperimentConfig& config);

/** The cache file of `source` for `split` ("train" / "test") under `sources.cacheDir`; empty without one. */
std::string splitCacheFile(const DataSources& sources, const std::string& source, const char* split);

}  // namespace lada
