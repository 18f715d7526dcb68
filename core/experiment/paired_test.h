// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

namespace lada {

/**
 * A strategy against a baseline over the same seeds (issue 13's summary table): the paired differences
 * `strategy[i] - baseline[i]` (accuracy, AUC, ...), their mean, and two two-sided tests of "no difference".
 *
 * - Paired t-test: t = mean(d) / (sd(d) / sqrt(n)), sd with n - 1, p from Student's t with n - 1 degrees of
 *   freedom (Boost.Math), as scipy.stats.ttest_rel.
 * - Wilcoxon signed-rank test, as scipy.stats.wilcoxon with its defaults (scipy 1.10: zero_method "wilcox",
 *   no continuity correction, method "auto"): W = min(W+, W-) over the ranks of |d| (ties get their mean
 *   rank; differences are compared exactly, as floats). Exact p (the null distribution of W+ counted over
 *   the 2^n sign patterns) when n <= 50 and no difference is zero; otherwise the zero differences are
 *   dropped and p comes from the normal approximation with the tie correction.
 *
 * With 5 seeds the exact Wilcoxon p is never below 2 / 32 = 0.0625: five seeds cannot show a difference at
 * the 5 % level with this test, whatever the numbers.
 */
struct PairedTest {
    int pairs = 0;                ///< seeds compared
    int nonZero = 0;              ///< differences that are not zero
    double meanDifference = 0.0;  ///< mean of strategy - baseline
    double sdDifference = 0.0;    ///< sample standard deviation (n - 1) of the differences
    double t = 0.0;               ///< paired t statistic (NaN when the differences do not vary)
    double tPValue = 1.0;         ///< two-sided
    double wilcoxonW = 0.0;       ///< min(W+, W-)
    double wilcoxonPValue = 1.0;  ///< two-sided
    bool wilcoxonExact = false;   ///< exact null distribution, not the normal approximation
};

/**
 * The paired tests of `strategy` against `baseline` (one value per seed, same order). Throws
 * lada::ConfigError when the lengths differ or there are fewer than 2 pairs.
 */
PairedTest pairedTest(const std::vector<double>& strategy, const std::vector<double>& baseline);

}  // namespace lada
