// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lada {

/** How a split is decoded. Zero means "decide from the data". */
struct LoadOptions {
    int channels = 0;  ///< 1 or 3; 0 = the most common channel count in the split
    int height = 0;    ///< 0 = the most common image size in the split
    int width = 0;
    int maxSide = 0;  ///< with height 0: when the most common size's long side exceeds it, decode at maxSide x maxSide
    int threads = 0;  ///< decode threads; 0 = std::thread::hardware_concurrency()
    std::vector<std::string> classNames;  ///< fixed class list (a test split uses the training split's);
                                          ///< empty = discover (sorted sub-folder names / sorted labels)
    bool allowUnlabeled = false;          ///< a flat folder of images becomes a split with labels -1
    std::string cacheFile;                ///< if set: read it when it is valid for `source`, else decode
                                          ///< and write it (see dataset_cache.h)
    std::function<void(int64_t done, int64_t total)> progress;  ///< called from the calling thread
    const std::atomic<bool>* cancel = nullptr;                  ///< set -> throws lada::Cancelled
};

}  // namespace lada
