// SPDX-License-Identifier: MIT
#pragma once
// Splits for the labeling-session tests (tst_labeling_session, tst_review): real MNIST, small.

#include "core/loop/data_sources.h"
#include "test_support.h"

namespace lada::test {

/** 300 training and 100 test images of the MNIST test split (30 + 10 per digit); no test split when asked. */
inline Splits mnistSplits(bool withTest = true)
{
    const Dataset all = mnistSample(40);
    std::vector<int64_t> train, held;
    const auto* y = all.labels.data_ptr<int64_t>();
    std::vector<int> seen(10, 0);
    for (int64_t i = 0; i < all.size(); ++i)
        (seen[static_cast<size_t>(y[i])]++ < 30 ? train : held).push_back(i);
    Splits s;
    s.train = all.subset(torch::tensor(train, torch::kLong));
    if (withTest)
        s.test = all.subset(torch::tensor(held, torch::kLong));
    return s;
}

}  // namespace lada::test
