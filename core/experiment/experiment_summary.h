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
 * in bits, times in seconds. Per-round vectors are indexed by position: the file's rounds must be numbered
 * 0, 1, 2, ... in order (readRunResult refuses a file whose rounds are not).
 */
struct RunResult {
    std::string dataset;    ///< folder name under runs/ (the grid's dataset name)
    std::string label;      ///< folder name under the dataset (the grid's strategy label, e.g. "lada-entmix-curve")
    std::string strategy;   ///< config.strategy of the file
    uint64_t seed = 0;      ///< config.seed of the file (it must match the folder's seed-<n>)
    std::string file;       ///< the result.json path
    int targetRounds = 0;   ///< config.rounds
    bool complete = false;  ///< the last round recorded is targetRounds
    std::vector<int64_t> labeled;  ///< per recorded round (round 0 first)
    std::vector<double> accuracy;  ///< test_accuracy per recorded round (NaN where the file has null)
    double bestAccuracy = 0.0, areaUnderCurve = 0.0, finalAccuracy = 0.0;  ///< the file's summary
    /**
     * Mean over rounds >= 1 of the round's wall time: seconds.scoring + selection + training + evaluation.
     * The other members of `seconds` (feature_extraction, policy_training, acquisition_scoring) are the parts
     * of "scoring" (ActiveLearner adds them up into it) and are not added again. NaN without a round >= 1.
     */
    double secondsPerRound = 0.0;
    /**
     * Mixing strategies only (empty when no round has tau_quantiles / mean_virtual_score), one entry per
     * round >= 1 (entry i is round i + 1), NaN for a round without the member:
     */
    std::vector<double> tauMedian, tauP25, tauP75;  ///< tau_quantiles p50, p25, p75 of the round's pairs
    std::vector<double> meanVirtualEntropy;         ///< mean_virtual_score of the round (bits)
    /**
     * Every round's virtual_score_all, concatenated (Fig. 7b; nulls left out). The writer keeps only the
     * quantiles of a round with more than 200 pairs: such a round's values cannot be pooled and are counted
     * in virtualEntropiesOmitted instead.
     */
    std::vector<double> virtualEntropies;
    int virtualEntropiesOmitted = 0;  ///< rounds whose virtual_score_all holds quantiles, not the values
};

/**
 * Reads one result file. `dataset` and `label` are copied into the result; `expectedSeed`, when set (the
 * folder's seed-<n>), must equal config.seed. Throws lada::DataError naming the file and the member that is
 * missing or of the wrong type (never quoting the file's text at length), for text that is not JSON, and
 * for a file over 256 MiB. Thread: any.
 */
RunResult readRunResult(const std::string& file, const std::string& dataset, const std::string& label,
                        std::optional<uint64_t> expectedSeed = std::nullopt);

/** Mean and sample standard deviation (n - 1; 0 for one value) over seeds; n = 0 (mean NaN) for none. */
struct SeedStat {
    double mean = 0.0, sd = 0.0;
    int n = 0;
};

/**
 * One curve per strategy for the plots, over the rounds every complete seed has (0 .. the smallest last
 * round). A round where no seed has a value (null accuracy, no tau) is left out, so x may skip values.
 */
struct RoundBand {
    std::vector<double> x;     ///< labeled count (accuracy; mean over seeds) or round number (tau, entropy)
    std::vector<double> mean;  ///< accuracy in %, tau, or bits
    std::vector<double> low;   ///< mean - sd (accuracy, entropy) or the median over seeds of the p25s (tau)
    std::vector<double> high;  ///< mean + sd, or the median over seeds of the p75s
};

/** One row of the summary table: a (dataset, label) group over its complete seeds. */
struct StrategySummary {
    std::string dataset, label, strategy;
    /**
     * The virtual-instance score is an entropy in bits (LADA-EntMix, its fixed-tau ablation, the pipelined
     * baseline); false for the variation-ratio strategies (lada-varmix*), whose score is 1 - max p and does not
     * belong on an entropy axis (Fig. 7).
     */
    bool virtualScoreIsEntropy = true;
    std::vector<uint64_t> seeds;  ///< complete seeds, ascending
    /** Runs of the group not finished yet (not in the statistics): last round < config.rounds, or a
     *  seed-<n> folder without result.json. */
    int incomplete = 0;
    SeedStat bestAccuracy, areaUnderCurve, finalAccuracy, secondsPerRound;  ///< accuracies as fractions
    /** secondsPerRound.mean / that of the dataset's "random" group; unset without one (1 for random). */
    std::optional<double> secondsRatioToRandom;
    /**
     * strategy - baseline over the seeds both have complete (pairedTest on AUC and on best accuracy, as
     * fractions); unset for the baseline itself, without a baseline group in the dataset, and when fewer
     * than 2 seeds are shared.
     */
    std::optional<PairedTest> aucVsBaseline, bestVsBaseline;
    RoundBand accuracyCurve;  ///< accuracy (%) vs labeled, mean ± sd (Fig. 4)
    /** tau* per round: median over seeds of the round's p50; low/high = median over seeds of p25 / p75. */
    RoundBand tauPerRound;
    RoundBand virtualEntropy;              ///< mean virtual-instance entropy per round (bits), mean ± sd (Fig. 7a)
    std::vector<double> virtualEntropies;  ///< every virtual_score_all value of every complete seed (Fig. 7b)
    int virtualEntropiesOmitted = 0;       ///< rounds stored as quantiles only (RunResult), not in the pool
};

/** Everything `lada-cli experiment` reports about an output folder. */
struct ExperimentSummary {
    std::string folder;    ///< the experiment folder
    std::string baseline;  ///< label the paired tests compare against ("entropy" by default)
    /**
     * One row per (dataset, label) folder holding at least one readable or unfinished run. Datasets and
     * labels follow grid.json's "datasets" and "labels" arrays (strings, or objects with a "name" / "label"
     * string) when the folder has one; names it does not list follow, alphabetically. Without grid.json,
     * alphabetically.
     */
    std::vector<StrategySummary> rows;
    /** "<file>: <reason>" for each result file that could not be read, a seed folder that disagrees with
     *  its file, and an unreadable grid.json. */
    std::vector<std::string> problems;
};

/**
 * Reads every `runs/<dataset>/<label>/seed-<n>/result.json` under `folder` and aggregates them as above:
 * statistics over each group's complete seeds, paired tests against `baseline`'s group of the same dataset,
 * seconds per round relative to the dataset's "random" group. An unreadable or malformed file is listed in
 * `problems` and skipped; files are only read, so a folder an experiment is still writing can be
 * summarized (the runner renames result files into place). Throws lada::DataError when `folder` has no
 * runs/ folder. Thread: any.
 */
ExperimentSummary summarizeExperiment(const std::string& folder, const std::string& baseline = "entropy");

/**
 * Writes `summary.csv` (one row per group: dataset, label, strategy, seeds, mean and sd of best, AUC and
 * final accuracy in %, seconds per round, ratio to random, the paired AUC and best-accuracy differences to
 * the baseline in percentage points with their t and Wilcoxon p-values) and `summary.md` (the same as a
 * Markdown table per dataset, "mean ± sd" cells) into `folder`, each through a temporary file renamed into
 * place (writeFileAtomically). Percentages have 2 decimals, seconds and ratios 2, p-values 3 significant
 * digits; an unset value is an empty CSV cell and "—" in Markdown, and a group of one seed shows no sd. The CSV's header names the columns;
 * numbers are written without the locale (always '.'). Throws lada::Error naming the file when it cannot be
 * written.
 */
void writeSummaryTables(const ExperimentSummary& summary, const std::string& folder);

/**
 * The text writeSummaryTables puts in summary.md: per dataset a `### <dataset>` line, a table (strategy
 * (label), seeds, best %, AUC %, final %, s/round, × random, ΔAUC vs <baseline> (pp), p (t), p (Wilcoxon))
 * and a line naming the baseline and the exact Wilcoxon test's floor (5 seeds cannot reach p < 0.0625);
 * then the problems, if any.
 */
std::string summaryMarkdown(const ExperimentSummary& summary);

/** The text writeSummaryTables puts in summary.csv (a header record first; CRLF line ends, RFC 4180). */
std::string summaryCsv(const ExperimentSummary& summary);

}  // namespace lada
