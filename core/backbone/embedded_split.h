// SPDX-License-Identifier: MIT
#pragma once

#include "core/config/experiment_config.h"
#include "core/data/dataset.h"
#include "core/data/dataset_loader.h"
#include "core/util/progress.h"

#include <cstdint>
#include <string>

namespace lada {

/** What loadEmbeddedSplit did: how many embeddings it computed and how many it found in the cache. */
struct EmbeddingRun {
    int64_t computed = 0;   ///< images run through the backbone by this call
    int64_t fromCache = 0;  ///< images whose embedding was already in the cache file
    int64_t dimension = 0;  ///< D
    double seconds = 0;     ///< wall time of the whole call
};

/**
 * Loads an image split (an ImageFolder tree, a flat folder with `options.allowUnlabeled`, or a CSV
 * manifest) as the embeddings of a frozen backbone: `images` is float16 [N, D, 1, 1], `paths`, `labels`
 * and `classNames` as loadDataset gives them; the pixels are never held (a card decodes its photo from
 * `root/paths[i]`). Each photo is decoded with decodePhotoInto (EXIF, the transform's crop or letterbox),
 * normalised with the transform's mean and std and embedded once, in batches on the calling thread
 * (`threads` decode workers). With `cacheFile`, embeddings go to that EmbeddingCache as they are
 * computed: a complete cache for the same key (the images' fingerprint, the backbone file's hash, the
 * transform) is mapped without loading the model, a partial one is resumed after a cancel or crash, and
 * `images` views the memory-mapped file. Unreadable photos are skipped and listed in `report.skipped`.
 * Reports `phase` (done, total) through `progress`. Throws DataError (the source or the backbone, with the
 * reason), ConfigError, Cancelled.
 */
Dataset loadEmbeddedSplit(const std::string& source, const LoadOptions& options, const BackboneOptions& backbone,
                          const std::string& cacheFile, const std::string& phase, const Progress& progress,
                          EmbeddingRun* run = nullptr);

}  // namespace lada
