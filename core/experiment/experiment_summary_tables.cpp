// SPDX-License-Identifier: MIT
// The summary's tables: summary.csv (one record per group, for programs) and summary.md (one table per
// dataset, for people and the report).
#include "core/experiment/experiment_summary.h"

#include "core/util/csv.h"
#include "core/util/durable_io.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace lada {

namespace {

constexpr const char* kUnset = "—";

/** `v` with `decimals` decimals, '.' whatever the locale (std::to_chars); "" when not finite. */
std::string fixed(double v, int decimals)
{
    if (!std::isfinite(v))
        return {};
    if (std::fabs(v) < 0.5 * std::pow(10.0, -decimals))
        v = 0.0;  // no "-0.00"
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed, decimals);
    return ec == std::errc() ? std::string(buffer, end) : std::string();
}

/** A p-value with 3 significant digits ("0.250", "0.00674", "1.00"); scientific below 1e-4; "" for NaN. */
std::string pValue(double p)
{
    if (!std::isfinite(p))
        return {};
    if (p == 0.0)
        return "0";
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, p, std::chars_format::scientific, 2);
    const std::string sci(buffer, ec == std::errc() ? end : buffer);
    const double rounded = std::strtod(sci.c_str(), nullptr);  // decide the decimals after rounding
    if (rounded < 1e-4)
        return sci;
    const int exponent = static_cast<int>(std::floor(std::log10(rounded) + 1e-12));
    return fixed(rounded, std::max(0, 2 - exponent));
}

std::string orUnset(const std::string& cell)
{
    return cell.empty() ? kUnset : cell;
}

std::string meanSd(const SeedStat& s, double scale, int decimals)
{
    if (s.n == 0)
        return kUnset;
    if (s.n == 1)  // one seed has no spread to show
        return fixed(scale * s.mean, decimals);
    return fixed(scale * s.mean, decimals) + " ± " + fixed(scale * s.sd, decimals);
}

std::string signedPp(double fraction)
{
    const std::string v = fixed(100.0 * fraction, 2);
    return !v.empty() && v[0] != '-' && v != "0.00" ? "+" + v : v;
}

/** Markdown table cells may not hold '|' or line breaks. */
std::string mdCell(std::string text)
{
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out;
}

std::string strategyCell(const StrategySummary& row)
{
    if (row.strategy.empty() || row.strategy == row.label)
        return mdCell(row.label);
    return mdCell(row.strategy + " (" + row.label + ")");
}

std::string seedsCell(const StrategySummary& row)
{
    std::string cell = std::to_string(row.seeds.size());
    if (row.incomplete > 0)
        cell += " (+" + std::to_string(row.incomplete) + " unfinished)";
    return cell;
}

std::string datasetTable(const ExperimentSummary& summary, const std::string& dataset)
{
    const std::string& base = summary.baseline;
    std::string md = "### " + mdCell(dataset) +
                     "\n\n| strategy (label) | seeds | best % | AUC % | final % | s/round | " + "× random | ΔAUC vs " +
                     mdCell(base) +
                     " (pp) | p (t) | p (Wilcoxon) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    bool hasBaseline = false;
    int pairs = 0;
    for (const StrategySummary& row : summary.rows) {
        if (row.dataset != dataset)
            continue;
        hasBaseline = hasBaseline || (row.label == base && !row.seeds.empty());
        std::string delta = kUnset, tP = kUnset, wP = kUnset;
        if (row.aucVsBaseline) {
            const PairedTest& t = *row.aucVsBaseline;
            pairs = std::max(pairs, t.pairs);
            delta = signedPp(t.meanDifference) + " ± " + fixed(100.0 * t.sdDifference, 2);
            if (static_cast<size_t>(t.pairs) != row.seeds.size())
                delta += " (" + std::to_string(t.pairs) + " seeds)";
            tP = orUnset(pValue(t.tPValue));
            wP = orUnset(pValue(t.wilcoxonPValue));
        }
        md += "| " + strategyCell(row) + " | " + seedsCell(row) + " | " + meanSd(row.bestAccuracy, 100.0, 2) + " | " +
              meanSd(row.areaUnderCurve, 100.0, 2) + " | " + meanSd(row.finalAccuracy, 100.0, 2) + " | " +
              meanSd(row.secondsPerRound, 1.0, 2) + " | " +
              (row.secondsRatioToRandom ? orUnset(fixed(*row.secondsRatioToRandom, 2)) : kUnset) + " | " + delta +
              " | " + tP + " | " + wP + " |\n";
    }
    md += "\n";
    if (!hasBaseline) {
        md += "No finished " + mdCell(base) + " runs in this dataset: no paired differences.\n\n";
        return md;
    }
    md += "Baseline: " + mdCell(base) + ". ΔAUC is strategy − " + mdCell(base) +
          " over the seeds both finished (mean ± sd), tested with the paired t-test and the exact Wilcoxon "
          "signed-rank test, whose two-sided p cannot fall below 2/2^n with n seeds: 5 seeds cannot reach "
          "p < 0.0625.";
    if (pairs > 0 && pairs != 5 && pairs <= 50)
        md += " Here n = " + std::to_string(pairs) + ": p ≥ " + pValue(2.0 / std::ldexp(1.0, pairs)) + ".";
    return md + "\n\n";
}

}  // namespace

std::string summaryMarkdown(const ExperimentSummary& summary)
{
    std::vector<std::string> datasets;  // in the rows' order
    for (const StrategySummary& row : summary.rows)
        if (datasets.empty() || datasets.back() != row.dataset)
            datasets.push_back(row.dataset);
    std::string md;
    for (const std::string& dataset : datasets)
        md += datasetTable(summary, dataset);
    if (datasets.empty())
        md += "No runs yet.\n\n";
    if (!summary.problems.empty()) {
        md += "Not read:\n\n";
        for (const std::string& problem : summary.problems)
            md += "- " + mdCell(problem) + "\n";
        md += "\n";
    }
    return md;
}

std::string summaryCsv(const ExperimentSummary& summary)
{
    std::string csv = formatCsvRow({"dataset",
                                    "label",
                                    "strategy",
                                    "seeds",
                                    "seed_list",
                                    "incomplete",
                                    "best_mean_pct",
                                    "best_sd_pct",
                                    "auc_mean_pct",
                                    "auc_sd_pct",
                                    "final_mean_pct",
                                    "final_sd_pct",
                                    "seconds_per_round_mean",
                                    "seconds_per_round_sd",
                                    "ratio_to_random",
                                    "baseline",
                                    "paired_seeds",
                                    "auc_diff_pp",
                                    "auc_diff_sd_pp",
                                    "auc_t_p",
                                    "auc_wilcoxon_p",
                                    "best_diff_pp",
                                    "best_diff_sd_pp",
                                    "best_t_p",
                                    "best_wilcoxon_p"});
    for (const StrategySummary& row : summary.rows) {
        std::string seedList;
        for (uint64_t seed : row.seeds)
            seedList.append(seedList.empty() ? "" : " ").append(std::to_string(seed));
        const auto stat = [](const SeedStat& s, double scale) {
            return CsvRow{s.n > 0 ? fixed(scale * s.mean, 2) : "", s.n > 1 ? fixed(scale * s.sd, 2) : ""};
        };
        const auto paired = [](const std::optional<PairedTest>& t) {
            if (!t)
                return CsvRow{"", "", "", ""};
            return CsvRow{fixed(100.0 * t->meanDifference, 2), fixed(100.0 * t->sdDifference, 2), pValue(t->tPValue),
                          pValue(t->wilcoxonPValue)};
        };
        CsvRow cells{row.dataset,  row.label,
                     row.strategy, std::to_string(row.seeds.size()),
                     seedList,     std::to_string(row.incomplete)};
        for (const CsvRow& part : {stat(row.bestAccuracy, 100.0), stat(row.areaUnderCurve, 100.0),
                                   stat(row.finalAccuracy, 100.0), stat(row.secondsPerRound, 1.0)})
            cells.insert(cells.end(), part.begin(), part.end());
        cells.push_back(row.secondsRatioToRandom ? fixed(*row.secondsRatioToRandom, 2) : "");
        cells.push_back(summary.baseline);
        cells.push_back(row.aucVsBaseline ? std::to_string(row.aucVsBaseline->pairs) : "");
        for (const CsvRow& part : {paired(row.aucVsBaseline), paired(row.bestVsBaseline)})
            cells.insert(cells.end(), part.begin(), part.end());
        csv += formatCsvRow(cells);
    }
    return csv;
}

void writeSummaryTables(const ExperimentSummary& summary, const std::string& folder)
{
    const std::filesystem::path dir(folder);
    writeFileAtomically((dir / "summary.csv").string(), summaryCsv(summary));
    writeFileAtomically((dir / "summary.md").string(), summaryMarkdown(summary));
}

}  // namespace lada
