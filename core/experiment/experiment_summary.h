// SPDX-License-Identifier: MIT
#pragma once

#include "core/experiment/paired_test.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lada {

/**
 * One run of an experiment folder, read from `OUT/runs/<dataset>/<label>/seed-<seed>/result.json` (the
 * results JSON `lada-cli run --out` writes, results_writer.h). Accuracies are fractions in [0, 1], entropies
 * in bits, times in seconds.
 */
struct RunResult {
    std::string dataset;   ///< folder name under runs/ (the grid's dataset name)
    std::string label;     ///< folder name under the dataset (the grid's strategy label, e.g. "lada-entmix-curve")
    std::string strategy;  ///< config.strategy of the file
    uint64_t seed = 0;     ///< config.seed of the file
    std::string file;      ///< the result.json path
    int targetRounds = 0;  ///< config.rounds
    bool complete = false; ///< the last round recorded is targetRounds
    std::vector<int64_t> labeled;  ///< per recorded round (round 0 first)
    std::vector<double> accuracy;  ///< test_accuracy per recorded round
    double bestAccuracy = 0.0, areaUnderCurve = 0.0, finalAccuracy = 0.0;  ///< the file's summary
    double secondsPerRound = 0.0;  ///< mean over rounds >= 1 of the sum of the round's stage seconds
    /** Mixing strategies only (empty otherwise), one entry per round >= 1: */
    std::vector<double> tauMedian, tauP25, tauP75;  ///< tau_quantiles p50, p25, p75 of the round's pairs
    std::vector<double> meanVirtualEntropy;         ///< mean_virtual_score of the round (bits)
    std::vector<double> virtualEntropies;           ///< every round's virtual_score_all, concatenated (Fig. 7b)
};

/** Mean and sample standard deviation (n - 1; 0 for one value) over seeds. */
struct SeedStat {
    double mean = 0.0, sd = 0.0;
    int n = 0;
};

/** Per-round mean ± std over seeds of one strategy, for the plots (rounds every complete seed has). */
struct RoundBand {
    std::vector<double> x;     ///< labeled count (accuracy) or round number (tau, entropy)
    std::vector<double> mean;  ///< accuracy in %, tau, or bits
    std::vector<double> low;   ///< mean - sd (accuracy, entropy) or the pooled 25th percentile (tau)
    std::vector<double> high;  ///< mean + sd, or the pooled 75th percentile
};

/** One row of the summary table: a (dataset, label) group over its complete seeds. */
struct StrategySummary {
    std::string dataset, label, strategy;
    std::vector<uint64_t> seeds;      ///< complete seeds, ascending
    int incomplete = 0;               ///< runs of the group not finished yet (not in the statistics)
    SeedStat bestAccuracy, areaUnderCurve, finalAccuracy, secondsPerRound;  ///< accuracies as fractions
    /** secondsPerRound.mean / that of the dataset's "random" group; unset without one. */
    std::optional<double> secondsRatioToRandom;
    /**
     * strategy - baseline over the seeds both have complete (pairedTest on AUC and on best accuracy);
     * unset for the baseline itself and when fewer than 2 seeds are shared.
     */
    std::optional<PairedTest> aucVsBaseline, bestVsBaseline;
    RoundBand accuracyCurve;    ///< accuracy (%) vs labeled, mean ± sd (Fig. 4)
    RoundBand tauPerRound;      ///< median tau* per round (median over seeds of the round medians), with IQR
    RoundBand virtualEntropy;   ///< mean virtual-instance entropy per round (bits), mean ± sd (Fig. 7a)
    std::vector<double> virtualEntropies;  ///< every virtual_score_all value of every seed (Fig. 7b)
};

/** Everything `lada-cli experiment` reports about an output folder. */
struct ExperimentSummary {
    std::string folder;    ///< the experiment folder
    std::string baseline;  ///< label the paired tests compare against ("entropy" by default)
    std::vector<StrategySummary> rows;  ///< by dataset, then in the grid's order (grid.json), else by label
    std::vector<std::string> problems;  ///< result files that could not be read, with the reason
};

/**
 * Reads every `runs/<dataset>/<label>/seed-<n>/result.json` under `folder` and aggregates them as above.
 * An unreadable or malformed file is listed in `problems` and skipped. Throws lada::DataError when `folder`
 * has no runs/ folder. Thread: any; reads files only.
 */
ExperimentSummary summarizeExperiment(const std::string& folder, const std::string& baseline = "entropy");

/**
 * Writes `summary.csv` (one row per group: dataset, label, strategy, seeds, mean and sd of best, AUC and
 * final accuracy in %, seconds per round, ratio to random, the paired AUC and best-accuracy differences to
 * the baseline in percentage points with their t and Wilcoxon p-values) and `summary.md` (the same as a
 * Markdown table per dataset, "mean ± sd" cells) into `folder`, each through a temporary file renamed into
 * place. Throws lada::Error naming the file when it cannot be written.
 */
void writeSummaryTables(const ExperimentSummary& summary, const std::string& folder);

/** The Markdown table text writeSummaryTables puts in summary.md. */
std::string summaryMarkdown(const ExperimentSummary& summary);

}  // namespace lada
