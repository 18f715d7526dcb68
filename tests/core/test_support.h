// SPDX-License-Identifier: MIT
#pragma once
// Shared helpers of the core tests: real MNIST data from the extracted shared archive.

#include "core/data/channel_stats.h"
#include "core/data/dataset_loader.h"
#include "session_settings.h"

#include <QString>
#include <QtTest/QtTest>

#include <torch/torch.h>

namespace lada::test {

/** Root of the extracted MNIST PNG archive (train/, test/, train.csv, test.csv). */
inline QString mnistRoot()
{
    return QStringLiteral(LADA_TEST_DATA_DIR "/mnist-png");
}

/** The first `perClass` images of each digit of the MNIST test split: real data, quick to load. */
inline Dataset mnistSample(int perClass, const char* split = "test")
{
    static std::map<std::string, Dataset> cache;
    const std::string key = std::string(split);
    if (!cache.count(key)) {
        LoadOptions options;
        options.cacheFile = std::string(LADA_TEST_DATA_DIR) + "/mnist-" + key + ".ladacache";
        cache[key] = loadDataset((mnistRoot() + "/" + split).toStdString(), options);
    }
    const Dataset& all = cache[key];
    std::vector<int64_t> rows;
    std::vector<int> seen(10, 0);
    const auto* y = all.labels.data_ptr<int64_t>();
    for (int64_t i = 0; i < all.size(); ++i)
        if (seen[static_cast<size_t>(y[i])]++ < perClass)
            rows.push_back(i);
    return all.subset(torch::tensor(rows, torch::kLong));
}

}  // namespace lada::test
