// SPDX-License-Identifier: MIT
#include "core/experiment/paired_test.h"

#include "core/error.h"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace lada {

namespace {

/** Ranks 1..n of `values` (ascending), ties given their mean rank (scipy.stats.rankdata "average"). */
std::vector<double> averageRanks(const std::vector<double>& values)
{
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
            ++j;
        const double rank = 0.5 * static_cast<double>(i + j) + 1.0;
        for (std::size_t k = i; k <= j; ++k)
            ranks[order[k]] = rank;
        i = j + 1;
    }
    return ranks;
}

/** How many of the 2^n sign patterns give W+ = s, for s = 0 .. n(n+1)/2 (ranks 1..n). */
std::vector<double> signedRankCounts(int n)
{
    std::vector<double> counts(static_cast<std::size_t>(n * (n + 1) / 2 + 1), 0.0);
    counts[0] = 1.0;
    int top = 0;
    for (int rank = 1; rank <= n; ++rank) {
        top += rank;
        for (int s = top; s >= rank; --s)
            counts[static_cast<std::size_t>(s)] += counts[static_cast<std::size_t>(s - rank)];
    }
    return counts;
}

void wilcoxon(std::vector<double> d, PairedTest& out)
{
    const bool anyZero = std::any_of(d.begin(), d.end(), [](double v) { return v == 0.0; });
    out.wilcoxonExact = d.size() <= 50 && !anyZero;
    if (!out.wilcoxonExact)
        d.erase(std::remove(d.begin(), d.end(), 0.0), d.end());
    const int n = static_cast<int>(d.size());
    if (n == 0) {
        out.wilcoxonW = 0.0;
        out.wilcoxonPValue = 1.0;
        return;
    }
    std::vector<double> magnitude(d.size());
    std::transform(d.begin(), d.end(), magnitude.begin(), [](double v) { return std::fabs(v); });
    const std::vector<double> ranks = averageRanks(magnitude);
    double plus = 0.0, minus = 0.0;
    for (std::size_t i = 0; i < d.size(); ++i)
        (d[i] > 0 ? plus : minus) += ranks[i];
    out.wilcoxonW = std::min(plus, minus);

    if (out.wilcoxonExact) {
        const std::vector<double> counts = signedRankCounts(n);
        const double total = std::ldexp(1.0, n);
        const auto r = static_cast<std::size_t>(plus);  // scipy truncates a tied W+ to an integer
        if (r == (counts.size() - 1) / 2) {
            out.wilcoxonPValue = 1.0;
            return;
        }
        const double less = std::accumulate(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(r) + 1, 0.0);
        const double greater = std::accumulate(counts.begin() + static_cast<std::ptrdiff_t>(r), counts.end(), 0.0);
        out.wilcoxonPValue = std::min(1.0, 2.0 * std::min(less, greater) / total);
        return;
    }
    const double nn = n;
    const double mean = nn * (nn + 1.0) * 0.25;
    double variance = nn * (nn + 1.0) * (2.0 * nn + 1.0);
    std::vector<double> sorted = ranks;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j < sorted.size() && sorted[j] == sorted[i])
            ++j;
        const double tied = static_cast<double>(j - i);
        if (tied > 1)
            variance -= 0.5 * tied * (tied * tied - 1.0);
        i = j;
    }
    const double z = (out.wilcoxonW - mean) / std::sqrt(variance / 24.0);
    out.wilcoxonPValue =
        std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(z))));
}

}  // namespace

PairedTest pairedTest(const std::vector<double>& strategy, const std::vector<double>& baseline)
{
    if (strategy.size() != baseline.size())
        throw ConfigError("paired test: " + std::to_string(strategy.size()) + " values against " +
                          std::to_string(baseline.size()) + " (one per seed on both sides)");
    if (strategy.size() < 2)
        throw ConfigError("paired test: needs at least 2 seeds, got " + std::to_string(strategy.size()));
    PairedTest out;
    out.pairs = static_cast<int>(strategy.size());
    std::vector<double> d(strategy.size());
    for (std::size_t i = 0; i < d.size(); ++i)
        d[i] = strategy[i] - baseline[i];
    out.nonZero = static_cast<int>(std::count_if(d.begin(), d.end(), [](double v) { return v != 0.0; }));
    const double n = static_cast<double>(d.size());
    out.meanDifference = std::accumulate(d.begin(), d.end(), 0.0) / n;
    double squares = 0.0;
    for (double v : d)
        squares += (v - out.meanDifference) * (v - out.meanDifference);
    out.sdDifference = std::sqrt(squares / (n - 1.0));
    if (out.sdDifference > 0.0) {
        out.t = out.meanDifference / (out.sdDifference / std::sqrt(n));
        const boost::math::students_t distribution(n - 1.0);
        out.tPValue = 2.0 * boost::math::cdf(boost::math::complement(distribution, std::fabs(out.t)));
    } else {
        out.t = std::numeric_limits<double>::quiet_NaN();
        out.tPValue = out.meanDifference == 0.0 ? 1.0 : 0.0;
    }
    wilcoxon(d, out);
    return out;
}

}  // namespace lada
